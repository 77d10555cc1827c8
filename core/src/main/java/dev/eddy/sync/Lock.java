package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;

import java.time.Duration;
import java.util.Objects;

/**
 * A mutual-exclusion lock for coroutines on one loop: at most one holder at a time, the
 * others wait in a future. Tornado's {@code locks.Lock}.
 *
 * <p>Why a lock on a single thread at all: a coroutine gives up the thread at every await, so
 * two coroutines can interleave inside a sequence of steps that must not interleave
 * ("read the balance, await the database, write the balance"). {@code synchronized} cannot
 * help (it would block the only thread, and the same thread re-enters it anyway); a lock
 * whose acquire is a future can.
 *
 * <p>Fairness: waiters are served strictly in arrival order, and {@link #release()} hands the
 * lock <em>directly</em> to the oldest waiter (the lock never becomes free in between), so a
 * newcomer calling {@link #acquire()} at that moment cannot jump the queue.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise. It never blocks a thread.
 */
public final class Lock implements Permit.Owner {

    private final IOLoop loop;
    private final Waiters<Permit> waiters;
    private boolean locked;

    /** A lock for the loop running on this thread. */
    public Lock() {
        this(IOLoop.current());
    }

    /**
     * An unlocked lock whose waiters are completed on {@code loop}; use it on that loop's thread only.
     *
     * @param loop the loop whose thread uses the lock; waiters are completed there
     */
    public Lock(IOLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.waiters = new Waiters<>(loop, p -> p.tryFail(new TimeoutException("Lock.acquire timed out")));
    }

    /**
     * A future that succeeds with a {@link Permit} once this caller holds the lock: already
     * done if the lock was free. Close the permit (or call {@link #release()}) to release.
     * Cancelling the future while it waits gives up the place in line.
     *
     * @return a future completing with the caller's permit once the lock is theirs
     */
    public Future<Permit> acquire() {
        return acquire(null);
    }

    /**
     * Like {@link #acquire()}, but fails with {@link TimeoutException} when the lock could not
     * be had within {@code timeout}; a timed-out waiter leaves the line and never gets the lock.
     *
     * @param timeout how long to wait, or null to wait forever
     * @return a future completing with the caller's permit, or failing with
     *     {@link TimeoutException} when {@code timeout} passes first
     */
    public Future<Permit> acquire(Duration timeout) {
        loop.checkLoopThread("Lock.acquire");
        if (!locked) {
            locked = true;
            return Future.succeeded(loop, new Permit(this));
        }
        return waiters.add(timeout).promise;
    }

    /**
     * Releases the lock: the oldest waiter gets it at once, or it becomes free.
     *
     * @throws IllegalStateException if the lock is not locked (a double release is a bug that
     *                               would otherwise hand out two permits)
     */
    @Override
    public void release() {
        loop.checkLoopThread("Lock.release");
        if (!locked) {
            throw new IllegalStateException("release of an unlocked Lock");
        }
        for (Waiters.Node<Permit> next; (next = waiters.pollLive()) != null; ) {
            if (next.promise.tryComplete(new Permit(this))) {
                return;             // handed over: still locked, now by the waiter
            }
        }
        locked = false;
    }

    /**
     * True while someone holds the lock.
     *
     * @return whether someone holds the lock now
     */
    public boolean isLocked() {
        return locked;
    }

    /**
     * Waiters in line (cancelled ones not yet swept included). Loop thread.
     *
     * @return how many acquirers are waiting, counting cancelled ones not yet removed
     */
    public int waiting() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked, " + waiters.size() + " waiting" : "unlocked") + "]";
    }
}
