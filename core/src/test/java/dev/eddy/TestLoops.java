package dev.eddy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Test helpers: loops on a manual clock, and a loop running on a thread of its own. */
final class TestLoops {

    static final Duration DEADLINE = Duration.ofSeconds(5);

    private TestLoops() {
    }

    static IOLoop manual(ManualClock clock) {
        return new IOLoop(LoopOptions.defaults().withName("manual").withClock(clock));
    }

    /** Runs the loop until the task's future is done, failing the test after 5 s. */
    static <T> T sync(IOLoop loop, Supplier<? extends Future<T>> task) {
        return loop.runSync(task, DEADLINE);
    }

    /** A future that succeeds after the loop has run {@code n} more iterations. */
    static Future<Void> turns(IOLoop loop, int n) {
        Promise<Void> p = new Promise<>(loop);
        Runnable[] step = new Runnable[1];
        int[] left = {n};
        step[0] = () -> {
            if (--left[0] <= 0) {
                p.complete(null);
            } else {
                loop.addCallback(step[0]);
            }
        };
        loop.addCallback(step[0]);
        return p;
    }

    /** A loop running on a thread of its own until closed; for cross-thread tests. */
    static final class Background implements AutoCloseable {
        final IOLoop loop;
        final Thread thread;

        Background(IOLoop loop) throws InterruptedException {
            this.loop = loop;
            CountDownLatch started = new CountDownLatch(1);
            loop.addCallback(started::countDown);
            thread = new Thread(loop::run, "background-loop");
            thread.start();
            if (!started.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the loop did not start");
            }
        }

        Background() throws InterruptedException {
            this(new IOLoop(LoopOptions.defaults().withName("background")));
        }

        @Override
        public void close() throws InterruptedException {
            loop.close();
            thread.join(5_000);
            if (thread.isAlive()) {
                throw new AssertionError("the loop thread did not stop");
            }
        }
    }
}
