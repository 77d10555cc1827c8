package dev.eddy.jmh;

import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shared pieces of the loop benchmarks, so that Eddy and its anchors (Netty's event loop,
 * the JDK's executors, see {@link NettyLoops}) do exactly the same work per operation:
 * batches of {@link #N} operations per invocation, one pre-allocated driver task submitted
 * to the loop, and a volatile flag the benchmark thread spins on (no latch or future in the
 * measured path: at 1000 × ~10 ns they would dominate). Not a benchmark.
 */
final class BenchLoops {

    /** Operations per invocation, for Eddy and the anchors alike. */
    static final int N = 1000;

    private BenchLoops() {
    }

    /** A loop running on its own thread, already through its first iteration. */
    static IOLoop startedLoop(String name) {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName(name));
        Thread t = new Thread(loop::run, name);
        t.setDaemon(true);
        t.start();
        start(loop);
        return loop;
    }

    /** Runs one task on the executor and waits, so its thread is up before measuring. */
    static void start(Executor ex) {
        Flag f = new Flag();
        ex.execute(f);
        f.await();
    }

    /** Stops a JDK executor used as the baseline, waiting for its thread to end. */
    static void shutdown(ExecutorService ex) throws InterruptedException {
        ex.shutdownNow();
        ex.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A task that raises a volatile flag; the submitting thread spins on it. */
    static final class Flag implements Runnable {
        volatile boolean done;

        @Override
        public void run() {
            done = true;
        }

        void reset() {
            done = false;
        }

        void await() {
            while (!done) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Counts its runs (a plain int: only the worker thread writes it during a batch) and
     * raises a volatile flag on the {@code target}-th.
     */
    static final class CountingTask implements Runnable {
        final int target;
        int count;
        volatile boolean done;

        CountingTask(int target) {
            this.target = target;
        }

        @Override
        public void run() {
            if (++count == target) {
                done = true;
            }
        }

        void reset() {
            count = 0;
            done = false;
        }

        void await() {
            while (!done) {
                Thread.onSpinWait();
            }
        }
    }
}
