package dev.eddy;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Test helpers: loops on a manual clock, and runs with the tests' deadline. A loop on a
 * thread of its own is {@link dev.eddy.testing.LoopOnThread}.
 */
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
}
