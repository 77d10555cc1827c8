package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Drives one coroutine: Tornado's {@code gen.Runner}. It owns the coroutine's
 * {@link Continuation} and the {@link Promise} of its result, and resumes the continuation
 * whenever the future the body awaits is done, or when the loop comes round after a
 * {@code moment()}.
 *
 * <pre>
 *   start()  ─ step: body runs ── await(pending f) ── suspend ─┐
 *                                                             │ f done → its done-callback
 *   accept(f) ─ step: body runs on ── moment() ── suspend ─────┤
 *                                                             │ the next loop iteration
 *   run()    ─ step: body runs on ── ... ── returns v ─ result.complete(v)
 * </pre>
 *
 * <p>Loop thread only: every step runs on the loop's thread (on the thread engine, on the
 * body thread standing in for it while the loop thread waits). Being the done-callback
 * itself ({@link Consumer}) means awaiting allocates no callback object; being the loop
 * callback itself ({@link Runnable}) means a moment allocates nothing at all.
 */
final class CoroutineRunner<T> implements Consumer<Future<?>>, Runnable, Continuation.MountHooks {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SUSPENDED = 2;
    private static final int DONE = 3;

    final IOLoop loop;
    final Promise<T> result;
    private final Continuation continuation;
    private int state = NEW;
    private Future<?> awaiting;             // the pending future the body waits for
    private boolean inMoment;               // suspended in moment(); this runner is queued as a loop callback
    private int strayMomentCallbacks;       // queued by a moment() whose suspend threw (pinned, closed)
    private boolean cancelRequested;        // resume with CancellationException at the await
    private boolean cancelDelivered;        // a cancellation is thrown at one suspension, never twice
    private boolean watchingCancel;
    private CoroutineSlot stepSlot;         // the slot of the thread that last stepped it: no lookup per step

    CoroutineRunner(IOLoop loop, ContinuationEngine engine, Callable<? extends T> body) {
        this.loop = loop;
        this.result = new Promise<>(loop);
        this.continuation = engine.create(s -> {
            CoroutineSlot.current().runner = this;  // the body's own thread (thread engine); harmless on native
            try {
                result.tryComplete(body.call());
            } catch (ContinuationClosedError e) {
                throw e;
            } catch (Throwable t) {
                result.tryFail(t);           // exceptions always end up in the future
            }
        }, this);
    }

    /** The coroutine running on the calling thread, or null. */
    static CoroutineRunner<?> current() {
        return CoroutineSlot.current().runner;
    }

    /** The first step, synchronously in the caller (which is on the loop thread). */
    void start() {
        step();
    }

    private void step() {
        if (state == RUNNING || state == DONE) {
            throw new IllegalStateException("coroutine resumed " + (state == DONE ? "after it finished" : "while running")
                    + " (resumed twice?): " + this);
        }
        CoroutineSlot slot = stepSlot;
        if (slot == null || slot.thread != Thread.currentThread()) {
            slot = CoroutineSlot.currentForStart();
            stepSlot = slot;
        }
        CoroutineRunner<?> outer = slot.runner;
        slot.runner = this;
        state = RUNNING;
        boolean suspended = false;
        try {
            suspended = continuation.resume();
        } catch (Throwable t) {
            result.tryFail(t);               // e.g. the engine could not start a thread
        } finally {
            slot.runner = outer;
            state = suspended ? SUSPENDED : DONE;
        }
    }

    /** {@link Coroutine#await}: the body side. */
    <V> V await(Future<V> f) {
        checkOwnBody("await");
        if (!f.isDone()) {
            suspendUntilDone(f);
        }
        return f.join();        // unchecked failures as they are, checked ones in CompletionException
    }

