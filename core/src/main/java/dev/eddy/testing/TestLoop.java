package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopClock;
import dev.eddy.LoopOptions;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An {@link IOLoop} for one test: on {@linkplain VirtualClock virtual time} by default, it
 * runs a task to completion with a deadline and hands back its result or its exception as
 * it is, and when it closes it fails the test if something leaked. Tornado's
 * {@code AsyncTestCase} and {@code gen_test}, for any test framework:
 *
 * <pre>
 *   try (TestLoop test = TestLoop.onVirtualTime()) {
 *       String page = test.run(() -&gt; client.fetch(url), Duration.ofMinutes(10));
 *       assertThat(test.elapsed()).isEqualTo(Duration.ofSeconds(7));   // three retries, backed off
 *   }
 * </pre>
 *
 * <p>What it adds to a plain loop:
 * <ul>
 *   <li><b>Time that jumps</b>: whenever the loop has nothing ready, the clock moves to the
 *       next timer (see {@link VirtualClock}), so minutes of timeouts, sleeps and back-off
 *       take milliseconds, the same way on every run.</li>
 *   <li><b>A deadline that explains itself</b>: when {@link #run} runs out of time it throws
 *       a {@link TestTimeoutError} naming what was still pending (timers and their due
 *       times, open channels, suspended coroutines, each with where it was made). On virtual
 *       time a real-time limit (60 s unless set) also stops a loop that never goes idle.</li>
 *   <li><b>Leak checks</b>: {@link #close()} throws a {@link LeakError} for every channel
 *       still open, timer still armed, coroutine still suspended and failed future whose
 *       failure nobody observed, with the stack where each was made.</li>
 * </ul>
 *
 * <p>The creation sites are recorded by a tracker this class gives its loop
 * ({@link LoopOptions#withTracker}); a loop built any other way has none and pays one null
 * check for it. Recording a stack for every future and timer makes a test loop slower than
 * a production one: turn it off with {@link Builder#creationSites(boolean)} for a test that
 * makes millions of them.
 *
 * <p>Threads: make, run and close it on the test's thread; {@link #run} runs the loop on
 * that thread until the task is done.
 */
public final class TestLoop implements AutoCloseable {

    /** Shown at most this many of each kind in a report; the rest are counted. */
    private static final int REPORT_LINES = 20;

    private final IOLoop loop;
    private final VirtualClock virtualClock;        // null on real time
    private final ResourceTracker tracker;
    private final boolean checkLeaks;
    private final Duration realTimeLimit;
    private final long start;
    /** What else holds resources on this loop: a {@link SimulatedNetwork}'s open connections. */
    private final List<Supplier<List<ResourceTracker.Item>>> watched = new ArrayList<>();
    private boolean closed;

    private TestLoop(Builder b) {
        LoopClock clock = b.realTime ? LoopClock.system() : (b.virtualClock != null ? b.virtualClock : new VirtualClock());
        this.virtualClock = clock instanceof VirtualClock v ? v : null;
        this.tracker = new ResourceTracker(b.creationSites);
        this.checkLeaks = b.leakChecks;
        this.realTimeLimit = b.realTimeLimit;
        this.loop = new IOLoop(LoopOptions.defaults().withName(b.name).withClock(clock).withTracker(tracker));
        this.start = loop.time();
    }

    /**
     * A test loop on a fresh {@link VirtualClock}, with leak checks and creation sites.
     *
     * @return a new test loop; close it when the test ends
     */
    public static TestLoop onVirtualTime() {
        return builder().build();
    }

    /**
     * A test loop on the system clock, with leak checks and creation sites.
     *
     * @return a new test loop; close it when the test ends
     */
    public static TestLoop onRealTime() {
        return builder().realTime().build();
    }

    /**
     * A builder; see its methods for the defaults.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loop: hand it to the code under test.
     *
     * @return the test's loop
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * The virtual clock, for a test that moves time by hand.
     *
     * @return the loop's clock
     * @throws IllegalStateException when this loop runs on real time
     */
    public VirtualClock clock() {
        if (virtualClock == null) {
            throw new IllegalStateException("test loop '" + loop.name() + "' runs on real time");
        }
        return virtualClock;
    }

    /**
     * Time on the loop's clock since this test loop was made: virtual or real.
     *
     * @return the time passed on the loop's clock
     */
    public Duration elapsed() {
        return Duration.ofNanos(loop.time() - start);
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs the loop on the calling thread until the future {@code task} returns is done, and
     * returns its value or throws its failure as it is (a checked exception too, never
     * wrapped in a {@code CompletionException}). The task starts as a loop callback.
     *
     * @param task    starts the work and returns its future; runs on the loop thread
     * @param timeout on the loop's clock (virtual time on a virtual loop)
     * @param <T>     the type of the result
     * @return the task's value
     * @throws Exception the task's failure, as it is
     * @throws TestTimeoutError when the task is not done within {@code timeout} (then it is
     *                          cancelled), or within the real-time limit on virtual time
     * @throws IllegalStateException when the loop is closed or already running
     */
    public <T> T run(Supplier<? extends Future<T>> task, Duration timeout) throws Exception {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(timeout, "timeout");
        Run<T> run = new Run<>();
        loop.runSync(() -> begin(task, timeout, run), null);
        if (run.timeoutReport != null) {
            throw new TestTimeoutError(run.timeoutReport);
        }
        Future<T> f = run.future;
        if (f.isSucceeded()) {
            return f.getNow();
        }
        throw AsItIs.rethrow(f.cause());
    }

    /**
     * {@link #run} of a coroutine ({@link Coroutine#async}) on the default engine.
     *
     * @param body    the coroutine's body
     * @param timeout on the loop's clock
     * @param <T>     the type of the result
     * @return what the body returns
     * @throws Exception what the body throws, as it is
     */
    public <T> T runCoroutine(Callable<? extends T> body, Duration timeout) throws Exception {
        return run(() -> Coroutine.async(loop, body), timeout);
    }

    /**
     * {@link #run} of a coroutine ({@link Coroutine#async}) on {@code engine}.
     *
     * @param engine  the continuation engine the body runs on
     * @param body    the coroutine's body
     * @param timeout on the loop's clock
     * @param <T>     the type of the result
     * @return what the body returns
     * @throws Exception what the body throws, as it is
     */
    public <T> T runCoroutine(ContinuationEngine engine, Callable<? extends T> body, Duration timeout) throws Exception {
        return run(() -> Coroutine.async(loop, engine, body), timeout);
    }

    /** What one {@link #run} learns on the loop. */
    private static final class Run<T> {
        Future<T> future;
        Timeout deadline;
        String timeoutReport;
    }

    /** On the loop: starts the task and both deadlines; the returned future ends the run. */
    private <T> Future<Void> begin(Supplier<? extends Future<T>> task, Duration timeout, Run<T> run) {
        Promise<Void> finished = new Promise<>(loop);
        Future<T> f;
        try {
            f = Objects.requireNonNull(task.get(), "the task returned null instead of a Future");
        } catch (Throwable t) {
            f = Future.failed(loop, t);
        }
        run.future = f;
        String clockName = virtualClock == null ? "" : " of virtual time";
        run.deadline = loop.callLater(timeout, () -> timedOut(run, finished, "within " + timeout + clockName));
        ScheduledFuture<?> realTimeLimit = null;
        if (virtualClock != null) {
            // virtual time never passes while the loop is busy: a loop that never goes idle
            // would spin forever, so a real-time limit stops it too
            realTimeLimit = RealTimeLimits.THREAD.schedule(() -> {
                try {
                    loop.addCallback(() -> timedOut(run, finished, "within the real-time limit of " + this.realTimeLimit));
                } catch (RejectedExecutionException closedMeanwhile) {
                    // the test is over
                }
            }, this.realTimeLimit.toMillis(), TimeUnit.MILLISECONDS);
        }
        ScheduledFuture<?> limit = realTimeLimit;
        f.addDoneCallback(done -> {
            run.deadline.cancel();
            if (limit != null) {
                limit.cancel(false);    // removed from the queue: it would keep this loop reachable until due
            }
            finished.tryComplete(null);
        });
        return finished;
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

    private void timedOut(Run<?> run, Promise<Void> finished, String within) {
        if (finished.isDone()) {
            return;                     // a late real-time limit of an earlier run
        }
        if (!run.future.isDone()) {
            run.timeoutReport = "the task did not finish " + within + "; " + pending(run.deadline);
            run.future.cancel();
        }
        finished.tryComplete(null);
    }

    // ------------------------------------------------------------------ reports

    /**
     * What the loop is waiting for right now: armed timers (soonest first, with when they
     * are due), open channels and suspended coroutines, each with where it was made.
     *
     * @return one line per pending thing, under a heading
     */
    public String pending() {
        return pending(null);
    }

    private String pending(Timeout leaveOut) {
        StringBuilder sb = new StringBuilder("still pending at " + elapsed() + ":");
        int before = sb.length();
        appendItems(sb, tracker.armedTimers(loop, leaveOut));
        appendItems(sb, tracker.openChannels());
        appendItems(sb, tracker.suspendedCoroutines());
        for (Supplier<List<ResourceTracker.Item>> w : watched) {
            appendItems(sb, w.get());
        }
        if (sb.length() == before) {
            sb.append(" nothing the test loop can see (no timer, channel or coroutine: a future nobody completes?)");
        }
        return sb.toString();
    }

    private static void appendItems(StringBuilder sb, List<ResourceTracker.Item> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i == REPORT_LINES) {
                sb.append("\n  ... and ").append(items.size() - REPORT_LINES).append(" more like it");
                break;
            }
            sb.append("\n  ").append(items.get(i));
        }
    }

    /**
     * The leaks as {@link #close()} would report them now, one line each: open channels,
     * armed timers, suspended coroutines, failed futures nobody observed.
     *
     * @return one line per leak; empty when there is none
     */
    public List<String> leaks() {
        return currentLeaks().stream().map(ResourceTracker.Item::toString).toList();
    }

    private List<ResourceTracker.Item> currentLeaks() {
        List<ResourceTracker.Item> leaks = new ArrayList<>(tracker.openChannels());
        leaks.addAll(tracker.armedTimers(loop, null));
        leaks.addAll(tracker.suspendedCoroutines());
        leaks.addAll(tracker.unobservedFailures());
        for (Supplier<List<ResourceTracker.Item>> w : watched) {
            leaks.addAll(w.get());
        }
        return leaks;
    }

    /**
     * Includes what {@code openThings} reports in {@link #pending()} and in the leak check:
     * for resources that are not channels of the loop (a {@link SimulatedNetwork}'s).
     */
    void watch(Supplier<List<ResourceTracker.Item>> openThings) {
        watched.add(openThings);
    }

    /** Where something is being made now, or null when this test loop records no creation sites. */
    CreationSite creationSite(String what) {
        return tracker.site(what);
    }

    // ------------------------------------------------------------------ closing

    /**
     * Lets the loop finish what is already queued (a few turns, no time passes), checks for
     * leaks, closes the loop, and then throws a {@link LeakError} if there were any (unless
     * leak checks are off). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ResourceTracker.Item> leaks = List.of();
        try {
            if (!loop.isClosed() && !loop.isRunning()) {
                loop.runSync(() -> afterTurns(SETTLE_TURNS), null);
            }
            if (checkLeaks) {
                leaks = currentLeaks();
            }
        } finally {
            loop.close();
        }
        if (!leaks.isEmpty()) {
            throw new LeakError(loop.name(), leaks);
        }
    }

    /** Enough turns for closes and cancellations already under way to finish (each takes one or two). */
    private static final int SETTLE_TURNS = 8;

    /** A future that succeeds after {@code n} more loop turns; each turn is one callback, so no time passes. */
    private Future<Void> afterTurns(int n) {
        Promise<Void> done = new Promise<>(loop);
        Runnable[] step = new Runnable[1];
        int[] left = {n};
        step[0] = () -> {
            if (--left[0] <= 0) {
                done.complete(null);
            } else {
                loop.addCallback(step[0]);
            }
        };
        loop.addCallback(step[0]);
        return done;
    }

    @Override
    public String toString() {
        return "TestLoop[" + loop.name() + ", " + (virtualClock == null ? "real time" : virtualClock) + "]";
    }

    /**
     * How to build a {@link TestLoop}. Defaults: named {@code "test-loop"}, a fresh
     * {@link VirtualClock}, leak checks on, creation sites recorded, a real-time limit of
     * 60 s per {@link #run} on virtual time.
     */
    public static final class Builder {
        private String name = "test-loop";
        private boolean realTime;
        private VirtualClock virtualClock;
        private boolean leakChecks = true;
        private boolean creationSites = true;
        private Duration realTimeLimit = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * The loop's name (thread name, logs, reports); default {@code "test-loop"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Runs on the system clock instead of virtual time.
         *
         * @return this builder
         */
        public Builder realTime() {
            this.realTime = true;
            this.virtualClock = null;
            return this;
        }

        /**
         * Runs on this virtual clock (e.g. one {@linkplain VirtualClock#withRealWait with a real wait}).
         *
         * @param clock the clock; one per test loop
         * @return this builder
         */
        public Builder virtualTime(VirtualClock clock) {
            this.virtualClock = Objects.requireNonNull(clock, "clock");
            this.realTime = false;
            return this;
        }

        /**
         * Whether {@link TestLoop#close()} throws a {@link LeakError} for leaks; default true.
         *
         * @param on whether to check
         * @return this builder
         */
        public Builder leakChecks(boolean on) {
            this.leakChecks = on;
            return this;
        }

        /**
         * Whether to record where every future, timer, channel and coroutine was made; default true.
         *
         * @param on whether to record
         * @return this builder
         */
        public Builder creationSites(boolean on) {
            this.creationSites = on;
            return this;
        }

        /**
         * On virtual time, the real time after which {@link TestLoop#run} gives up; default 60 s.
         *
         * @param limit a positive duration
         * @return this builder
         */
        public Builder realTimeLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("realTimeLimit must be positive: " + limit);
            }
            this.realTimeLimit = limit;
            return this;
        }

        /**
         * The test loop; its selector is open from now until {@link TestLoop#close()}.
         *
         * @return a new test loop
         */
        public TestLoop build() {
            return new TestLoop(this);
        }
    }
}
