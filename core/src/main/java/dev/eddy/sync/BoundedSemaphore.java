package dev.eddy.sync;

import dev.eddy.IOLoop;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: the count
 * can never rise above the number of permits it started with. A release too many almost
 * always means a code path released twice, and with a plain semaphore that bug silently
 * raises the concurrency limit; here it is an exception at the faulty call. Tornado's
 * {@code locks.BoundedSemaphore}.
 *
 * <p>Not thread-safe: loop thread only, like {@link Semaphore}.
 */
public final class BoundedSemaphore extends Semaphore {

    private final int bound;

    /**
     * A bounded semaphore for the loop running on this thread.
     *
     * @param permits the permits it starts with, which is also its bound; must not be negative
     */
    public BoundedSemaphore(int permits) {
        this(IOLoop.current(), permits);
    }

    /**
     * A bounded semaphore whose waiters are completed on {@code loop}; use it on that loop's thread
     * only.
     *
     * @param loop the loop whose thread uses this semaphore; waiters are completed there
     * @param permits the permits it starts with, which is also its bound
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(IOLoop loop, int permits) {
        super(loop, permits);
        this.bound = permits;
    }

    /** @throws IllegalStateException when every permit is already back (released too many times) */
    @Override
    void checkRelease(int availableNow) {
        if (availableNow >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times (it has only "
                    + bound + " permits, all of them available)");
        }
    }

    /**
     * The number of permits it started with, the most that can ever be available.
     *
     * @return the permits given at construction
     */
    public int bound() {
        return bound;
    }
}
