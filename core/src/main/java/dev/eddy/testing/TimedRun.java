package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One {@link TestLoop#run}: the task's future and the deadlines it runs under, on the loop's
 * clock and (on virtual time) in real time; when a deadline passes first, the task is
 * cancelled and the run keeps the report of what the loop was still waiting for.
 *
 * <p>Why apart from {@code TestLoop}: the test loop is the test's handle on its loop (the
 * clock, the reports, the leak check at close) and lives as long as the test; this is what
 * one run needs, and it is forgotten when the run ends.
 *
 * <p>Made on the test's thread, started on the loop thread ({@link #start}), read on the
 * test's thread once the loop has returned. It never keeps anything reachable from the
 * real-time limits' thread once the run has ended (see {@code RealTimeLimits}).
 *
 * @param <T> the type of the task's result
 */
final class TimedRun<T> {

    private final TestLoop test;
    private final IOLoop loop;
    private final Duration realTimeLimit;       // null: the loop's clock is real, its deadline is enough
    private Future<T> future;
    private Timeout deadline;
    private Promise<Void> finished;
    private String timeoutReport;

    /**
     * @param realTimeLimit on virtual time, the real time after which the run is stopped too;
     *     null on real time
     */
    TimedRun(TestLoop test, IOLoop loop, Duration realTimeLimit) {
        this.test = test;
        this.loop = loop;
        this.realTimeLimit = realTimeLimit;
    }

    /** On the loop: starts the task and both deadlines; the returned future ends the run. */
    Future<Void> start(Supplier<? extends Future<T>> task, Duration timeout) {
        finished = new Promise<>(loop);
        Future<T> f;
        try {
            f = Objects.requireNonNull(task.get(), "the task returned null instead of a Future");
        } catch (Throwable t) {
            f = Future.failed(loop, t);
        }
        future = f;
        String clockName = realTimeLimit == null ? "" : " of virtual time";
        deadline = loop.callLater(timeout, () -> timedOut("within " + timeout + clockName));
        ScheduledFuture<?> realTime = null;
        if (realTimeLimit != null) {
            // virtual time never passes while the loop is busy: a loop that never goes idle
            // would spin forever, so a real-time limit stops it too
            realTime = RealTimeLimits.THREAD.schedule(() -> {
                try {
                    loop.addCallback(() -> timedOut("within the real-time limit of " + realTimeLimit));
                } catch (RejectedExecutionException closedMeanwhile) {
                    // the test is over
                }
            }, realTimeLimit.toMillis(), TimeUnit.MILLISECONDS);
        }
        ScheduledFuture<?> limit = realTime;
        f.addDoneCallback(done -> {
            deadline.cancel();
            if (limit != null) {
                limit.cancel(false);    // removed from the queue: it would keep this loop reachable until due
            }
            finished.tryComplete(null);
        });
        return finished;
    }

    /** The task's future; done once the loop has returned from the run. */
    Future<T> future() {
        return future;
    }

    /** What was still pending when a deadline passed first; null when the task finished in time. */
    String timeoutReport() {
        return timeoutReport;
    }

    private void timedOut(String within) {
        if (finished.isDone()) {
            return;                     // a late real-time limit: the run is over
        }
        if (!future.isDone()) {
            timeoutReport = "the task did not finish " + within + "; " + test.pending(deadline);
            future.cancel();
        }
        finished.tryComplete(null);
    }

    /**
     * Where the real-time limits of all test loops wait: one daemon thread. A limit is
     * cancelled when its run ends and then leaves the queue at once, so a finished run keeps
     * nothing reachable (a suite of thousands of short runs would otherwise hold every loop,
     * and all it references, for the length of the limit).
     */
    private static final class RealTimeLimits {
        static final ScheduledThreadPoolExecutor THREAD;
        static {
            THREAD = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "eddy-test-loop-limits");
                t.setDaemon(true);
                return t;
            });
            THREAD.setRemoveOnCancelPolicy(true);
        }
    }
}
