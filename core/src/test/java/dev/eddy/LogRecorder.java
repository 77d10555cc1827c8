package dev.eddy;

import dev.eddy.testing.LogCapture;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Test helper: what one loop logs to the loop's logger, "dev.eddy.IOLoop" (loop, futures,
 * timers, channel handlers, watchdog), kept off the console; the public
 * {@link LogCapture#of(String, IOLoop)} with the shorthands these tests use. Use with
 * try-with-resources.
 *
 * <p>Why it filters by loop: every loop logs to the one shared logger, and the suite runs
 * all its tests in one JVM. A loop another test left running (or the watchdog reporting on
 * it, on a loaded machine) may log while this recorder is open; a test that counts warnings
 * must count only its own loop's.
 */
final class LogRecorder implements AutoCloseable {

    private final LogCapture capture;

    private LogRecorder(IOLoop loop) {
        capture = LogCapture.of(IOLoop.LOG.getName(), loop);
    }

    /** Records what {@code loop} logs; records of other loops are ignored. */
    static LogRecorder of(IOLoop loop) {
        return new LogRecorder(loop);
    }

    /** Waits (up to 5 s) until at least {@code n} warnings that match {@code which} were recorded. */
    void awaitWarnings(int n, Predicate<LogRecord> which) throws InterruptedException {
        capture.await(n, r -> isWarning(r) && which.test(r), Duration.ofSeconds(5));
    }

    /** Records at WARNING or above (System.Logger WARNING and ERROR). */
    List<LogRecord> warnings() {
        return capture.records().stream().filter(LogRecorder::isWarning).toList();
    }

    List<LogRecord> all() {
        return capture.records();
    }

    private static boolean isWarning(LogRecord r) {
        return r.getLevel().intValue() >= Level.WARNING.intValue();
    }

    @Override
    public void close() {
        capture.close();
    }
}
