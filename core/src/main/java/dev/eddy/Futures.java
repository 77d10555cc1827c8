package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Ways to combine and create futures: wait for all, for the first, with a deadline; sleep;
 * give up control for one turn; cross to and from {@code java.util.concurrent}.
 * The counterparts of Tornado's {@code gen.multi}, {@code gen.with_timeout},
 * {@code gen.sleep}, {@code gen.moment} and {@code IOLoop.run_in_executor}.
 *
 * <p>Every function here returns a future of the loop it was given (or of the first input
 * future's loop), and is meant to be called on that loop's thread, except
 * {@link #runInExecutor} and {@link #fromStage}, which exist to cross threads.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * A future of every result, in input order. It waits for <em>every</em> child, even
     * after one failed (so nothing is still running behind the caller's back), then fails
     * with the first failure in input order; later failures are logged unless their class
     * is listed in {@code quiet}. An empty list succeeds at once with an empty list.
     *
     * @param <T> the type of the values
     * @param loop the loop the result's callbacks run on
     * @param futures the futures to wait for
     * @param quiet classes of failure not to log when they come after the first
     * @return a future completing with the values in input order, or failing with the first failure
     *     in input order once every future is done
     */
    @SafeVarargs
    public static <T> Future<List<T>> all(IOLoop loop, List<? extends Future<? extends T>> futures,
                                          Class<? extends Throwable>... quiet) {
        Promise<List<T>> result = new Promise<>(loop);
        int n = futures.size();
        if (n == 0) {
            result.complete(Collections.emptyList());
            return result;
        }
        int[] remaining = {n};
        for (Future<? extends T> f : futures) {
            f.addDoneCallback(done -> {
                if (--remaining[0] == 0) {
                    finishAll(result, futures, Arrays.asList(quiet));
                }
            });
        }
        return result;
    }

    /**
     * {@link #all(IOLoop, List, Class[])} on the loop of the first future.
     *
     * @param <T> the type of the values
     * @param futures the futures to wait for; when empty, the current thread's loop is used
     * @return a future completing with the values in input order, or failing with the first failure
     *     in input order once every future is done
     */
    public static <T> Future<List<T>> all(List<? extends Future<? extends T>> futures) {
        if (futures.isEmpty()) {
            return all(IOLoop.current(), futures);
        }
        return all(futures.get(0).loop(), futures);
    }

    private static <T> void finishAll(Promise<List<T>> result, List<? extends Future<? extends T>> futures,
                                      List<Class<? extends Throwable>> quiet) {
        Throwable firstFailure = null;
        List<T> values = new ArrayList<>(futures.size());
        for (Future<? extends T> f : futures) {
            if (f.isSucceeded()) {
                values.add(f.getNow());
            } else if (firstFailure == null) {
                firstFailure = f.cause();
            } else if (quiet.stream().noneMatch(c -> c.isInstance(f.cause()))) {
                SafeLog.log(IOLoop.LOG, System.Logger.Level.WARNING, "Futures.all: another child failed too", f.cause());
            }
        }
        if (firstFailure != null) {
            result.tryFail(firstFailure);
        } else {
            result.tryComplete(Collections.unmodifiableList(values));
        }
    }

    /**
     * The outcome of whichever future finishes first, success or failure. The others are
     * left running (cancel them yourself if you no longer need them).
     *
     * @param <T> the type of the values
     * @param futures the futures to race; at least one
     * @return a future with the outcome of the first to finish
     */
    public static <T> Future<T> firstDone(List<? extends Future<? extends T>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("Futures.firstDone needs at least one future");
        }
        Promise<T> result = new Promise<>(futures.get(0).loop());
        for (Future<? extends T> f : futures) {
            f.addDoneCallback(result::completeFrom);
        }
        return result;
    }

    /**
     * The value of the first future to <em>succeed</em>. Fails only when every one failed:
     * with the last failure, the others attached as suppressed exceptions.
     *
     * @param <T> the type of the values
     * @param futures the futures to race; at least one
     * @return a future completing with the first value, or failing when every future failed
     */
    public static <T> Future<T> firstSuccess(List<? extends Future<? extends T>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("Futures.firstSuccess needs at least one future");
        }
        Promise<T> result = new Promise<>(futures.get(0).loop());
        int[] failures = {0};
        List<Throwable> causes = new ArrayList<>();
        for (Future<? extends T> f : futures) {
            f.addDoneCallback(done -> {
                if (done.isSucceeded()) {
                    result.tryComplete(done.getNow());
                } else {
                    causes.add(done.cause());
                    if (++failures[0] == futures.size()) {
                        Throwable last = causes.get(causes.size() - 1);
                        for (Throwable c : causes.subList(0, causes.size() - 1)) {
                            if (c != last) {
                                last.addSuppressed(c);
                            }
                        }
                        result.tryFail(last);
                    }
                }
            });
        }
        return result;
    }

    /**
     * A future with {@code future}'s outcome, or a {@link TimeoutException} if it takes longer
     * than {@code timeout}. The inner future is <em>not</em> cancelled (it may be shared);
     * if it fails after the timeout, its failure is logged rather than lost.
     *
     * @param <T> the type of the value
     * @param future the future to wait for; left running on timeout
     * @param timeout how long to wait at most
     * @return a future with {@code future}'s outcome, or failing with {@link TimeoutException}
     */
    public static <T> Future<T> withTimeout(Future<T> future, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        IOLoop loop = future.loop();
        Promise<T> result = new Promise<>(loop);
        Timeout timer = loop.callLater(timeout, () ->
                result.tryFail(new TimeoutException("timed out after " + timeout)));
        result.addDoneCallback(r -> timer.cancel());    // also when the caller cancels the result
        future.addDoneCallback(f -> {
            if (!result.isDone()) {
                result.completeFrom(f);
            } else if (f.isFailed() && !f.isCancelled()) {
                SafeLog.log(IOLoop.LOG, System.Logger.Level.WARNING,
                        "a future failed after its withTimeout had already expired", f.cause());
            }
        });
        return result;
    }

    /**
     * A future that succeeds (with null) after {@code delay}. Cancelling it removes the timer.
     *
     * @param loop the loop whose timer runs the sleep
     * @param delay how long to sleep
     * @return a future completing (with null) after {@code delay}
     */
    public static Future<Void> sleep(IOLoop loop, Duration delay) {
        Promise<Void> p = new Promise<>(loop);
        Timeout timer = loop.callLater(delay, () -> p.tryComplete(null));
        p.addDoneCallback(f -> {
            if (f.isCancelled()) {
                timer.cancel();
            }
        });
        return p;
    }

    /**
     * A future that succeeds on the loop's next turn: awaiting it gives every other ready
     * callback and coroutine a chance to run first (Tornado's {@code gen.moment}).
     *
     * @param loop the loop to yield to
     * @return a future completing (with null) on the loop's next turn
     */
    public static Future<Void> moment(IOLoop loop) {
        Promise<Void> p = new Promise<>(loop);
        loop.addCallback(() -> p.tryComplete(null));
        return p;
    }

    /**
     * A loop future with the outcome of a {@link CompletionStage} completed on any thread;
     * callbacks are delivered on {@code loop}. A {@link CompletionException} wrapper is
     * removed so the future fails with the real cause; a cancelled stage gives a cancelled
     * future.
     *
     * @param <T> the type of the value
     * @param loop the loop the future's callbacks run on
     * @param stage the stage to follow; it may complete on any thread
     * @return a future completing or failing as {@code stage} does
     */
    public static <T> Future<T> fromStage(IOLoop loop, CompletionStage<? extends T> stage) {
        Promise<T> p = new Promise<>(loop);
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                p.tryComplete(value);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CancellationException) {
                p.cancel();         // a cancelled stage gives a cancelled future, not a failed one
            } else {
                p.tryFail(cause);
            }
        });
        return p;
    }

    /**
     * Runs {@code task} on {@code executor} (off the loop) and returns a loop future of its
     * result, delivered on the loop thread. This is how a service keeps blocking calls and
     * heavy computation off the loop. If the executor rejects the task, the future fails
     * with the {@link RejectedExecutionException}.
     *
     * @param <T> the type of the result
     * @param loop the loop the future's callbacks run on
     * @param executor runs the task, off the loop
     * @param task the blocking or heavy work
     * @return a future completing with the task's result, or failing with what it threw
     */
    public static <T> Future<T> runInExecutor(IOLoop loop, Executor executor, Callable<? extends T> task) {
        Promise<T> p = new Promise<>(loop);
        try {
            executor.execute(() -> {
                if (p.isDone()) {
                    return;         // cancelled before it started: don't do the work
                }
                try {
                    p.tryComplete(task.call());
                } catch (Throwable t) {
                    p.tryFail(t);
                }
            });
        } catch (RejectedExecutionException e) {
            p.tryFail(e);
        }
        return p;
    }
}