    /**
     * {@link Coroutine#moment}: the body side. Tornado's runner special-cases
     * {@code gen.moment} the same way: no future to await, the runner just queues its own
     * resumption as one loop callback, which runs after every callback already queued.
     * Only that callback ends a moment (the cancel watcher leaves a moment alone), so it
     * is never stale: a cancellation that arrived meanwhile is thrown here when it runs.
     * If the suspension itself fails, the callback is already queued: it is counted as
     * stray and ignored when it runs (callbacks run in order, so it comes before any later one).
     */
    void moment() {
        checkOwnBody("moment");
        loop.addCallback(this);
        inMoment = true;
        boolean suspended = false;
        try {
            continuation.suspendCurrent();      // checkOwnBody has just checked isCurrent()
            suspended = true;
        } finally {
            inMoment = false;
            if (!suspended) {
                strayMomentCallbacks++;
            }
        }
        throwIfCancelRequested("a moment");
    }

    /** The loop came round after a {@link #moment()} (a loop callback, on the loop thread): resume the body. */
    @Override
    public void run() {
        if (strayMomentCallbacks > 0) {
            strayMomentCallbacks--;         // its moment() never suspended
            return;
        }
        if (!inMoment || state != SUSPENDED) {
            throw new IllegalStateException("coroutine resumed by a moment callback while not in a moment "
                    + "(resumed twice?): " + this);
        }
        inMoment = false;
        if (result.isCancelled() && !cancelDelivered) {
            cancelDelivered = true;
            cancelRequested = true;
        }
        step();
    }

    private void checkOwnBody(String what) {
        if (!continuation.isCurrent()) {
            throw new IllegalStateException("Coroutine." + what + " called inside a generator or continuation nested "
                    + "in the coroutine; only the coroutine's own body can " + what);
        }
    }

    private void suspendUntilDone(Future<?> f) {
        failIfHoldingMonitorOf(f);
        if (!watchingCancel) {
            watchingCancel = true;
            result.addDoneCallback(done -> {
                // In a moment, the moment's own callback throws the cancellation (see moment()).
                if (done.isCancelled() && state == SUSPENDED && !inMoment && !cancelDelivered) {
                    cancelDelivered = true;
                    awaiting = null;
                    cancelRequested = true;
                    step();
                }
            });
        }
        awaiting = f;
        if (f.loop() == loop) {
            f.addDoneCallback(this);
        } else {                            // another loop's future: come back to ours to resume
            f.addDoneCallback(done -> loop.addCallback(() -> accept(done)));
        }
        try {
            continuation.suspendCurrent();      // checkOwnBody has just checked isCurrent()
        } finally {
            awaiting = null;
        }
        throwIfCancelRequested(f);
    }

    private void throwIfCancelRequested(Object where) {
        if (cancelRequested) {
            cancelRequested = false;
            throw new CancellationException("coroutine cancelled while awaiting " + where);
        }
    }

    /**
     * The cheap, always-on part of "never await inside synchronized": the one monitor Eddy
     * can name at an await, the awaited future's. Holding it while suspended would let the
     * next coroutine that locks it hang the loop on JDK 24+. {@link MonitorCheck} finds any
     * monitor, at a price. Only this one is checked because {@code Thread.holdsLock} is a
     * call into the VM, paid at every await that suspends; a moment, which names no future,
     * checks none.
     */
    private static void failIfHoldingMonitorOf(Future<?> f) {
        if (Thread.holdsLock(f)) {
            throw new ContinuationPinnedException(ContinuationPinnedException.Cause.MONITOR,
                    "holding the monitor of " + f + " at an await", null);
        }
    }

    /** The awaited future is done (a done-callback, on the loop thread): resume the body. */
    @Override
    public void accept(Future<?> done) {
        if (done != awaiting || state != SUSPENDED) {
            return;                         // a stale wake-up: the coroutine was cancelled meanwhile
        }
        awaiting = null;
        step();
    }

    // Thread engine: the body thread stands in for the loop thread while it runs.

    @Override
    public void mounted(Thread caller) {
        loop.beginStandIn(caller);
    }

    @Override
    public void unmounted(Thread caller) {
        loop.endStandIn(caller);
    }

    ContinuationEngine engine() {
        return continuation.engine();
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case NEW -> "new";
            case RUNNING -> "running";
            case SUSPENDED -> inMoment ? "in a moment" : "awaiting " + awaiting;
            default -> "done";
        };
        return "Coroutine[" + continuation.engine() + ", " + s + ", result " + result + "]";
    }
}
