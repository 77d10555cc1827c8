package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;

import java.time.Duration;
import java.util.Objects;

/**
 * A counter of permits for coroutines on one loop: {@link #acquire()} takes one (waiting in a
 * future while there are none), {@link #release()} gives one back. Use it to limit how many
 * things happen at once, e.g. at most 10 requests to a backend in flight. Tornado's
 * {@code locks.Semaphore}.
 *
 * <p>Fairness: waiters are served strictly in arrival order and a release hands its permit
 * straight to the oldest waiter, so a newcomer never overtakes someone already waiting.
 *
 * <p>A plain semaphore lets you release more often than you acquired (the count just grows);
 * {@link BoundedSemaphore} treats that as the bug it usually is.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise. It never blocks a thread.
 */
public class Semaphore implements Permit.Owner {

    final IOLoop loop;
    private final Waiters<Permit> waiters;
    private int available;

    /**
     * A semaphore for the loop running on this thread.
     *
     * @param permits how many holders may hold a permit at once at the start; must not be negative
     */
    public Semaphore(int permits) {
        this(IOLoop.current(), permits);
    }

    /**
     * A semaphore whose waiters are completed on {@code loop}; use it on that loop's thread only.
     *
     * @param loop the loop whose thread uses this semaphore; waiters are completed there
     * @param permits how many holders may hold a permit at once at the start
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(IOLoop loop, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore's permits must not be negative: " + permits);
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.available = permits;
        this.waiters = new Waiters<>(loop, p -> p.tryFail(new TimeoutException(name() + ".acquire timed out")));
    }

    /**
     * A future that succeeds with a {@link Permit} once a permit is this caller's: already done
     * if one was available. Close the permit (or call {@link #release()}) to give it back.
     *
     * @return a future completing with the caller's permit; it never fails except by cancellation,
     *     which gives up the place in line
     */
    public Future<Permit> acquire() {
        return acquire(null);
    }

    /**
     * Like {@link #acquire()}, but fails with {@link TimeoutException} after {@code timeout}; a
     * timed-out waiter leaves the line and never gets a permit.
     *
     * @param timeout how long to wait, or null to wait forever
     * @return a future completing with the caller's permit, or failing with
     *     {@link TimeoutException} when {@code timeout} passes first
     */
    public Future<Permit> acquire(Duration timeout) {
        loop.checkLoopThread(name() + ".acquire");
        if (available > 0) {
            // While permits are available nobody is waiting: release hands permits to waiters first.
            available--;
            return Future.succeeded(loop, new Permit(this));
        }
        return waiters.add(timeout).promise;
    }

    /** Gives a permit back: to the oldest waiter if there is one, otherwise to the count. */
    @Override
    public void release() {
        loop.checkLoopThread(name() + ".release");
        checkRelease(available);
        for (Waiters.Node<Permit> next; (next = waiters.pollLive()) != null; ) {
            if (next.promise.tryComplete(new Permit(this))) {
                return;
            }
        }
        available++;
    }

    /** A hook for {@link BoundedSemaphore}: refuse a release that would exceed the bound. */
    void checkRelease(int availableNow) {
    }

    /**
     * Permits that can be acquired right now without waiting.
     *
     * @return how many permits {@link #acquire()} would hand out now without waiting
     */
    public int available() {
        return available;
    }

    /**
     * Waiters in line (cancelled ones not yet swept included). Loop thread.
     *
     * @return how many acquirers are waiting, counting cancelled ones not yet removed
     */
    public int waiting() {
        return waiters.size();
    }

    String name() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name() + "[available=" + available + ", waiting=" + waiters.size() + "]";
    }
}
