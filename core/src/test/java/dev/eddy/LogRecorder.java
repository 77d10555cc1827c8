package dev.eddy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper: records what one loop logs through {@code System.Logger} while it is open,
 * and keeps the loop's logger off the console. With no custom {@code LoggerFinder}
 * installed, the JDK sends {@code System.Logger} output to {@code java.util.logging}, so a
 * handler on the logger of the same name sees every record. Use with try-with-resources.
 *
 * <p>Why it filters by loop: every loop logs to the one shared logger "dev.eddy.IOLoop",
 * and the suite runs all its tests in one JVM. A loop another test left running (or its
 * watchdog, on a loaded machine) may log while this recorder is open; a test that counts
 * warnings must count only its own loop's. A record belongs to the loop when it was logged
 * on that loop's thread (callbacks, timers, handlers, done-callbacks all run there) or by
 * that loop's watchdog thread. Handlers run on the thread that logs, so the check is exact.
 */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;           // a strong reference: JUL loggers are weakly held
    private final boolean parentHandlers;
    private final Level level;
    private final IOLoop loop;
    private final List<LogRecord> records = new ArrayList<>();

    private LogRecorder(String name, IOLoop loop) {
        this.loop = loop;
        logger = Logger.getLogger(name);
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /**
     * Records what {@code loop} logs to the loop's logger, "dev.eddy.IOLoop" (loop, futures,
     * timers, channel handlers, watchdog); records of other loops are ignored.
     */
    static LogRecorder of(IOLoop loop) {
        return new LogRecorder("dev.eddy.IOLoop", loop);
    }

    @Override
    public void publish(LogRecord record) {
        Thread current = Thread.currentThread();
        if (IOLoop.currentOrNull() != loop && current != loop.watchdogThread()) {
            return;             // another loop's record (e.g. one a previous test left running)
        }
        synchronized (this) {
            records.add(record);
            notifyAll();
        }
    }

    /** Waits (up to 5 s) until at least {@code n} warnings that match {@code which} were recorded. */
    synchronized void awaitWarnings(int n, Predicate<LogRecord> which) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (warnings().stream().filter(which).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " warnings, got " + warnings());
            }
            wait(left / 1_000_000 + 1);
        }
    }

    /** Records at WARNING or above (System.Logger WARNING and ERROR). */
    synchronized List<LogRecord> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    synchronized List<LogRecord> all() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parentHandlers);
        logger.setLevel(level);
    }
}
