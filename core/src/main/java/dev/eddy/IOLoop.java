package dev.eddy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The event loop: one thread, one {@link Selector}, a queue of callbacks and a heap of
 * timers. Everything else in Eddy (futures, coroutines, streams, HTTP) is built from the
 * three things this class can do: run a callback soon, run a callback later, and call a
 * handler when a channel is ready.
 *
 * <h2>One iteration</h2>
 * <ol>
 *   <li>Run the callbacks that were queued <em>before</em> the iteration began. Callbacks
 *       queued while they run wait for the next iteration, so a callback that re-queues
 *       itself cannot starve IO or timers.</li>
 *   <li>Run the timers that are due.</li>
 *   <li>{@code select}: without sleeping if callbacks are waiting, otherwise sleeping
 *       until the next timer is due (or forever, until woken). On a
 *       {@linkplain LoopClock.Jumping jumping clock} (a test's virtual time) the loop moves
 *       the clock to the next timer instead of sleeping until it is due.</li>
 *   <li>Call the handler of every channel the selector reported ready.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * Everything the loop owns is touched only on its thread. The thread-safe entry points say
 * so: {@link #addCallback}, {@link #execute}, {@link #stop}, {@link #close}, completing a
 * {@link Promise} and cancelling a {@link Timeout}. Other threads hand work over through a
 * concurrent queue, and wake the selector only when the loop is (or is about to be) asleep
 * in {@code select}: a single compare-and-set on a flag, no redundant
 * {@link Selector#wakeup()}. On the loop thread, adding a callback touches no atomic at all.
 * {@link CallbackQueue} holds both queues and the wake-up logic; {@code LoopThread} knows
 * which thread the loop thread is.
 *
 * <p>Reading order: this file is the loop's public face, and builds its parts. Then
 * {@code LoopRun} (a run, and its iterations), then what an iteration drives, each in a file
 * of its own that owns its state: {@code LoopCallbacks} (over {@code CallbackQueue}),
 * {@code LoopTimers} (over {@code TimerQueue}), {@code LoopWait} (how the loop sleeps in
 * select, and is woken) and {@code LoopSelector} (with {@link ChannelRegistration}); every
 * piece of work runs through {@code CallbackRunner}. A part talks to the part that owns what
 * it needs, never back to this class. Beside them: {@code LoopRecorder} (the counters and
 * timings behind {@link #stats()}), {@code BlockingWatchdog} (notices a blocked loop),
 * {@code LoopEvents} (the Flight Recorder's view) and {@code SyncRun} ({@link #runSync}).
 *
 * <h2>The loop must not die</h2>
 * Nothing a callback, a timer, an IO handler or a logger throws ends the loop thread: every
 * piece of work runs inside a {@code catch (Throwable)}, and {@code LoopErrors} logs what it
 * caught at a bounded rate. Only {@link #stop()} and {@link #close()} end {@link #run()}.
 *
 * <p>Never block the loop thread. Slow work goes to {@link Futures#runInExecutor}.
 */
public final class IOLoop implements Executor, AutoCloseable {

    static final System.Logger LOG = LoopErrors.LOG;

    /**
     * The loop the calling thread runs (or stands in for), behind {@link #current()}. Kept
     * here rather than in {@code LoopThread} because its answer is a loop: the parts below
     * know a loop by its name only. Set and cleared together with {@code LoopThread}'s
     * owner: {@link #enter}, {@link #exit} and the stand-in hand-over.
     */
    private static final ThreadLocal<IOLoop> CURRENT = new ThreadLocal<>();

    private final String name;
    private final LoopClock clock;
    final LoopTracker tracker;                        // test mode only (dev.eddy.testing); null in production
    private final LoopThread loopThread;
    private final LoopRecorder recorder = new LoopRecorder();
    private final CallbackQueue queue;
    private final CallbackRunner runner;
    private final LoopCallbacks callbacks;
    private final ReadyFutures readyFutures;
    private final LoopTimers timers;
    private final LoopSelector channels;
    private final LoopWait wait;
    private final BlockingWatchdog.Watch watch;       // null when the watchdog is off
    private final LoopRun run;
    private final LoopEvents.Sampled sampled;        // this loop in the Flight Recorder's periodic sample
    private ByteBuffer readBuffer;

    /** A loop with {@link LoopOptions#defaults()}. */
    public IOLoop() {
        this(LoopOptions.defaults());
    }

    /**
     * A loop built as {@code options} say. Its selector is opened now; the watchdog (when
     * {@link LoopOptions#blockingThreshold()} is set) watches it while it runs.
     *
     * @param options the loop's name, clock, watchdog threshold and tracker
     */
    public IOLoop(LoopOptions options) {
        this.name = options.name();
        this.clock = options.clock();
        this.tracker = options.tracker();
        this.loopThread = new LoopThread(name);
        Selector selector;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        LoopErrors errors = new LoopErrors(name, clock::nanoTime, (at, task) -> callAt(at, task)::cancel);
        this.queue = new CallbackQueue(selector);
        this.runner = new CallbackRunner(name, errors);
        this.callbacks = new LoopCallbacks(name, loopThread, queue, runner, recorder);
        this.readyFutures = new ReadyFutures(callbacks, queue, runner, recorder);
        this.timers = new LoopTimers(clock, loopThread, callbacks, runner, recorder);
        this.channels = new LoopSelector(loopThread, name, selector, runner, timers, errors);
        this.wait = new LoopWait(queue, timers, channels, clock);
        this.watch = options.blockingThreshold() == null ? null
                : new BlockingWatchdog.Watch(name, options.blockingThreshold(), loopThread::get, runner::ticks,
                        wait::isSelecting);
        this.run = new LoopRun(name, loopThread, queue, callbacks, readyFutures, timers, wait, channels, recorder,
                errors, watch);
        this.sampled = LoopEvents.opened(name, this::stats);
    }

    /**
     * The loop running on the calling thread.
     *
     * @return the loop whose thread the caller is on
     * @throws IllegalStateException when no loop is running on this thread
     */
    public static IOLoop current() {
        IOLoop loop = CURRENT.get();
        if (loop == null) {
            throw new IllegalStateException("no IOLoop is running on thread " + Thread.currentThread().getName());
        }
        return loop;
    }

    /**
     * The loop running on the calling thread, or null.
     *
     * @return the loop whose thread the caller is on, or null when there is none
     */
    public static IOLoop currentOrNull() {
        return CURRENT.get();
    }

    /**
     * The loop's name, from {@link LoopOptions#name()}: used in thread names, logs and errors.
     *
     * @return the loop's name
     */
    public String name() {
        return name;
    }

    /**
     * The loop's clock in nanoseconds: monotonic, only differences mean anything.
     *
     * @return the current time in nanoseconds on the loop's clock
     */
    public long time() {
        return clock.nanoTime();
    }

    /**
     * The tracker from {@link LoopOptions#tracker()}: null except under {@code dev.eddy.testing}.
     *
     * @return the loop's tracker, or null
     */
    public LoopTracker tracker() {
        return tracker;
    }

    /**
     * True when called on the thread that is running this loop.
     *
     * @return whether the caller is on this loop's thread
     */
    public boolean inLoopThread() {
        return loopThread.isCurrent();
    }

    /**
     * Throws a clear error when called off the loop thread; for loop-only APIs.
     *
     * @param what names the operation in the error, e.g. "IOStream.write"
     */
    public void checkLoopThread(String what) {
        loopThread.check(what);
    }

    /**
     * Lets the calling thread act as this loop's thread while {@code owner}, the loop thread,
     * is blocked waiting for it. Until {@link #endStandIn}, {@link #inLoopThread()},
     * {@link #checkLoopThread}, {@link #addCallback}'s fast path and {@link #current()} treat
     * the calling thread as the loop thread (and the watchdog watches it).
     *
     * <p>This exists for one caller: the thread engine of {@code dev.eddy.gen}, which runs a
     * coroutine's body on a thread of its own with a strict hand-over (exactly one of loop
     * thread and body runs at any moment). Anything else that uses it breaks the loop's one
     * rule: two threads touching loop state at once.
     *
     * @param owner the thread now running this loop, which blocks until {@link #endStandIn}
     * @throws IllegalStateException when {@code owner} is not this loop's thread right now
     */
    public void beginStandIn(Thread owner) {
        loopThread.beginStandIn(owner);
        CURRENT.set(this);
    }

    /**
     * Ends {@link #beginStandIn}: gives the loop back to {@code owner}, before waking it.
     *
     * @param owner the loop thread to give the loop back to
     */
    public void endStandIn(Thread owner) {
        loopThread.endStandIn(owner);
        CURRENT.remove();
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Runs {@code callback} on the loop thread in a later iteration (never inline). Callbacks
     * added by one thread run in the order that thread added them; one added while the loop
     * runs callbacks waits for the next iteration. Thread-safe: from another thread the loop
     * is woken if it sleeps. An exception the callback throws is logged with its stack and
     * the loop carries on.
     *
     * <p>Callbacks added before {@link #run()} wait for it; callbacks still queued when a
     * closed loop stops are dropped (logged at DEBUG).
     *
     * @param callback the code to run on the loop thread
     * @throws RejectedExecutionException when the loop has been closed
     */
    public void addCallback(Runnable callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Queues the delivery of a done future's callbacks. The future itself is the queue entry,
     * so a completion allocates no Runnable.
     *
     * @throws RejectedExecutionException when the loop has been closed
     */
    void deliver(Future<?> future) {
        if (!callbacks.isClosed() && loopThread.isCurrent()) {
            readyFutures.add(future);
            return;
        }
        callbacks.add(future);
    }

    /** {@link Executor} view of {@link #addCallback}, so the loop can run CompletionStage stages. */
    @Override
    public void execute(Runnable command) {
        addCallback(command);
    }

    // ------------------------------------------------------------------ timers

    /**
     * Runs {@code task} on the loop after {@code delay}. Loop thread or any thread.
     *
     * @param delay how long from now; zero or negative makes it due at once
     * @param task the code to run on the loop thread
     * @return the timer, which can be cancelled
     */
    public Timeout callLater(Duration delay, Runnable task) {
        return callAt(time() + delay.toNanos(), task);
    }

    /**
     * Runs {@code task} on the loop after {@code delayNanos} nanoseconds.
     *
     * @param delayNanos how long from now, in nanoseconds; zero or negative makes it due at once
     * @param task the code to run on the loop thread
     * @return the timer, which can be cancelled
     */
    public Timeout callLater(long delayNanos, Runnable task) {
        return callAt(time() + delayNanos, task);
    }

    /**
     * Runs {@code task} on the loop when {@link #time()} reaches {@code deadlineNanos}.
     * Timers with equal deadlines run in the order they were added. Thread-safe: from
     * another thread the timer is added on the loop's next turn.
     *
     * @param deadlineNanos when to run, on the loop's clock ({@link #time()}); a past deadline
     *     makes it due at once
     * @param task the code to run on the loop thread
     * @return the timer, which can be cancelled
     */
    public Timeout callAt(long deadlineNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        Timeout t = timers.callAt(deadlineNanos, task);
        if (tracker != null) {
            tracker.timerCreated(t);
        }
        return t;
    }

    /** Timers scheduled and not yet run or cancelled. Loop thread. */
    int pendingTimers() {
        return timers.size();
    }

    /** Length of the timer heap's array: tests check it shrinks after a burst. Loop thread. */
    int timerQueueCapacity() {
        return timers.capacity();
    }

    // ------------------------------------------------------------------ channels

    /**
     * Watches {@code channel} for {@code ops} (SelectionKey.OP_*) and calls {@code handler}
     * on the loop thread when some are ready. The channel is switched to non-blocking mode.
     * Loop thread only.
     *
     * @param channel the channel to watch; not registered with another loop
     * @param ops the {@code SelectionKey.OP_*} bits to watch; 0 for none yet
     * @param handler called on the loop thread with the ready bits
     * @return the registration, to change the watched bits or remove it
     * @throws IOException when the channel cannot be made non-blocking or registered
     */
    public ChannelRegistration register(SelectableChannel channel, int ops, IOHandler handler) throws IOException {
        checkLoopThread("IOLoop.register");
        Objects.requireNonNull(handler, "handler");
        ChannelRegistration registration = channels.register(channel, ops, handler);
        if (tracker != null) {
            tracker.channelRegistered(registration);
        }
        return registration;
    }


    /**
     * The loop-wide read buffer: one direct buffer (64 KiB) that every connection on this
     * loop reads the socket into. A connection copies out only the bytes it cannot consume
     * at once (an incomplete message), so an idle connection holds no read buffer at all.
     *
     * <p>Borrow it only inside a handler or callback, clear it before use, and never keep a
     * reference after returning: the next handler will overwrite it. Loop thread only.
     *
     * @return the loop's shared read buffer
     */
    public ByteBuffer readBuffer() {
        checkLoopThread("IOLoop.readBuffer");
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        }
        return readBuffer;
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs the loop on the calling thread until {@link #stop()}. If {@code stop()} was called
     * before {@code run()}, returns at once (after one iteration), as Tornado's does.
     *
     * @throws IllegalStateException if the loop is closed, already running, or another
     *                               loop is running on this thread
     */
    public void run() {
        enter();
        try {
            run.runUntilStopped();
        } finally {
            exit();
        }
    }

    /**
     * The calling thread becomes this loop's thread and its current loop ({@link #run},
     * {@link SyncRun}), or learns why it cannot: it runs a loop already, or the loop is
     * closed or running elsewhere.
     */
    void enter() {
        IOLoop running = CURRENT.get();
        if (running != null) {
            throw new IllegalStateException(running == this
                    ? "IOLoop.run() re-entered: loop '" + name + "' is already running on this thread"
                    : "another IOLoop ('" + running.name + "') is already running on this thread");
        }
        run.enter();
        CURRENT.set(this);
    }

    /** The calling thread leaves the loop: the undoing of {@link #enter}. */
    void exit() {
        CURRENT.remove();
        run.exit();
    }

    /** The pieces of {@link #run()}, for {@link SyncRun}, which runs the loop until its task is done. */
    LoopRun loopRun() {
        return run;
    }

    /** Asks the loop to return from {@link #run()} after the current iteration. Thread-safe. */
    public void stop() {
        wait.requestStop(inLoopThread());
    }

    /**
     * True while some thread is inside {@link #run()}.
     *
     * @return whether the loop is running
     */
    public boolean isRunning() {
        return loopThread.get() != null;
    }

    /**
     * True once {@link #close()} was called.
     *
     * @return whether the loop was closed
     */
    public boolean isClosed() {
        return callbacks.isClosed();
    }

    /**
     * Runs the loop on the calling thread until the future returned by {@code task} is done,
     * then returns its result (or throws its failure, checked causes wrapped in
     * {@link java.util.concurrent.CompletionException}). The task runs as the loop's first
     * callback (after any callbacks added before). This is how a {@code main} method or a
     * test drives a loop: {@code loop.runSync(() -> fetch(url), Duration.ofSeconds(5))}.
     *
     * @param timeout how long to wait on the loop's clock, or null for no limit; when it
     *                passes, the task's future is cancelled and a {@link TimeoutException}
     *                is thrown. The cancellation is settled before runSync returns, so the
     *                loop can be run again.
     * @param <T> the type of the task's result
     * @param task starts the work on the loop and returns its future
     * @return the value the task's future succeeded with
     * @throws IllegalStateException when the loop is closed or already running (see
     *                               {@link #run()}), or was stopped before the task finished
     */
    public <T> T runSync(Supplier<? extends Future<T>> task, Duration timeout) {
        return SyncRun.run(this, task, timeout);
    }

    /** Queues {@code callback} on the loop thread ahead of anything added later: runSync's task. */
    void addFirstCallback(Runnable callback) {
        callbacks.addFirst(callback);
    }

    /**
     * Closes the loop: new callbacks are rejected with {@link RejectedExecutionException},
     * the loop stops, and once it has stopped the selector and every registered channel are
     * closed. Callbacks still queued at that moment are dropped (and counted in a DEBUG log
     * line). Thread-safe; closing twice does nothing.
     */
    @Override
    public void close() {
        if (callbacks.isClosed()) {
            return;
        }
        LoopEvents.closed(sampled);
        run.close();
    }

    // ------------------------------------------------------------------ for tests and stats

    /** The loop's watch, or null without a watchdog: tests look at what it saw. */
    BlockingWatchdog.Watch watch() {
        return watch;
    }

    /** How many times another thread had to call {@code Selector.wakeup()}. */
    long wakeups() {
        return queue.wakeups();
    }

    /** True once the loop has said it is going to sleep in select (the wake-up flag is set). */
    boolean isAsleep() {
        return queue.isAsleep();
    }

    /**
     * What the loop has done so far; exact on the loop thread, approximate elsewhere.
     *
     * @return a snapshot of the loop's counters
     */
    public LoopStats stats() {
        return recorder.snapshot(timers.size(), channels.ioEvents(), queue.pending(),
                watch == null ? 0 : watch.episodes);
    }

    @Override
    public String toString() {
        return "IOLoop[" + name + (isRunning() ? ", running" : "") + (isClosed() ? ", closed" : "") + "]";
    }
}
