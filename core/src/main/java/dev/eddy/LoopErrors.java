package dev.eddy;

import dev.eddy.internal.RepeatedErrorLog;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * What a loop does with what its work throws: logs it and carries on.
 *
 * <p>The loop must not die. Nothing a callback, a timer, an IO handler or a logger throws
 * ends the loop thread: a server whose loop thread is gone keeps its sockets and answers
 * nobody, which is worse than any one failed request. So every piece of work runs inside a
 * {@code catch (Throwable)} that ends up here, and each kind of failure is logged through
 * its own {@link RepeatedErrorLog}: a broken handler that throws on every event is logged
 * with its stack once, then counted, at a bounded rate (which also keeps a throwing logger
 * from taking the loop with it).
 *
 * <p>It is given the loop's name, clock and a way to set a timer (for the summary lines),
 * not the loop: it is built before the loop's other parts (they report to it), so it must
 * not reach back up into the loop they make.
 *
 * <p>Loop thread only.
 */
final class LoopErrors {

    /** The loop's log, named after the class users know; every part of the loop writes to it. */
    static final System.Logger LOG = System.getLogger("dev.eddy.IOLoop");

    private final String loopName;
    /** Failures of callbacks, timers and done-callback deliveries. */
    private final RepeatedErrorLog callbacks;
    /** Failures of channels' IO handlers. */
    private final RepeatedErrorLog handlers;
    /** Failures of the loop's own machinery (select, or anything unforeseen in an iteration). */
    private final RepeatedErrorLog machinery;

    /**
     * @param loopName the loop's name, in every message
     * @param clock the loop's clock, which times the intervals between summary lines
     * @param timers sets the timer that writes a summary line; the loop's {@code callAt}
     */
    LoopErrors(String loopName, LongSupplier clock, RepeatedErrorLog.Timers timers) {
        this.loopName = loopName;
        this.callbacks = errorLog(clock, timers, "a callback on loop '" + loopName + "'");
        this.handlers = errorLog(clock, timers, "an IO handler on loop '" + loopName + "'");
        this.machinery = errorLog(clock, timers, "an iteration of loop '" + loopName + "'");
    }

    private static RepeatedErrorLog errorLog(LongSupplier clock, RepeatedErrorLog.Timers timers, String what) {
        return new RepeatedErrorLog(clock, timers, LOG, System.Logger.Level.ERROR, what,
                RepeatedErrorLog.DEFAULT_INTERVAL);
    }

    /**
     * A callback (or timer, or delivery of done-callbacks) threw. The callback's own
     * {@code toString} is user code, so it is called under the same guard.
     */
    void callbackFailed(Object task, Throwable t) {
        String what;
        try {
            what = "callback " + task + " on loop '" + loopName + "' failed";
        } catch (Throwable toStringFailed) {
            what = "a callback on loop '" + loopName + "' failed";
        }
        callbacks.log(what, t);
    }

    /** A channel's handler threw (see {@code LoopSelector.handlerFailed}). */
    void handlerFailed(String message, Throwable t) {
        handlers.log(message, t);
    }

    void selectFailed(IOException e) {
        machinery.log("select failed on loop '" + loopName + "'", e);
    }

    /**
     * Something slipped past every other guard in an iteration (a bug in the loop's
     * machinery, an {@link Error} thrown where nothing expected one). Never throws.
     */
    void iterationFailed(Throwable t) {
        try {
            machinery.log("an iteration of loop '" + loopName + "' failed; the loop carries on", t);
        } catch (Throwable evenThat) {
            // nothing can be said (no memory, no class could load): carrying on is what matters
        }
    }
}
