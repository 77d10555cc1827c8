package dev.eddy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper: records what Eddy logs through {@code System.Logger} while it is open, and
 * keeps it off the console. With no custom {@code LoggerFinder} installed, the JDK sends
 * {@code System.Logger} output to {@code java.util.logging}, so a handler on the logger of
 * the same name sees every record. Use with try-with-resources.
 */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;           // a strong reference: JUL loggers are weakly held
    private final boolean parentHandlers;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();

    private LogRecorder(String name) {
        logger = Logger.getLogger(name);
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Records the loop's logger, "dev.eddy.IOLoop" (loop, futures, timers, watchdog). */
    static LogRecorder loop() {
        return new LogRecorder("dev.eddy.IOLoop");
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
        notifyAll();
    }

    /** Waits (up to 5 s) until at least {@code n} warnings were recorded. */
    synchronized void awaitWarnings(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (warnings().size() < n) {
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
