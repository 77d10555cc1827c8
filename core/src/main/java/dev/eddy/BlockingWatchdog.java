package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices a loop that is stuck in one callback and says where it is stuck.
 *
 * <p>A single-threaded loop has one failure mode that hurts everyone: a callback that
 * blocks (a synchronous HTTP call, a big computation, a {@code Thread.sleep}). Every other
 * connection waits. Tornado's {@code set_blocking_log_threshold} and asyncio's
 * slow-callback warning exist for this; this is Eddy's.
 *
 * <p>How it stays cheap: the loop does not read the clock per callback. It only bumps a
 * counter ({@code IOLoop.ticks}) before each callback, timer or handler, and says whether it
 * is selecting. This daemon thread looks every quarter threshold: if the counter has not
 * moved since it first saw that value, the loop is not in select, and at least a threshold
 * has passed, the same piece of work has been running all that time. It then takes the
 * loop thread's stack <em>now</em>, while it is blocked (a stack taken afterwards would show
 * an innocent frame), and logs it once for that episode.
 */
final class BlockingWatchdog implements Runnable {

    private final IOLoop loop;
    private final long thresholdNanos;
    private volatile boolean stopped;
    private final Thread thread;
    volatile int warnings;           // for tests and stats: episodes reported so far

    BlockingWatchdog(IOLoop loop, Duration threshold) {
        this.loop = loop;
        this.thresholdNanos = threshold.toNanos();
        this.thread = new Thread(this, loop.name() + "-watchdog");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long seenTicks = -1;
        long seenSince = 0;
        long reportedTicks = -1;
        long pause = Math.max(1, thresholdNanos / 4);
        while (!stopped) {
            LockSupport.parkNanos(pause);
            Thread loopThread = loop.thread();
            if (loopThread == null || loop.isSelecting()) {
                seenTicks = -1;
                continue;
            }
            long ticks = loop.ticks();
            long now = System.nanoTime();
            if (ticks != seenTicks) {
                seenTicks = ticks;
                seenSince = now;
                continue;
            }
            if (ticks != reportedTicks && now - seenSince >= thresholdNanos) {
                StackTraceElement[] stack = loopThread.getStackTrace();
                if (loop.ticks() != ticks || loop.isSelecting()) {
                    continue;   // it moved on while we looked: not the episode we saw
                }
                reportedTicks = ticks;
                warnings++;
                BlockedLoopException where = new BlockedLoopException(loop.name(),
                        TimeUnit.NANOSECONDS.toMillis(now - seenSince), stack);
                SafeLog.log(IOLoop.LOG, Level.WARNING, where.getMessage(), where);   // a throwing logger must not end the watch
            }
        }
    }

    /** Carries the blocked loop thread's stack into the log record. */
    static final class BlockedLoopException extends RuntimeException {
        BlockedLoopException(String loopName, long millis, StackTraceElement[] stack) {
            super("IOLoop '" + loopName + "' blocked for at least " + millis
                    + " ms in one callback; stack of the loop thread while blocked:", null, false, true);
            setStackTrace(stack);
        }
    }
}
