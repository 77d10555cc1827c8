package dev.eddy.internal;


import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Logs one kind of error at a bounded rate: the first occurrence in full, with its stack
 * trace, then at most one summary line per interval while the same error keeps coming back,
 * such as {@code accept on /127.0.0.1:8080 failed 511 more times in the last 10 s:
 * java.io.IOException: Too many open files}.
 *
 * <p>Why it exists: the errors that repeat fastest are the ones a loop survives by retrying:
 * an {@code accept} at the descriptor limit fails ten times a second for as long as the
 * limit is hit. Logging each with its stack buries the first, useful record under thousands
 * of copies and, worse, spends the scarce resource (disk, descriptors, time) that is already
 * short. One record says what happened; the summaries say that it goes on.
 *
 * <p>"The same error" means the same exception class, message and top stack frame. A
 * different error is logged in full at once (after the summary of the one before it, if
 * copies of that one are still uncounted). The summary is written by a timer on the loop
 * when the interval ends, so copies are counted even if the errors then stop; an error that
 * comes back after a quiet interval is logged in full again.
 *
 * <p>Every line goes through {@link SafeLog}, so logging here never throws. One instance per
 * place that logs (per loop); loop thread only. Not API: public only for sibling packages.
 */
public final class RepeatedErrorLog {

    static {
        SafeLog.load();     // now, not at the descriptor limit (see SafeLog)
    }

    /** The default interval between two lines about the same error. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final LongSupplier clock;
    private final Timers timers;
    private final Logger logger;
    private final Level level;
    private final String what;
    private final long intervalNanos;
    private final Runnable flush = this::flush;

    // the error being counted: null type when none
    private Class<?> type;
    private String message;
    private StackTraceElement topFrame;
    private Throwable latest;
    private long windowStart;
    private int suppressed;
    /** Cancels the timer that will write the summary line, or null when none is set. */
    private Runnable flushTimer;

    /**
     * Where a log sets the timer that writes its summary line: a loop's {@code callAt}, with
     * the timer's {@code cancel} as the answer. A log is given its loop's clock and this, never
     * the loop, its clock type or its timers: it sits below the loop (the loop's own error
     * logs are ones), so this package must not depend on the loop's.
     */
    @FunctionalInterface
    public interface Timers {
        /**
         * Runs {@code task} on the loop's thread when its clock reaches {@code deadlineNanos}.
         *
         * @param deadlineNanos when, on the loop's clock
         * @param task what to run then
         * @return what cancels the timer (the log cancels it when it writes the line earlier)
         */
        Runnable callAt(long deadlineNanos, Runnable task);
    }

    /**
     * A log for one place that logs, on a loop known by its clock and its timers.
     *
     * @param clock the loop's clock, in nanoseconds; use this log on the loop's thread only
     * @param timers sets the timer that writes a summary line, on the loop's thread
     * @param logger where the lines go
     * @param level the level of every line, the full record and the summaries alike
     * @param what names the failing operation in summary lines, e.g. "accept on /127.0.0.1:80"
     * @param interval the least time between two lines about the same error
     */
    public RepeatedErrorLog(LongSupplier clock, Timers timers, Logger logger, Level level, String what,
                            Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.logger = Objects.requireNonNull(logger, "logger");
        this.level = Objects.requireNonNull(level, "level");
        this.what = Objects.requireNonNull(what, "what");
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code thrown} with {@code fullMessage} and its stack trace, or only counts it when
     * the same error was logged less than an interval ago. Never throws.
     *
     * @param fullMessage the message of the full record, written when it is not suppressed
     * @param thrown the error; its class, message and top frame decide whether it is a repeat
     */
    public void log(String fullMessage, Throwable thrown) {
        try {
            long now = clock.getAsLong();
            if (isSame(thrown)) {
                if (now - windowStart >= intervalNanos) {
                    if (suppressed == 0) {          // a quiet interval has passed: it is news again
                        remember(thrown, now);
                        SafeLog.log(logger, level, fullMessage, thrown);
                        return;
                    }
                    summarize(now);                 // the timer is late: summarize, count on
                    newWindow(now);
                }
                suppressed++;
                latest = thrown;
                if (flushTimer == null) {
                    flushTimer = timers.callAt(windowStart + intervalNanos, flush);
                }
                return;
            }
            summarize(now);
            remember(thrown, now);
        } catch (Throwable bookkeepingFailed) {
            // counting failed (no memory for a timer?): fall through and log this one in full
        }
        SafeLog.log(logger, level, fullMessage, thrown);
    }

    /**
     * How many copies are counted and not yet summarized; for tests.
     *
     * @return how many repeats have been counted since the last line
     */
    public int suppressed() {
        return suppressed;
    }

    private boolean isSame(Throwable t) {
        return type != null && t.getClass() == type && Objects.equals(t.getMessage(), message)
                && Objects.equals(top(t), topFrame);
    }

    private void remember(Throwable t, long now) {
        type = t.getClass();
        message = t.getMessage();
        topFrame = top(t);
        newWindow(now);
    }

    /** An interval begins at {@code now}; a summary timer of the one before is not needed now. */
    private void newWindow(long now) {
        windowStart = now;
        if (flushTimer != null) {
            flushTimer.run();
            flushTimer = null;
        }
    }

    private static StackTraceElement top(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length == 0 ? null : stack[0];
    }

    /** The timer at the end of an interval: one summary line, and a new interval begins. */
    private void flush() {
        flushTimer = null;
        long now = clock.getAsLong();
        summarize(now);
        windowStart = now;
    }

    /** Writes the summary of the copies counted so far, if any. */
    private void summarize(long now) {
        if (suppressed == 0) {
            return;
        }
        int n = suppressed;
        Throwable last = latest;
        suppressed = 0;
        latest = null;
        long seconds = Math.max(1, Math.round((now - windowStart) / 1e9));
        String line = what + " failed " + n + " more time" + (n == 1 ? "" : "s") + " in the last " + seconds + " s: ";
        try {
            line += last;
        } catch (Throwable toStringFailed) {
            line += last.getClass().getName();
        }
        SafeLog.log(logger, level, line, null);
    }
}
