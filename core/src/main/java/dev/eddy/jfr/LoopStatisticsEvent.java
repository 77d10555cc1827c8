package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code dev.eddy.LoopStatistics}: what one loop did during the last period (every second
 * unless a recording's settings say otherwise), one event per open loop. A periodic event:
 * the recorder asks for it on its own thread, which reads each loop's counters (see
 * {@code IOLoop.stats()}); the loops do nothing for it.
 *
 * <p>Counts are for the period, not since the loop started, so a chart of them shows load
 * over time; lag and busy-time percentiles are for the timers and iterations of the period
 * (upper bounds of power-of-two buckets, see {@code LatencyHistogram}). Only touched once
 * {@link Flight#active()}.
 */
@Name("dev.eddy.LoopStatistics")
@Category("Eddy")
@Label("Loop Statistics")
@Description("What a loop did during the last period: callbacks, timers and IO events run, queue depths, lag")
@Period("1 s")
@StackTrace(false)
public final class LoopStatisticsEvent extends Event {

    /** The loop's name. */
    @Label("Loop")
    public String loop;

    /** Iterations during the period. */
    @Label("Iterations")
    public long iterations;

    /** Callbacks run during the period. */
    @Label("Callbacks Run")
    public long callbacksRun;

    /** Timers fired during the period. */
    @Label("Timers Fired")
    public long timersFired;

    /** Ready channels handled during the period. */
    @Label("IO Events")
    public long ioEvents;

    /** Callbacks queued and not yet run when sampled. */
    @Label("Callbacks Pending")
    @Description("Callbacks queued and not yet run (from the loop thread and from others) when sampled")
    public long callbacksPending;

    /** Timers scheduled when sampled. */
    @Label("Timers Pending")
    public long timersPending;

    /** The share of the period the loop was busy (not waiting in select). */
    @Label("Busy")
    @Percentage
    public double busy;

    /** Median timer lag of the period (bucket upper bound). */
    @Label("Timer Lag p50")
    @Timespan(Timespan.NANOSECONDS)
    public long timerLagP50;

    /** 99th percentile of timer lag of the period (bucket upper bound). */
    @Label("Timer Lag p99")
    @Description("How late the timers of the period ran after their deadlines, 99th percentile (upper bound)")
    @Timespan(Timespan.NANOSECONDS)
    public long timerLagP99;

    /** 99th percentile of iteration busy time of the period (bucket upper bound). */
    @Label("Iteration Busy p99")
    @Timespan(Timespan.NANOSECONDS)
    public long iterationBusyP99;

    /** An event to fill in and commit. */
    public LoopStatisticsEvent() {
    }
}
