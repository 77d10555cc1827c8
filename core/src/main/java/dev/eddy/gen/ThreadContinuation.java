package dev.eddy.gen;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.concurrent.locks.LockSupport;

/**
 * A continuation whose body runs on a thread of its own, handing control back and forth with
 * whoever resumes it so that exactly one of the two threads runs at any moment: a strict
 * relay, with a baton.
 *
 * <pre>
 *   caller:  resume() ─ turn=BODY, unpark(body) ─ park ·····················  ─ returns
 *   body:                                      ─ runs ─ suspend(): turn=CALLER, unpark(caller) ─ park
 * </pre>
 *
 * <p>The baton is a volatile {@code turn}: a thread writes its results, then writes
 * {@code turn}; the other reads {@code turn}, then the results. That volatile write/read
 * pair is what makes everything one side did visible to the other (happens-before), so the
 * plain fields here need no locks. {@link LockSupport#park} may return spuriously, hence the
 * loops around it.
 *
 * <p>No leaked threads: the thread ends when the body ends, and {@link #close()} makes a
 * suspended body unwind. A continuation dropped while suspended is noticed by a
 * {@link Cleaner} (the body thread refers only to the {@link Baton}, never to this handle, so
 * the handle can become unreachable), which unwinds its body on the body's own thread:
 * its {@code finally} blocks then run at a moment the GC chooses. Close what you start.
 */
final class ThreadContinuation extends Continuation {

    private final ThreadEngine engine;
    private final Baton baton;

    ThreadContinuation(ThreadEngine engine, Body body, MountHooks hooks) {
        this.engine = engine;
        this.baton = new Baton(engine, body, hooks);
        ThreadEngine.CLEANER.register(this, baton::abandon);
    }

    @Override
    public boolean resume() {
        try {
            return baton.resume(false);
        } finally {
            // Keep this handle alive until the hand-over is over, so the Cleaner cannot take
            // it for abandoned while its own resume is still waiting.
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean isDone() {
        return baton.turn == Baton.DONE;
    }

    @Override
    public boolean isStarted() {
        return baton.thread != null || baton.turn == Baton.DONE;
    }

    @Override
    boolean isCurrent() {
        return Thread.currentThread() == baton.thread && baton.turn == Baton.BODY;
    }

    @Override
    void suspendCurrent() {
        baton.suspend();                // its own check is a thread comparison, nothing to save
    }

    @Override
    public void close() {
        Baton b = baton;
        if (b.turn == Baton.DONE || b.turn == Baton.BODY) {
            return;
        }
        if (b.thread == null) {
            b.turn = Baton.DONE;        // never started: there is no thread to stop
            return;
        }
        try {
            b.resume(true);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public ContinuationEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "ThreadContinuation[" + baton.turn + ", " + baton.thread + "]";
    }

    /** The state shared by caller and body thread. */
    static final class Baton implements Runnable, Suspender {
        /**
         * How long a side spins before parking: {@code -Deddy.continuations.spinNanos}. Spinning
         * pays only when the other thread has a core of its own, so the default is 10 µs on
         * machines with more than two processors and 0 (park at once) on smaller ones, where
         * a spinning thread mostly steals time from the thread it waits for.
         */
        static final long SPIN_NANOS = Long.getLong("eddy.continuations.spinNanos",
                Runtime.getRuntime().availableProcessors() > 2 ? 10_000 : 0);

        static final int NEW = 0;
        static final int BODY = 1;      // the body runs; the caller waits
        static final int CALLER = 2;    // the body is suspended; the caller runs
        static final int DONE = 3;

        private final ThreadEngine engine;
        private final Body body;
        private final MountHooks hooks;
        volatile int turn = NEW;
        volatile Thread thread;
        private Thread caller;          // who resumed it last (null when abandoned)
        private boolean closing;
        private Throwable failure;

        Baton(ThreadEngine engine, Body body, MountHooks hooks) {
            this.engine = engine;
            this.body = body;
            this.hooks = hooks;
        }

        /** Caller side: hand the baton to the body and wait until it hands it back. */
        boolean resume(boolean close) {
            int t = turn;
            if (t == BODY) {
                throw new IllegalStateException("continuation resumed while it is running (resumed twice, "
                        + "or from inside its own body)");
            }
            if (t == DONE) {
                throw new IllegalStateException("continuation already finished");
            }
            Thread me = Thread.currentThread();
            caller = me;
            closing |= close;
            if (thread == null) {
                Thread th = engine.newThread(this);
                thread = th;
                engine.bodyStarted();
                turn = BODY;
                try {
                    th.start();
                } catch (Throwable e) {         // e.g. no more native threads: finished, not stuck "running"
                    engine.bodyEnded();
                    turn = DONE;
                    throw e;
                }
            } else {
                turn = BODY;
                LockSupport.unpark(thread);
            }
            waitWhileTurnIs(BODY);
            caller = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                throw sneakyThrow(f);
            }
            return turn != DONE;
        }

        /** Body thread: the whole life of the body. */
        @Override
        public void run() {
            Thread resumer = caller;
            try {
                if (resumer != null) {
                    hooks.mounted(resumer);
                }
                if (!closing) {
                    body.run(this);
                }
            } catch (ContinuationClosedError e) {
                // the normal end of close()
            } catch (Throwable t) {
                failure = t;
            } finally {
                resumer = caller;
                try {
                    if (resumer != null) {
                        hooks.unmounted(resumer);
                    }
                } finally {
                    engine.bodyEnded();
                    turn = DONE;
                    if (resumer != null) {
                        LockSupport.unpark(resumer);
                    }
                }
            }
        }

        /** Body side: hand the baton back and wait for it. */
        @Override
        public void suspend() {
            if (Thread.currentThread() != thread || turn != BODY) {
                throw new IllegalStateException("suspend() called outside this continuation's body "
                        + "(on " + Thread.currentThread().getName() + ")");
            }
            if (closing) {
                throw new ContinuationClosedError();
            }
            if (MonitorCheck.enabled) {
                MonitorCheck.failIfHoldingMonitors(false);
            }
            Thread resumer = caller;
            hooks.unmounted(resumer);
            turn = CALLER;
            LockSupport.unpark(resumer);
            waitWhileTurnIs(CALLER);
            resumer = caller;
            if (resumer != null) {
                hooks.mounted(resumer);
            }
            if (closing) {
                throw new ContinuationClosedError();
            }
        }

        /**
         * Waits until {@code turn} is no longer {@code value}. It spins first, for at most
         * {@link #SPIN_NANOS}: a hand-over is often only a few hundred nanoseconds away (a
         * generator pulled in a loop, a coroutine resumed one loop iteration later), and a
         * thread that parks must be woken through the kernel, which costs far more. Only then
         * does it park. The volatile read of {@code turn} is the happens-before edge either way.
         */
        private void waitWhileTurnIs(int value) {
            if (turn != value) {
                return;
            }
            if (SPIN_NANOS > 0) {
                spinWhileTurnIs(value);
            }
            while (turn == value) {
                LockSupport.park(this);
            }
        }

        private void spinWhileTurnIs(int value) {
            long start = System.nanoTime();
            for (int i = 1; turn == value; i++) {
                Thread.onSpinWait();
                if ((i & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    return;
                }
            }
        }

        /**
         * Cleaner thread: the handle is unreachable, so nobody can resume it any more. A
         * suspended body is woken to unwind on its own thread; nobody waits for it.
         */
        void abandon() {
            if (turn != CALLER) {
                return;                 // never started, or already finished
            }
            caller = null;
            closing = true;
            turn = BODY;
            LockSupport.unpark(thread);
        }
    }
}
