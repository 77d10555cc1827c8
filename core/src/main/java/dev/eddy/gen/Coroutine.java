package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Coroutines: asynchronous code written top to bottom. Tornado's {@code @gen.coroutine} with
 * {@code yield future}, in Java:
 *
 * <pre>
 *   Future&lt;Integer&gt; size = Coroutine.async(loop, () -&gt; {
 *       String page = Coroutine.await(fetch(url));        // suspends until the future is done
 *       Coroutine.sleep(Duration.ofMillis(100));          // so does this
 *       return page.length();
 *   });
 * </pre>
 *
 * <p>{@link #async} runs a body as a coroutine and returns a {@link Future} of its result.
 * Inside the body, {@link #await} gives the result of a future: at once if it is already
 * done (no suspension: the fast path), otherwise by suspending the body, letting the loop
 * run everything else, and resuming the body on the loop thread when the future completes,
 * one scheduled callback later. Nothing blocks a thread.
 *
 * <h2>The rules, as Tornado's</h2>
 * <ul>
 *   <li>The first step runs synchronously, in the caller of {@code async}, up to the first
 *       await of a pending future (when {@code async} is called off the loop thread, the first
 *       step runs on the loop instead).</li>
 *   <li>Exceptions always end up in the returned future, never thrown at the caller.</li>
 *   <li>{@code await} rethrows a failure as {@link Future#join()} does: an unchecked one as it
 *       is, a checked one wrapped in {@link CompletionException} (the real cause is its
 *       {@code getCause()}), a cancellation as {@link CancellationException}.</li>
 *   <li>{@link #moment()} gives every other ready callback and coroutine one turn: two
 *       coroutines that each do five steps awaiting done futures run "aaaaabbbbb"; with a
 *       {@code moment()} between steps, "ababababab".</li>
 *   <li>Cancelling the returned future while the coroutine is suspended resumes it with a
 *       {@link CancellationException} at its await, so its {@code finally} blocks run. (The
 *       future it was awaiting is not cancelled: it may be shared.)</li>
 *   <li>{@code await} outside a coroutine body on its loop thread is an error, and so is
 *       awaiting inside a {@link Generator} nested in a coroutine.</li>
 *   <li><b>Never await inside {@code synchronized}</b>: see {@link ContinuationPinnedException}.</li>
 * </ul>
 *
 * <p>The body runs on a {@link Continuation} of the {@linkplain ContinuationEngine#defaultEngine()
 * default engine}. On the thread engine, a coroutine suspended on a future that is never
 * completed (or whose loop is closed under it) keeps its thread: cancel it, or time it out,
 * to release it. On the native engine it is only a heap object, collected with its future.
 */
public final class Coroutine {

    private Coroutine() {
    }

    /**
     * Runs {@code body} as a coroutine on {@code loop}; its first step runs now, in the caller.
     * Thread-safe: off the loop thread, the first step is handed to the loop. If the loop has
     * been closed, the returned future fails with {@link RejectedExecutionException}.
     *
     * @param <T> the type of the body's result
     * @param loop the loop the coroutine runs on; every step after an await runs on its thread
     * @param body the coroutine's code; it may call {@link #await(Future)} and the other static
     *     methods here
     * @return a future of what {@code body} returns, or of what it throws
     */
    public static <T> Future<T> async(IOLoop loop, Callable<? extends T> body) {
        return async(loop, ContinuationEngine.defaultEngine(), body);
    }

    /**
     * {@link #async(IOLoop, Callable)} on a given continuation engine.
     *
     * @param <T> the type of the body's result
     * @param loop the loop the coroutine runs on; every step after an await runs on its thread
     * @param engine the continuation engine that suspends the body at each await
     * @param body the coroutine's code; it may call {@link #await(Future)} and the other static
     *     methods here
     * @return a future of what {@code body} returns, or failing with what it throws
     */
    public static <T> Future<T> async(IOLoop loop, ContinuationEngine engine, Callable<? extends T> body) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(body, "body");
        CoroutineRunner<T> runner = new CoroutineRunner<>(loop, engine, body);
        if (loop.tracker() != null) {
            loop.tracker().coroutineStarted(runner.result);     // test mode only
        }
        if (loop.inLoopThread()) {
            runner.start();
        } else {
            try {
                loop.addCallback(runner::start);
            } catch (RejectedExecutionException e) {
                runner.result.tryFail(e);
            }
        }
        return runner.result;
    }

    /**
     * The result of {@code future}, suspending the coroutine until it is done if it is not
     * done yet.
     *
     * @param <T> the type of the future's value
     * @param future the future whose result the coroutine needs
     * @return the future's value
     * @throws RuntimeException the future's failure: unchecked as it is, checked wrapped in
     *         {@link CompletionException}; {@link CancellationException} if the future, or
     *         this coroutine, was cancelled
     * @throws IllegalStateException when not called inside a coroutine body on its loop thread
     */
    public static <T> T await(Future<T> future) {
        Objects.requireNonNull(future, "future");
        return runner("await").await(future);
    }

    /**
     * {@link #await(Future)} with a deadline: throws {@link dev.eddy.TimeoutException} if
     * {@code future} is not done within {@code timeout} (the future itself is left running).
     *
     * @param <T> the type of the future's value
     * @param future the future to wait for; left running on timeout
     * @param timeout how long to wait at most
     * @return the future's value, when it arrives in time
     */
    public static <T> T await(Future<T> future, Duration timeout) {
        Objects.requireNonNull(future, "future");
        CoroutineRunner<?> r = runner("await");
        Future<T> bounded = Futures.withTimeout(future, timeout);
        try {
            return r.await(bounded);
        } finally {
            bounded.cancel();               // a no-op when done; otherwise (cancelled coroutine) drops the timer
        }
    }

    /**
     * Suspends the coroutine for {@code delay} (Tornado's {@code gen.sleep}); cancelling the coroutine stops the timer.
     *
     * @param delay how long to suspend the coroutine
     */
    public static void sleep(Duration delay) {
        CoroutineRunner<?> r = runner("sleep");
        Future<Void> nap = Futures.sleep(r.loop, delay);
        try {
            r.await(nap);
        } finally {
            nap.cancel();                   // a no-op when it fired; removes the timer otherwise
        }
    }

    /**
     * Gives every other ready callback and coroutine one turn of the loop (Tornado's
     * {@code gen.moment}): the coroutine suspends and is resumed by one loop callback,
     * queued behind everything already waiting. Allocates nothing.
     *
     * @throws CancellationException if this coroutine was cancelled meanwhile
     * @throws IllegalStateException when not called inside a coroutine body on its loop thread
     */
    public static void moment() {
        runner("moment").moment();
    }

    /**
     * The results of all {@code futures}, in order (see {@link Futures#all(IOLoop, List, Class[])}).
     *
     * @param <T> the type of the futures' values
     * @param futures the futures to wait for; the list is not modified
     * @return their values, in the order of {@code futures}
     */
    public static <T> List<T> all(List<? extends Future<? extends T>> futures) {
        CoroutineRunner<?> r = runner("all");
        return r.await(Futures.<T>all(r.loop, futures));
    }

    /**
     * The value of the first of {@code futures} to succeed (see {@link Futures#firstSuccess}).
     *
     * @param <T> the type of the futures' values
     * @param futures the futures to race; the list is not modified
     * @return the value of the first future to succeed
     */
    public static <T> T firstSuccess(List<? extends Future<? extends T>> futures) {
        CoroutineRunner<?> r = runner("firstSuccess");
        return r.await(Futures.<T>firstSuccess(futures));
    }

    /**
     * The loop of the coroutine running on this thread.
     *
     * @return the loop the calling coroutine runs on
     */
    public static IOLoop loop() {
        return runner("loop").loop;
    }

    /**
     * True when called inside a coroutine body.
     *
     * @return whether the calling code runs inside a coroutine body
     */
    public static boolean inCoroutine() {
        return CoroutineRunner.current() != null;
    }

    private static CoroutineRunner<?> runner(String what) {
        CoroutineRunner<?> r = CoroutineRunner.current();
        if (r == null || !r.loop.inLoopThread()) {
            throw new IllegalStateException("Coroutine." + what + " must be called inside a coroutine body, on its "
                    + "loop thread (start one with Coroutine.async); " + Thread.currentThread().getName()
                    + " is not running one. Off the loop, wait for a future with a callback instead.");
        }
        return r;
    }
}
