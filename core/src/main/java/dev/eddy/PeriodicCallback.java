package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a task every {@code period} on a loop: Tornado's {@code PeriodicCallback}.
 *
 * <p>Three rules, each there for a reason:
 * <ul>
 *   <li><b>Start to start.</b> The period is measured from the start of one run to the
 *       start of the next, so a task that takes 10 ms every second still runs once a
 *       second, not every 1.01 s.</li>
 *   <li><b>No bursts after an overrun.</b> If the loop was blocked (or a run took longer than
 *       the period), the missed cycles are skipped, not run back to back: a health check that
 *       missed three beats should run once, not four times in a row.</li>
 *   <li><b>No overlap.</b> If the task returns a {@link Future}, the next run waits until it
 *       is done, then starts at the next point on the schedule.</li>
 * </ul>
 * <p>Jitter spreads many periodic tasks out, so they don't all fire in the same iteration:
 * with jitter 0.1, each period is randomly between 95% and 105% of the nominal one.
 *
 * <p>Loop thread only: {@link #start()} and {@link #stop()} must be called on the loop.
 */
public final class PeriodicCallback {

    private final IOLoop loop;
    private final long periodNanos;
    private final Supplier<? extends Future<?>> task;
    private final double jitter;
    private boolean running;
    private long nextRun;
    private Timeout timer;

    /**
     * A periodic task that may return a future the next run waits for (or null).
     *
     * @param loop the loop the task runs on
     * @param period the time from one run's start to the next; positive
     * @param jitter how much each period varies, as a fraction, 0 (none) to below 1
     * @param task the task; it may return a future the next run waits for, or null
     */
    public PeriodicCallback(IOLoop loop, Duration period, double jitter, Supplier<? extends Future<?>> task) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.task = Objects.requireNonNull(task, "task");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        if (jitter < 0 || jitter >= 1 || Double.isNaN(jitter)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        this.periodNanos = period.toNanos();
        this.jitter = jitter;
    }

    /**
     * A plain periodic {@link Runnable}, no jitter.
     *
     * @param loop the loop the task runs on
     * @param period the time from one run's start to the next; positive
     * @param task runs once a period, on the loop thread
     * @return the periodic callback, not started
     */
    public static PeriodicCallback of(IOLoop loop, Duration period, Runnable task) {
        return new PeriodicCallback(loop, period, 0, () -> {
            task.run();
            return null;
        });
    }

    /** Starts the schedule: the first run is one period from now. */
    public void start() {
        loop.checkLoopThread("PeriodicCallback.start");
        if (running) {
            return;
        }
        running = true;
        nextRun = loop.time();
        scheduleNext();
    }

    /** Stops the schedule; a run in progress (its future) is not cancelled. */
    public void stop() {
        loop.checkLoopThread("PeriodicCallback.stop");
        running = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * True between {@link #start()} and {@link #stop()}.
     *
     * @return whether the callback is started
     */
    public boolean isRunning() {
        return running;
    }

    /** When the next run is due on the loop's clock (meaningful while running). For tests. */
    long nextRunNanos() {
        return nextRun;
    }

    private void runOnce() {
        timer = null;
        if (!running) {
            return;
        }
        Future<?> result = null;
        try {
            result = task.get();
        } catch (Throwable t) {
            SafeLog.log(IOLoop.LOG, System.Logger.Level.ERROR, "periodic callback failed", t);
        }
        if (!running || timer != null) {
            return;     // the task stopped (or stopped and restarted) the schedule itself
        }
        if (result == null || result.isDone()) {
            scheduleNext();
        } else {
            result.addDoneCallback(f -> {
                if (f.isFailed()) {
                    SafeLog.log(IOLoop.LOG, System.Logger.Level.ERROR, "periodic callback's future failed", f.cause());
                }
                if (running && timer == null) {
                    scheduleNext();
                }
            });
        }
    }

    /** Advances nextRun to the first point on the schedule that is still in the future. */
    private void scheduleNext() {
        long now = loop.time();
        long period = jitteredPeriod();
        nextRun += period;
        if (nextRun - now <= 0) {
            long missed = (now - nextRun) / periodNanos + 1;   // whole cycles skipped
            nextRun += missed * periodNanos;
        }
        timer = loop.callAt(nextRun, this::runOnce);
    }

    private long jitteredPeriod() {
        if (jitter == 0) {
            return periodNanos;
        }
        double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() - 0.5);
        return (long) (periodNanos * factor);
    }
}
