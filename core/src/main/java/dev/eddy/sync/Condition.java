package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.Objects;

/**
 * A place where coroutines wait until another one tells them something changed: waiters
 * call {@link #await()}, a notifier calls {@link #signal(int)} to wake the oldest {@code n},
 * or {@link #signalAll()}. Unlike {@link Event} there is no flag: a signal with nobody
 * waiting is simply lost. Tornado's {@code locks.Condition}.
 *
 * <p>A timed wait resolves to {@code false} on timeout instead of failing (as in Tornado),
 * so a loop "wait for a change or a second, whichever comes first" needs no try/catch. A
 * timed-out waiter leaves the line at once: it is not counted by a later
 * {@code signal(n)}, and any number of timed-out waits leave nothing behind.
 *
 * <p>Tornado's names are {@code wait}/{@code notify}/{@code notify_all}; in Java those
 * methods of {@code Object} are final, so these are the names of
 * {@code java.util.concurrent.locks.Condition}: {@code await}/{@code signal}/{@code signalAll}.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise.
 */
public final class Condition {

    private final IOLoop loop;
    private final Waiters<Boolean> waiters;

    /** A condition for the loop running on this thread. */
    public Condition() {
        this(IOLoop.current());
    }

    /**
     * A condition whose waiters are woken on {@code loop}; use it on that loop's thread only.
     *
     * @param loop the loop whose thread uses this condition; waiters are completed there
     */
    public Condition(IOLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.waiters = new Waiters<>(loop, p -> p.tryComplete(Boolean.FALSE));
    }

    /**
     * A future that succeeds with {@code true} when this waiter is signalled.
     *
     * @return a future completing with {@code true} when a signal reaches this waiter; it never
     *     completes with {@code false}, as it has no timeout
     */
    public Future<Boolean> await() {
        return await(null);
    }

    /**
     * A future that succeeds with {@code true} when signalled, or with {@code false} when
     * {@code timeout} passes first (null: wait forever).
     *
     * @param timeout how long to wait for a signal, or null to wait forever
     * @return a future completing with {@code true} when signalled, {@code false} on timeout
     */
    public Future<Boolean> await(Duration timeout) {
        loop.checkLoopThread("Condition.await");
        return waiters.add(timeout).promise;
    }

    /** Wakes the oldest waiter, if any. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the {@code n} oldest waiters that are still waiting (timed-out and cancelled ones
     * are not counted). Returns how many were woken.
     *
     * @param n how many of the oldest waiters to wake; 0 wakes none
     * @return how many waiters were woken, at most {@code n}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int signal(int n) {
        loop.checkLoopThread("Condition.signal");
        if (n < 0) {
            throw new IllegalArgumentException("signal(n) needs n >= 0: " + n);
        }
        int woken = 0;
        Waiters.Node<Boolean> next;
        while (woken < n && (next = waiters.pollLive()) != null) {
            if (next.promise.tryComplete(Boolean.TRUE)) {
                woken++;
            }
        }
        return woken;
    }

    /**
     * Wakes every waiter. Returns how many were woken.
     *
     * @return how many waiters were woken
     */
    public int signalAll() {
        return signal(Integer.MAX_VALUE);
    }

    /**
     * Waiters in line (cancelled ones not yet swept included). Loop thread.
     *
     * @return how many waiters are in line, counting cancelled ones not yet removed
     */
    public int waiting() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Condition[" + waiters.size() + " waiting]";
    }
}
