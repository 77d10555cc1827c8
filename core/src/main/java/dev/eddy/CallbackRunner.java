package dev.eddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Runs one piece of a loop's work (a callback, a timer's task, or a done future's delivery
 * of its callbacks) under the guard that keeps the loop alive, and counts it for the
 * watchdog. Every step of an iteration that runs user code comes through here: the
 * callbacks ({@link LoopCallbacks}), the timers ({@link LoopTimers}) and, for the count
 * only, the IO handlers ({@link LoopSelector}).
 *
 * <p>The count ({@link #tick()}) is how the watchdog tells a loop that is busy with many
 * short pieces of work from one that is stuck in a single piece: it is written with plain
 * (opaque) stores by the loop thread and read by the watchdog's thread, no fence on the loop.
 *
 * <p>Loop thread only, except {@link #ticks()}. Must never let a throw out of
 * {@link #runCallback}.
 */
final class CallbackRunner {

    private static final VarHandle TICKS;
    static {
        try {
            TICKS = MethodHandles.lookup().findVarHandle(CallbackRunner.class, "ticks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String loopName;
    private final LoopErrors errors;
    @SuppressWarnings("unused") // written through TICKS with opaque stores, read by the watchdog
    private long ticks;

    CallbackRunner(String loopName, LoopErrors errors) {
        this.loopName = loopName;
        this.errors = errors;
    }

    /** The loop's name, for the Flight Recorder's events about the work run here. */
    String loopName() {
        return loopName;
    }

    /**
     * Runs one callback, timer task, or future's delivery of its done-callbacks; a throw is
     * logged and the loop carries on.
     */
    void runCallback(Object task) {
        try {
            if (task instanceof CallbackDelivery due) {
                due.deliverCallbacks();     // a completed future queued itself
            } else {
                ((Runnable) task).run();
            }
        } catch (Throwable t) {
            errors.callbackFailed(task, t);
        }
    }

    /** Tells the watchdog that a new piece of work starts (a plain store, no fence). */
    void tick() {
        TICKS.setOpaque(this, (long) TICKS.getOpaque(this) + 1);
    }

    /** Pieces of work started so far; any thread (the watchdog), approximately. */
    long ticks() {
        return (long) TICKS.getOpaque(this);
    }
}
