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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
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
 * <p>Where the parts are: this class is the test's handle on the loop (making it, its
 * clock, closing it); each {@link #run} is a {@code TimedRun} (the task and its deadlines),
 * and what the loop still holds, for the pending report and the leak check, is read by a
 * {@code LoopInventory}.
 *
 * <p>Threads: make, run and close it on the test's thread; {@link #run} runs the loop on
 * that thread until the task is done.
 */
public final class TestLoop implements AutoCloseable {

    private final IOLoop loop;
    private final VirtualClock virtualClock;        // null on real time
    private final ResourceTracker tracker;
    private final LoopInventory inventory;          // what the loop holds: the reports and the leak check
    private final boolean checkLeaks;
    private final Duration realTimeLimit;
    private final long start;
    private boolean closed;

    private TestLoop(Builder b) {
        LoopClock clock = b.realTime ? LoopClock.system() : (b.virtualClock != null ? b.virtualClock : new VirtualClock());
        this.virtualClock = clock instanceof VirtualClock v ? v : null;
        this.tracker = new ResourceTracker(b.creationSites);
        this.checkLeaks = b.leakChecks;
        this.realTimeLimit = b.realTimeLimit;
        this.loop = new IOLoop(LoopOptions.defaults().withName(b.name).withClock(clock).withTracker(tracker));
        this.start = loop.time();
        this.inventory = new LoopInventory(loop, tracker);
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
        TimedRun<T> run = new TimedRun<>(this, loop, virtualClock == null ? null : realTimeLimit);
        loop.runSync(() -> run.start(task, timeout), null);
        if (run.timeoutReport() != null) {
            throw new TestTimeoutError(run.timeoutReport());
        }
        Future<T> f = run.future();
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

    /** {@link #pending()} without {@code leaveOut} (a run's own deadline, which is no news). */
    String pending(Timeout leaveOut) {
        return inventory.pending("still pending at " + elapsed() + ":", leaveOut);
    }

    /**
     * The leaks as {@link #close()} would report them now, one line each: open channels,
     * armed timers, suspended coroutines, failed futures nobody observed.
     *
     * @return one line per leak; empty when there is none
     */
    public List<String> leaks() {
        return inventory.leaks().stream().map(ResourceTracker.Item::toString).toList();
    }

    /**
     * Includes what {@code openThings} reports in {@link #pending()} and in the leak check:
     * for resources that are not channels of the loop (a {@link SimulatedNetwork}'s).
     */
    void watch(Supplier<List<ResourceTracker.Item>> openThings) {
        inventory.watch(openThings);
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
                leaks = inventory.leaks();
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
