package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.function.Supplier;

/** Test helpers: run code on a loop's thread with a deadline, so tests never sleep. */
final class OnLoop {

    static final Duration DEADLINE = Duration.ofSeconds(5);

    private OnLoop() {
    }

    /** Runs {@code body} as one loop callback; assertion errors inside it fail the test. */
    static void run(IOLoop loop, Runnable body) {
        loop.runSync(() -> {
            body.run();
            return Future.succeeded(loop, null);
        }, DEADLINE);
    }

    /** Runs the loop until the future {@code task} returns is done, and returns its value. */
    static <T> T await(IOLoop loop, Supplier<Future<T>> task) {
        return loop.runSync(task, DEADLINE);
    }

    /** Lets the loop run a few turns, so done-callbacks and zero-delay timers have run. */
    static void turns(IOLoop loop) {
        loop.runSync(() -> moment(loop).flatMap(v -> moment(loop)), DEADLINE);
    }

    private static Future<Void> moment(IOLoop loop) {
        return dev.eddy.Futures.moment(loop);
    }
}
