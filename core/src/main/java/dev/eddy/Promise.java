package dev.eddy;

/**
 * The write side of a {@link Future}: the producer of a result completes it, exactly once.
 *
 * <p>Why two types: a function that returns a {@code Future} promises a result but keeps the
 * right to deliver it. Returning the {@code Promise} typed as {@code Future} says so in the
 * type system; callers get {@code join}, callbacks and combinators, not {@code complete}.
 * (Netty makes the same split; Tornado and asyncio use one class and trust the caller.)
 *
 * <p>Completing is thread-safe. Completing twice is a programming error and throws, with one
 * exception: when the future was cancelled, the producer's late {@code complete} or
 * {@code fail} is quietly ignored, because the producer usually cannot know about the
 * cancellation in time. Use {@link #tryComplete}/{@link #tryFail} when racing is expected.
 *
 * @param <T> the type of the value it completes with
 */
public final class Promise<T> extends Future<T> {

    /**
     * A pending promise whose callbacks run on {@code loop}.
     *
     * @param loop the loop the promise's callbacks run on
     */
    public Promise(IOLoop loop) {
        super(loop);
    }

    /**
     * Succeeds with {@code value}.
     *
     * @param value the value, may be null
     * @throws IllegalStateException if the future already succeeded or failed
     */
    public void complete(T value) {
        if (!trySucceed(value) && doneButNotCancelled()) {
            throw new IllegalStateException("future already completed: " + this);
        }
    }

    /**
     * Fails with {@code cause}.
     *
     * @param cause the failure; not null
     * @throws IllegalStateException if the future already succeeded or failed
     */
    public void fail(Throwable cause) {
        if (!tryFail(cause) && doneButNotCancelled()) {
            throw new IllegalStateException("future already completed: " + this, cause);
        }
    }

    /**
     * Succeeds unless already done; returns whether this call completed it.
     *
     * @param value the value, may be null
     * @return whether this call completed the promise
     */
    public boolean tryComplete(T value) {
        return trySucceed(value);
    }

    /** Fails unless already done; returns whether this call completed it. */
    @Override
    public boolean tryFail(Throwable cause) {
        return super.tryFail(cause);
    }

    /**
     * Completes with the outcome of {@code source} when it is done (chaining).
     *
     * @param source the future whose outcome to copy
     */
    public void completeWith(Future<? extends T> source) {
        source.addDoneCallback(this::completeFrom);
    }
}
