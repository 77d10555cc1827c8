package dev.eddy;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Test helper: a {@link LogCapture} of what one loop logs to the loop's logger,
 * "dev.eddy.IOLoop" (loop, futures, timers, channel handlers, watchdog), kept off the
 * console. Use with try-with-resources.
 *
 * <p>Why it filters by loop: every loop logs to the one shared logger, and the suite runs
 * all its tests in one JVM. A loop another test left running (or its watchdog, on a loaded
 * machine) may log while this recorder is open; a test that counts warnings must count only
 * its own loop's. A record belongs to the loop when it was logged on that loop's thread
 * (callbacks, timers, handlers, done-callbacks all run there) or by that loop's watchdog
 * thread (the shared watchdog names itself {@code <loop>-watchdog} while it reports on a loop).
 * Handlers run on the thread that logs, so the check is exact.
 */
final class LogRecorder implements AutoCloseable {

    private final LogCapture capture;

    private LogRecorder(IOLoop loop) {
        capture = LogCapture.of("dev.eddy.IOLoop").accepting(r ->
                IOLoop.currentOrNull() == loop || Thread.currentThread().getName().equals(loop.name() + "-watchdog"));
    }

    /** Records what {@code loop} logs; records of other loops are ignored. */
    static LogRecorder of(IOLoop loop) {
        return new LogRecorder(loop);
    }

    /** Waits (up to 5 s) until at least {@code n} warnings that match {@code which} were recorded. */
    void awaitWarnings(int n, Predicate<LogRecord> which) throws InterruptedException {
        capture.await(n, r -> r.getLevel().intValue() >= Level.WARNING.intValue() && which.test(r),
                Duration.ofSeconds(5));
    }

    /** Records at WARNING or above (System.Logger WARNING and ERROR). */
    List<LogRecord> warnings() {
        return capture.warnings();
    }

    List<LogRecord> all() {
        return capture.all();
    }

    @Override
    public void close() {
        capture.close();
    }
}
