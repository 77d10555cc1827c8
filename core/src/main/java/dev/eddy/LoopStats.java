package dev.eddy;

/**
 * A snapshot of what a loop has been doing since it was created; see {@link IOLoop#stats()}.
 *
 * <p>Read on the loop thread it is exact; read from another thread it may lag the loop by
 * an iteration (the counters are plain fields, so that counting costs the loop nothing).
 *
 * @param iterations      loop iterations (callbacks, timers, select, IO events)
 * @param callbacksRun    callbacks run; a completed future's delivery of its done-callbacks
 *                        counts as one
 * @param timersRun       timers that fired
 * @param timersPending   timers scheduled and not yet fired or cancelled
 * @param ioEvents        ready channels dispatched to their handlers
 * @param selectNanos     time spent waiting in {@code select}
 * @param busyNanos       time spent running callbacks, timers and handlers
 * @param worstTimerLagNanos the largest delay seen between a timer's deadline and its run:
 *                        how late the loop was at worst (a blocked loop shows here)
 */
public record LoopStats(long iterations, long callbacksRun, long timersRun, int timersPending,
                        long ioEvents, long selectNanos, long busyNanos, long worstTimerLagNanos) {
}
