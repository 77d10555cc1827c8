package dev.eddy.gen;

import static dev.eddy.gen.NativeEngine.Handles.CURRENT;
import static dev.eddy.gen.NativeEngine.Handles.IS_DONE;
import static dev.eddy.gen.NativeEngine.Handles.NEW;
import static dev.eddy.gen.NativeEngine.Handles.RUN;
import static dev.eddy.gen.NativeEngine.Handles.SCOPE;
import static dev.eddy.gen.NativeEngine.Handles.YIELD;

/**
 * A continuation on the JDK's own continuations: {@link #resume()} mounts the saved frames
 * on the caller's stack and runs them; {@link #suspend()} copies the body's frames (from the
 * suspension point up to the body's start) to a heap object and returns to {@code resume}.
 * Nothing here blocks or involves another thread.
 *
 * <p>Never suspend inside {@code synchronized}: see {@link ContinuationPinnedException}.
 * With {@code -Deddy.continuations.checkMonitors=true} a suspension checks first that the
 * body holds no monitor ({@link MonitorCheck}).
 */
final class NativeContinuation extends Continuation implements Continuation.Suspender {

    private final Object cont;          // a jdk.internal.vm.Continuation
    private boolean started;
    private boolean running;
    private boolean closing;
    private Throwable failure;          // what the body threw, handed to resume()

    NativeContinuation(Body body) {
        Runnable target = () -> {
            try {
                if (!closing) {
                    body.run(this);
                }
            } catch (ContinuationClosedError e) {
                // the normal end of close()
            } catch (Throwable t) {
                failure = t;            // never let it cross the JDK's continuation entry frame
            }
        };
        try {
            cont = (Object) NEW.invokeExact(SCOPE, target);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a native continuation", t);
        }
    }

    @Override
    public boolean resume() {
        if (running) {
            throw new IllegalStateException("continuation resumed while it is running (resumed twice, "
                    + "or from inside its own body)");
        }
        if (isDone()) {
            throw new IllegalStateException("continuation already finished");
        }
        started = true;
        running = true;
        try {
            RUN.invokeExact(cont);
        } catch (Throwable t) {
            throw new IllegalStateException("native continuation failed to run", t);
        } finally {
            running = false;
        }
        Throwable f = failure;
        if (f != null) {
            failure = null;
            throw sneakyThrow(f);
        }
        return !isDone();
    }

    @Override
    public void suspend() {
        if (!running || !isCurrent()) {
            throw new IllegalStateException("suspend() called outside this continuation's body "
                    + "(another thread, or a nested continuation's body)");
        }
        suspendCurrent();
    }

    @Override
    void suspendCurrent() {
        if (closing) {
            throw new ContinuationClosedError();
        }
        if (MonitorCheck.enabled) {
            MonitorCheck.failIfHoldingMonitors(true);
        }
        boolean yielded;
        try {
            yielded = (boolean) YIELD.invokeExact(SCOPE);
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith("Pinned")) {
                throw new ContinuationPinnedException(ContinuationPinnedException.causeFromJdkMessage(m), m, e);
            }
            throw e;
        } catch (Throwable t) {
            throw sneakyThrow(t);
        }
        if (!yielded) {
            throw new ContinuationPinnedException(ContinuationPinnedException.Cause.OTHER, "yield returned false", null);
        }
        if (closing) {
            throw new ContinuationClosedError();
        }
    }

    @Override
    public boolean isDone() {
        try {
            return (boolean) IS_DONE.invokeExact(cont);
        } catch (Throwable t) {
            throw sneakyThrow(t);
        }
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    boolean isCurrent() {
        try {
            return (Object) CURRENT.invokeExact(SCOPE) == cont;
        } catch (Throwable t) {
            throw sneakyThrow(t);
        }
    }

    @Override
    public void close() {
        if (isDone() || running) {
            return;
        }
        closing = true;
        // Started: the body sees ContinuationClosedError at its suspension point and unwinds.
        // Not started: the target sees `closing` and returns without running the body.
        resume();
    }

    @Override
    public ContinuationEngine engine() {
        return NativeEngine.INSTANCE;
    }

    @Override
    public String toString() {
        return "NativeContinuation[" + (isDone() ? "done" : running ? "running" : started ? "suspended" : "new") + "]";
    }
}
