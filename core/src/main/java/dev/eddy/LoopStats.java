package dev.eddy;

import java.util.Objects;

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
 * @param callbacksPending callbacks queued and not yet run, from the loop's thread and from
 *                        others: the queue's depth (a loop that cannot keep up shows here)
 * @param blockedEpisodes times the watchdog found the loop stuck in one callback longer than
 *                        {@link LoopOptions#blockingThreshold()}
 * @param timerLag        how late each timer ran after its deadline
 * @param iterationBusy   how long each iteration was busy (everything but {@code select})
 */
public record LoopStats(long iterations, long callbacksRun, long timersRun, int timersPending,
                        long ioEvents, long selectNanos, long busyNanos, long worstTimerLagNanos,
                        int callbacksPending, long blockedEpisodes,
                        LatencyHistogram timerLag, LatencyHistogram iterationBusy) {

    /**
     * Checks the components: see the class comment for their meaning.
     *
     * @param iterations loop iterations
     * @param callbacksRun callbacks run
     * @param timersRun timers that fired
     * @param timersPending timers still scheduled
     * @param ioEvents ready channels dispatched
     * @param selectNanos time waiting in select
     * @param busyNanos time running work
     * @param worstTimerLagNanos the worst timer lag
     * @param callbacksPending callbacks queued
     * @param blockedEpisodes blocked episodes the watchdog reported
     * @param timerLag how late timers ran; not null
     * @param iterationBusy how long iterations were busy; not null
     */
    public LoopStats {
        Objects.requireNonNull(timerLag, "timerLag");
        Objects.requireNonNull(iterationBusy, "iterationBusy");
    }
}
