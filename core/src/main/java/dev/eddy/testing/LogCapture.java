package dev.eddy.testing;

import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Captures what a logger emits during a test, keeps it off the console, and checks that
 * what the test expected was logged: Tornado's {@code ExpectLog}, for
 * {@code System.Logger} and {@code java.util.logging}.
 *
 * <pre>
 *   try (LogCapture log = LogCapture.of("dev.eddy.IOLoop", loop)
 *           .expect(System.Logger.Level.ERROR, "callback .* failed")) {
 *       ...                                   // code that logs the error
 *   }                                         // close() fails the test if it was not logged
 * </pre>
 *
 * <p>How: with no custom {@code System.LoggerFinder} installed, the JDK sends
 * {@code System.Logger} records to {@code java.util.logging}, so a {@link Handler} on the
 * logger of the same name sees them, and those of its children ({@code "dev.eddy"} sees every
 * Eddy logger). While the capture is open the logger logs at every level to this handler
 * only; {@link #close()} puts its level and parent handlers back. An application that routes
 * {@code System.Logger} elsewhere (SLF4J's bridge, say) logs past it.
 *
 * <p>Why a loop filter: every loop logs to the same loggers, and a test suite runs its tests
 * in one JVM; a loop another test left running may log meanwhile. {@link #of(String, IOLoop)}
 * keeps only the records logged on that loop's thread (its callbacks, timers, handlers and
 * done-callbacks all run there) or by its watchdog (the thread named after the loop).
 *
 * <p>Thread-safe: records arrive on whichever thread logs.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private final Logger logger;            // a strong reference: JUL holds loggers weakly
    private final boolean parentHandlers;
    private final Level level;
    private final Predicate<Thread> fromThread;
    private final List<LogRecord> records = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private boolean closed;

    private record Expectation(Level level, Pattern pattern) {
        boolean matches(LogRecord r) {
            return r.getLevel().equals(level) && pattern.matcher(textOf(r)).find();
        }

        @Override
        public String toString() {
            return level + " matching /" + pattern + "/";
        }
    }

    private LogCapture(String loggerName, Predicate<Thread> fromThread) {
        this.fromThread = fromThread;
        this.logger = Logger.getLogger(loggerName);
        this.parentHandlers = logger.getUseParentHandlers();
        this.level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /**
     * Captures every record of {@code loggerName} and its children, from any thread.
     *
     * @param loggerName e.g. {@code "dev.eddy"}
     * @return the open capture; close it to restore the logger
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName, t -> true);
    }

    /**
     * Captures the records of {@code loggerName} (and children) that {@code loop} logs; see the class comment.
     *
     * @param loggerName e.g. {@code "dev.eddy"}
     * @param loop       whose records to keep
     * @return the open capture; close it to restore the logger
     */
    public static LogCapture of(String loggerName, IOLoop loop) {
        String watchdog = loop.name() + "-watchdog";
        return new LogCapture(loggerName, t -> IOLoop.currentOrNull() == loop || t.getName().equals(watchdog));
    }

    /**
     * Expects at least one record at {@code level} whose message (formatted, with its
     * exception's {@code toString} appended) contains a match of {@code regex}; checked by
     * {@link #close()}. Returns this capture, so expectations chain.
     *
     * @param level the record's level, exactly
     * @param regex found somewhere in the record's text
     * @return this capture
     */
    public LogCapture expect(System.Logger.Level level, String regex) {
        synchronized (this) {
            expectations.add(new Expectation(julLevel(level), Pattern.compile(regex)));
        }
        return this;
    }

    @Override
    public void publish(LogRecord record) {
        if (!fromThread.test(Thread.currentThread())) {
            return;
        }
        synchronized (this) {
            records.add(record);
            notifyAll();
        }
    }

    /**
     * Every record captured so far, in order.
     *
     * @return a copy of the records
     */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /**
     * The text of every record captured so far (see {@link #expect}), in order.
     *
     * @return one string per record
     */
    public synchronized List<String> messages() {
        return records.stream().map(LogCapture::textOf).toList();
    }

    /**
     * The records at {@code atLeast} or above whose text contains a match of {@code regex}.
     *
     * @param atLeast the lowest level to include
     * @param regex   found somewhere in the record's text
     * @return the matching records, in order
     */
    public synchronized List<LogRecord> matching(System.Logger.Level atLeast, String regex) {
        int min = julLevel(atLeast).intValue();
        Pattern p = Pattern.compile(regex);
        return records.stream().filter(r -> r.getLevel().intValue() >= min && p.matcher(textOf(r)).find()).toList();
    }

    /**
     * Waits up to {@code timeout} (real time) until {@code n} records at {@code atLeast} or
     * above match {@code regex}: for records logged by another thread, such as a watchdog.
     *
     * @param n       how many records to wait for
     * @param atLeast the lowest level to count
     * @param regex   found somewhere in the record's text
     * @param timeout real time to wait
     * @return the matching records
     * @throws AssertionError when they did not come in time, listing what did
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public List<LogRecord> await(int n, System.Logger.Level atLeast, String regex, Duration timeout)
            throws InterruptedException {
        int min = julLevel(atLeast).intValue();
        Pattern p = Pattern.compile(regex);
        return awaitRecords(n, r -> r.getLevel().intValue() >= min && p.matcher(textOf(r)).find(), timeout,
                "records at " + atLeast + " matching /" + regex + "/");
    }

    /**
     * Waits up to {@code timeout} (real time) until {@code n} captured records satisfy
     * {@code which}: for a test that checks more than the text, say the stack a record carries.
     *
     * @param n       how many records to wait for
     * @param which   the records to count
     * @param timeout real time to wait
     * @return the records that satisfy {@code which}, in order
     * @throws AssertionError when they did not come in time, listing what did
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public List<LogRecord> await(int n, Predicate<LogRecord> which, Duration timeout)
            throws InterruptedException {
        return awaitRecords(n, which, timeout, "matching records");
    }

    /** Waits until {@code n} records satisfy {@code which}; {@code what} names them in the failure. */
    private synchronized List<LogRecord> awaitRecords(int n, Predicate<LogRecord> which, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LogRecord> found;
        while ((found = records.stream().filter(which).toList()).size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " " + what + " within " + timeout + ", got " + messages());
            }
            wait(left / 1_000_000 + 1);
        }
        return found;
    }

    /** The text a record is matched against: its formatted message, then its exception, if any. */
    static String textOf(LogRecord r) {
        String message = FORMATTER.formatMessage(r);
        return r.getThrown() == null ? message : message + " " + r.getThrown();
    }

    /** The {@code java.util.logging} level the JDK maps a {@code System.Logger} level to. */
    static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL -> Level.ALL;
            case TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    @Override
    public void flush() {
    }

    /**
     * Stops capturing and restores the logger, then checks the expectations: throws an
     * {@link AssertionError} naming each one no record met, with what was logged instead.
     * Closing twice does nothing.
     */
    @Override
    public void close() {
        List<Expectation> unmet = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            logger.removeHandler(this);
            logger.setUseParentHandlers(parentHandlers);
            logger.setLevel(level);
            for (Expectation e : expectations) {
                if (records.stream().noneMatch(e::matches)) {
                    unmet.add(e);
                }
            }
        }
        if (!unmet.isEmpty()) {
            throw new AssertionError("expected log records not logged to '" + logger.getName() + "': " + unmet
                    + "; logged instead: " + messages());
        }
    }
}
