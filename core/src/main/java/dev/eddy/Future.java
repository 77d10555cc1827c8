package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A box for a result that arrives later: pending at first, then exactly once succeeded
 * (with a value), failed (with an exception) or cancelled.
 *
 * <p>This is the read side; {@link Promise} is the write side. A function that starts
 * something slow creates a {@code Promise}, returns it typed as {@code Future}, and
 * completes it when the result is there. Callers can wait for the result but cannot
 * complete it for the producer.
 *
 * <h2>Done-callbacks never run inline</h2>
 * A callback added with {@link #addDoneCallback} runs on the future's {@link IOLoop}, never
 * inside {@code complete} or {@code addDoneCallback} themselves: the same rule as Tornado and
 * asyncio. That way completing a future never re-enters the code that completed it, a chain
 * of a thousand futures never grows the stack, and a future completed on another thread
 * still calls back on the loop thread. Callbacks run in the order they were added, also
 * when added to a future that is already done.
 *
 * <p>When: a future completed on the loop thread delivers its callbacks as soon as the
 * current step of the loop's iteration ends (the batch of loop callbacks, the due timers, or
 * the IO handlers), before the loop moves on to the next step, so a reply built from a chain
 * of futures does not wait a {@code select} per link. So they may run before a loop
 * callback that was added earlier but waits for the next iteration. A future completed on
 * another thread delivers them as a loop callback, in the loop's next iteration.
 *
 * <h2>A continuation that throws</h2>
 * What {@link #map}, {@link #flatMap} or {@link #recover} call may throw (any
 * {@code Throwable}); the future they return then fails with that exception, and nothing is
 * logged: the failure travels to whoever waits, like any other. A plain done-callback
 * ({@link #addDoneCallback}, {@link #whenComplete}) has no future of its own, so what it
 * throws can only be logged; a callback that completes another promise must therefore catch
 * and fail that promise itself, or its waiter waits forever.
 *
 * <h2>Threads</h2>
 * Completing (through {@link Promise}) and {@link #cancel()} are thread-safe: one
 * compare-and-set decides the outcome. Reading the state is thread-safe. Adding a
 * done-callback from another thread hands the registration to the loop first.
 *
 * <h2>Reading the source</h2>
 * This file is the box itself: its state, its completion, its done-callbacks and their
 * delivery. The futures derived from it ({@link #map}, {@link #flatMap}, {@link #recover},
 * {@link #whenComplete}, {@link #toCompletableFuture}) are one done-callback each on top of
 * that, and are built in the package-private {@code FutureChains}; the shape of the waiting
 * callbacks (none, one, or a list) is {@code DoneCallbacks}'. When the loop runs the callbacks
 * of a future completed on its own thread is {@code ReadyFutures}' business.
 *
 * @param <T> the type of the result
 */
public class Future<T> extends CallbackDelivery {

    private static final int PENDING = 0;
    private static final int COMPLETING = 1;
    private static final int SUCCEEDED = 2;
    private static final int FAILED = 3;
    private static final int CANCELLED = 4;
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Future.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Four reference-sized fields and a flag: with the object header that is 32 bytes, the
    // size of Netty's promise. Every completion allocates one, so each field must earn its place.
    final IOLoop loop;
    private volatile int state;
    // The value (SUCCEEDED) or the Throwable (FAILED, CANCELLED): `state` says which. One
    // field for both, because a future only ever holds one of them.
    private Object result;
    // Callbacks waiting for delivery; touched only on the loop thread. Null, the one callback
    // itself, or a list of them: DoneCallbacks knows the shape.
    private Object callbacks;
    // True while a delivery of the callbacks above is queued on the loop. Written by the
    // completer before it publishes the final state (so a loop thread that sees the future
    // done also sees this), afterwards only on the loop thread. Callbacks added while it is
    // true join that delivery, which keeps them in the order they were added even when
    // another thread completed the future.
    private boolean deliveryQueued;

    Future(IOLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        if (loop.tracker != null) {
            loop.tracker.futureCreated(this);        // test mode only
        }
    }

    /**
     * A future that has already succeeded with {@code value}.
     *
     * @param <T> the type of the value
     * @param loop the loop its callbacks run on
     * @param value the value, may be null
     * @return a succeeded future
     */
    public static <T> Future<T> succeeded(IOLoop loop, T value) {
        Promise<T> p = new Promise<>(loop);
        p.complete(value);
        return p;
    }

    /**
     * A future that has already failed with {@code failure}.
     *
     * @param <T> the type the future would have had
     * @param loop the loop its callbacks run on
     * @param failure the failure; not null
     * @return a failed future
     */
    public static <T> Future<T> failed(IOLoop loop, Throwable failure) {
        Promise<T> p = new Promise<>(loop);
        p.fail(failure);
        return p;
    }

    /**
     * The loop this future delivers its callbacks on.
     *
     * @return the loop whose thread runs this future's callbacks
     */
    public IOLoop loop() {
        return loop;
    }

    // ------------------------------------------------------------------ state

    /**
     * True once succeeded, failed or cancelled.
     *
     * @return whether the future is done
     */
    public boolean isDone() {
        return state > COMPLETING;
    }

    /**
     * True when done with a result (not failed, not cancelled).
     *
     * @return whether the future succeeded
     */
    public boolean isSucceeded() {
        return state == SUCCEEDED;
    }

    /**
     * True when failed or cancelled.
     *
     * @return whether the future failed or was cancelled
     */
    public boolean isFailed() {
        return state >= FAILED;
    }

    /**
     * True when cancelled; a cancelled future is also done and {@linkplain #isFailed() failed}.
     *
     * @return whether the future was cancelled
     */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * The value of a succeeded future.
     *
     * @return the value the future succeeded with (may be null)
     * @throws IllegalStateException if the future is not done yet (this never blocks)
     * @throws RuntimeException the failure itself if it is unchecked; a checked failure
     *         wrapped in {@link CompletionException}; {@link CancellationException} if cancelled
     */
    public T join() {
        int s = state;
        if (s == SUCCEEDED) {
            return value();
        }
        if (s <= COMPLETING) {
            throw new IllegalStateException("future is not done yet (join never blocks; wait with a callback or await)");
        }
        failureSeen();
        throw rethrowable(failure());
    }

    /**
     * The value if succeeded, otherwise null (also while pending).
     *
     * @return the value, or null when the future has not succeeded
     */
    public T getNow() {
        return state == SUCCEEDED ? value() : null;
    }

    /**
     * The failure of a failed future ({@link CancellationException} if cancelled), else null.
     *
     * @return the failure, or null when the future is pending or succeeded
     */
    public Throwable cause() {
        if (state < FAILED) {
            return null;
        }
        failureSeen();
        return failure();
    }

    /** The value; only meaningful once the future has succeeded. */
    @SuppressWarnings("unchecked")
    T value() {
        return (T) result;
    }

    /** The failure; only meaningful once the future has failed or was cancelled. */
    Throwable failure() {
        return (Throwable) result;
    }

    /** Tells a test loop's tracker that someone looked at this future's failure. */
    private void failureSeen() {
        if (loop.tracker != null) {
            loop.tracker.failureObserved(this);
        }
    }

    /** What {@link #join()} throws for {@code failure}: unchecked as is, checked wrapped. */
    static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException re) {
            return re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return new CompletionException(failure);
    }

    // ------------------------------------------------------------------ completion (via Promise)

    boolean trySucceed(T result) {
        if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
            return false;
        }
        this.result = result;
        publish(SUCCEEDED);
        return true;
    }

    boolean tryFail(Throwable cause, int finalState) {
        Objects.requireNonNull(cause, "cause");
        if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
            return false;
        }
        result = cause;
        if (finalState == FAILED && loop.tracker != null) {
            loop.tracker.futureFailed(this, cause);         // test mode only: before anyone can see it
        }
        publish(finalState);
        return true;
    }

    boolean tryFail(Throwable cause) {
        return tryFail(cause, FAILED);
    }

    /** Whether a complete/fail on a done future is a misuse (true) or lost to a cancel (false). */
    boolean doneButNotCancelled() {
        int s = state;
        return s == SUCCEEDED || s == FAILED;
    }

    /**
     * Cancels a pending future: it fails with {@link CancellationException} and its
     * callbacks run. Returns false if it was already done. Cancelling only marks the
     * future; whoever produces the result learns of it from the future (a coroutine is
     * resumed with the exception at its await point, a timer is removed...).
     *
     * @return whether this call cancelled the future
     */
    public boolean cancel() {
        return tryFail(new CancellationException("future was cancelled"), CANCELLED);
    }

    /**
     * Makes the outcome visible and queues the delivery of the done-callbacks. On the loop
     * thread we know whether anyone listens; another thread may not look at the callback
     * fields, so it always queues a delivery and lets the loop look.
     */
    private void publish(int finalState) {
        boolean onLoop = loop.inLoopThread();
        boolean deliver = !onLoop || callbacks != null;
        if (deliver) {
            deliveryQueued = true;      // before the volatile write below: see the field comment
        }
        // A release store is enough to publish value/failure and deliveryQueued to any thread
        // that reads `state` (a volatile read), and on x86 it is a plain store where a volatile
        // store would add a full fence to every completion.
        STATE.setRelease(this, finalState);
        if (deliver) {
            try {
                loop.deliver(this);
            } catch (RejectedExecutionException e) {
                SafeLog.log(IOLoop.LOG, System.Logger.Level.DEBUG, "future completed after its loop closed; callbacks dropped", null);
            }
        }
    }

    /**
     * The class of the first done-callback a delivery would run (this class when there is
     * none): the Flight Recorder's slow-callback event names it. Loop thread.
     */
    @Override
    Class<?> firstCallbackClass() {
        Class<?> first = DoneCallbacks.firstClass(callbacks);
        return first == null ? getClass() : first;
    }

    /** Runs the waiting done-callbacks; the loop calls it when this future's queue entry comes up. */
    @Override
    void deliverCallbacks() {
        Object cbs = callbacks;
        callbacks = null;
        deliveryQueued = false;     // callbacks added from here on get a delivery of their own
        if (cbs == null) {
            return;
        }
        if (state >= FAILED) {
            failureSeen();                  // a callback gets to see it
        }
        for (int i = 0, n = DoneCallbacks.count(cbs); i < n; i++) {
            runCallback(DoneCallbacks.get(cbs, i));
        }
    }

    /** Calls one done-callback; a throw is logged (the watchdog knows this frame as a done-callback's). */
    @SuppressWarnings("unchecked")
    private void runCallback(Consumer<?> callback) {
        Consumer<? super Future<T>> cb = (Consumer<? super Future<T>>) callback;
        try {
            cb.accept(this);
        } catch (Throwable t) {
            SafeLog.log(IOLoop.LOG, System.Logger.Level.ERROR, () -> "done-callback " + cb + " failed", t);
        }
    }

    // ------------------------------------------------------------------ listening

    /**
     * Calls {@code callback} with this future on the loop thread once it is done: never
     * inline, but once the current step of the loop ends (see the class comment), in the
     * order callbacks were added. Thread-safe.
     *
     * <p>Once the loop is closed nothing runs on it any more: a callback added then is dropped
     * (a DEBUG record says so), as callbacks are when a future completes after its loop closed.
     * Adding one does not throw, so code that runs while a loop shuts down (the last
     * callbacks of a closing connection, say) need not guard every call.
     *
     * @param callback called once with this future, done; a throw is logged
     * @return this future, for chaining
     */
    public Future<T> addDoneCallback(Consumer<? super Future<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        if (!loop.inLoopThread()) {
            try {
                loop.addCallback(() -> addDoneCallback(callback));
            } catch (RejectedExecutionException closed) {
                droppedAfterClose();
            }
            return this;
        }
        callbacks = DoneCallbacks.add(callbacks, callback);
        if (isDone() && !deliveryQueued) {      // done, and no delivery on its way: queue one
            deliveryQueued = true;
            try {
                loop.deliver(this);
            } catch (RejectedExecutionException closed) {
                droppedAfterClose();
            }
        }
        return this;
    }

    private static void droppedAfterClose() {
        SafeLog.log(IOLoop.LOG, System.Logger.Level.DEBUG, "done-callback added after its loop closed; dropped", null);
    }

    /**
     * {@link #addDoneCallback} with the value and failure unpacked (one of them is null).
     *
     * @param action called once with the value (null on failure) and the failure (null on success)
     * @return this future, for chaining
     */
    public Future<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return FutureChains.whenComplete(this, action);
    }

    // ------------------------------------------------------------------ combinators

    /**
     * A future of {@code fn(value)}; a failure (or a throwing {@code fn}) passes through as a failure.
     *
     * @param <U> the type of the mapped value
     * @param fn maps the value; runs on the loop thread
     * @return a future completing with {@code fn}'s result, or failing as this future or {@code fn}
     *     fails
     */
    public <U> Future<U> map(Function<? super T, ? extends U> fn) {
        return FutureChains.map(this, fn);
    }

    /**
     * Chains an asynchronous step: a future of the future {@code fn(value)} returns.
     *
     * @param <U> the type of the next step's value
     * @param fn starts the next step from the value; runs on the loop thread
     * @return a future completing as the future {@code fn} returned completes, or failing as this
     *     future or {@code fn} fails
     */
    public <U> Future<U> flatMap(Function<? super T, ? extends Future<U>> fn) {
        return FutureChains.flatMap(this, fn);
    }

    /**
     * Turns a failure (not a cancellation) into a value computed from it.
     *
     * @param fn computes a value from the failure; runs on the loop thread
     * @return a future completing with this future's value, or with {@code fn}'s result when this
     *     future failed; failing when {@code fn} throws, or as this future when it was cancelled
     */
    public Future<T> recover(Function<? super Throwable, ? extends T> fn) {
        return FutureChains.recover(this, fn);
    }

    /**
     * See {@link Futures#withTimeout}.
     *
     * @param timeout how long to wait at most
     * @return a future with this future's outcome, or failing with {@link TimeoutException}
     */
    public Future<T> withTimeout(Duration timeout) {
        return Futures.withTimeout(this, timeout);
    }

    /**
     * A {@link CompletableFuture} that completes when this one does (on the loop thread), so
     * Eddy code meets {@code java.util.concurrent} code without adapters. Cancelling the
     * returned stage does not cancel this future.
     *
     * @return a new {@code CompletableFuture} with this future's outcome
     */
    public CompletableFuture<T> toCompletableFuture() {
        return FutureChains.toCompletableFuture(this);
    }

    /** Copies the outcome of a done future {@code other} into this one (if still pending). */
    void completeFrom(Future<? extends T> other) {
        if (other.isSucceeded()) {
            trySucceed(other.value());
        } else if (other.isCancelled()) {
            tryFail(other.failure(), CANCELLED);
        } else {
            tryFail(other.failure());
        }
    }

    @Override
    public String toString() {
        return switch (state) {
            case SUCCEEDED -> "Future[succeeded: " + result + "]";
            case FAILED -> "Future[failed: " + result + "]";
            case CANCELLED -> "Future[cancelled]";
            default -> "Future[pending]";
        };
    }
}
