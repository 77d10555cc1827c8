package dev.eddy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper: captures what one named logger records while it is open, and keeps that
 * logger off the console, so a test that expects a log record asserts it instead of
 * printing it. Use with try-with-resources; closing restores the logger as it was.
 *
 * <p>How it sees {@code System.Logger} output: with no custom {@code LoggerFinder}
 * installed, the JDK sends {@code System.Logger} records to {@code java.util.logging}, so a
 * handler on the JUL logger of the same name sees every record. The logger's level is set
 * to ALL while open, so DEBUG records are captured too.
 *
 * <p>Two options: {@link #accepting} keeps only some records (say, those logged on one
 * loop's thread: the suite runs every test in one JVM, and a loop another test left behind
 * may log meanwhile), and {@link #throwing} makes the logger itself fail, to show that code
 * survives a logger that throws. Public so that tests in sub-packages can use it.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;           // a strong reference: JUL loggers are weakly held
    private final boolean parentHandlers;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();
    private volatile Predicate<LogRecord> accept = r -> true;
    private volatile Supplier<? extends Throwable> failure;

    private LogCapture(String name) {
        logger = Logger.getLogger(name);
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Captures the records of the logger named {@code loggerName} (and its children). */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** Keeps only the records {@code which} accepts (tested on the thread that logs). */
    public LogCapture accepting(Predicate<LogRecord> which) {
        this.accept = which;
        return this;
    }

    /**
     * Makes every log call throw what {@code error} supplies (after recording the record),
     * the way a logger fails at the descriptor limit; null makes it record normally again.
     */
    public LogCapture throwing(Supplier<? extends Throwable> error) {
        this.failure = error;
        return this;
    }

    @Override
    public void publish(LogRecord record) {
        if (!accept.test(record)) {
            return;
        }
        synchronized (this) {
            records.add(record);
            notifyAll();
        }
        Supplier<? extends Throwable> f = failure;
        if (f != null) {
            throwUnchecked(f.get());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    /** Every record captured so far, in order. */
    public synchronized List<LogRecord> all() {
        return List.copyOf(records);
    }

    /** Records at WARNING or above (System.Logger WARNING and ERROR). */
    public synchronized List<LogRecord> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    /** The messages of every record captured so far, in order. */
    public synchronized List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** Waits up to {@code deadline} until at least {@code n} captured records match {@code which}. */
    public synchronized List<LogRecord> await(int n, Predicate<LogRecord> which, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<LogRecord> matching = records.stream().filter(which).toList();
            if (matching.size() >= n) {
                return matching;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " matching log records within " + deadline
                        + ", got " + messages());
            }
            wait(left / 1_000_000 + 1);
        }
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
