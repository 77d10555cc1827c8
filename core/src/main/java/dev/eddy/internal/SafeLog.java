package dev.eddy.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Logging that never throws: what the loop uses on its error paths.
 *
 * <p>Why it exists: a logger can fail. At the file-descriptor limit the first log record
 * of a JVM wants a file (the JDK's formatter loads time-zone data) and throws an
 * {@link Error}; a handler a user installed may have a bug. Logging is what an error path
 * does, so a logger that throws from inside a {@code catch} block turns one failed callback
 * into an exception that escapes {@code IOLoop.run} and ends the loop thread: the server is
 * alive, holds its sockets and answers nobody. So every log call the loop makes after
 * catching something goes through here. If the logger throws, one plain line goes to
 * {@code System.err} instead (itself guarded: a closed or broken stderr is ignored).
 *
 * <p>It must never throw, whatever the logger, the message supplier or the throwable's
 * {@code toString} do. That includes not being there: a class is read from its jar or
 * directory the first time it is used, at the descriptor limit that read fails, and the
 * JVM then refuses the class for good ({@link NoClassDefFoundError}). So whoever logs
 * through here calls {@link #load()} early, while descriptors are plentiful;
 * {@link RepeatedErrorLog} does it for every loop. Not API: public only so that sibling
 * packages can use it.
 */
public final class SafeLog {

    private SafeLog() {
    }

    /** Does nothing, and thereby makes the JVM load this class now rather than in an emergency. */
    public static void load() {
    }

    /**
     * Logs {@code message} (and {@code thrown}, if not null) at {@code level}; never throws.
     *
     * @param logger where the record goes
     * @param level the record's level; nothing is logged below the logger's level
     * @param message the message, logged as it is
     * @param thrown the error whose stack trace goes with the message, or null
     */
    public static void log(Logger logger, Level level, String message, Throwable thrown) {
        try {
            if (thrown == null) {
                logger.log(level, message);
            } else {
                logger.log(level, message, thrown);
            }
        } catch (Throwable loggingFailed) {
            fallback(logger, level, message, thrown, loggingFailed);
        }
    }

    /**
     * Like {@link #log(Logger, Level, String, Throwable)}, the message built only when the
     * level is enabled; a supplier that throws is treated like a logger that throws. Use it
     * when the message calls {@code toString()} on objects the loop does not control.
     *
     * @param logger where the record goes
     * @param level the record's level; {@code message} is not called below the logger's level
     * @param message builds the message, only when the level is enabled
     * @param thrown the error whose stack trace goes with the message, or null
     */
    public static void log(Logger logger, Level level, Supplier<String> message, Throwable thrown) {
        try {
            if (thrown == null) {
                logger.log(level, message);
            } else {
                logger.log(level, message, thrown);
            }
        } catch (Throwable loggingFailed) {
            fallback(logger, level, null, thrown, loggingFailed);
        }
    }

    /** The last resort: one line on stderr, no stack trace, no formatter, no time zone. */
    private static void fallback(Logger logger, Level level, String message, Throwable thrown,
                                 Throwable loggingFailed) {
        try {
            System.err.println(level + " " + logger.getName() + ": "
                    + (message == null ? "(message unavailable)" : message)
                    + (thrown == null ? "" : ": " + thrown)
                    + " [logging failed: " + loggingFailed + "]");
        } catch (Throwable ignored) {
            // nothing is left to tell it with; carrying on is all that matters now
        }
    }
}
