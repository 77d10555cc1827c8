package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;

import java.time.Duration;
import java.util.Objects;

/**
 * A flag that coroutines can wait for: {@link #await()} waits until it is set, {@link #set()}
 * releases every waiter at once, {@link #clear()} lowers it again. Use it for "started",
 * "shutting down", "the config has loaded". Tornado's {@code locks.Event}.
 *
 * <p>Waiting on an event that is already set costs nothing: the same finished future is
 * returned every time. Setting twice is harmless (idempotent). Clearing does not affect
 * waiters that were already released.
 *
 * <p>Tornado calls the waiting method {@code wait}; in Java {@code Object.wait()} is final, so
 * it is {@code await} here, the name {@code java.util.concurrent.locks.Condition} uses.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise.
 */
public final class Event {

    private final IOLoop loop;
    private final Waiters<Void> waiters;
    private final Future<Void> alreadySet;
    private boolean set;

    /** An event (not set) for the loop running on this thread. */
    public Event() {
        this(IOLoop.current());
    }

    /**
     * An event, not set, whose waiters are completed on {@code loop}; use it on that loop's thread only.
     *
     * @param loop the loop whose thread uses this event; waiters are completed there
     */
    public Event(IOLoop loop) {
        this(loop, false);
    }

    /** An event that may start set (for {@link Queue}, whose join is done until the first put). */
    Event(IOLoop loop, boolean initiallySet) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.set = initiallySet;
        this.waiters = new Waiters<>(loop, p -> p.tryFail(new TimeoutException("Event.await timed out")));
        this.alreadySet = Future.succeeded(loop, null);
    }

    /**
     * True between {@link #set()} and {@link #clear()}.
     *
     * @return whether the event is set now
     */
    public boolean isSet() {
        return set;
    }

    /** Sets the flag and releases every waiter, oldest first. Setting a set event does nothing. */
    public void set() {
        loop.checkLoopThread("Event.set");
        if (set) {
            return;
        }
        set = true;
        for (Waiters.Node<Void> n; (n = waiters.pollLive()) != null; ) {
            n.promise.tryComplete(null);
        }
    }

    /** Lowers the flag: later {@link #await()} calls wait again until the next {@link #set()}. */
    public void clear() {
        loop.checkLoopThread("Event.clear");
        set = false;
    }

    /**
     * A future that succeeds when the event is set; already done if it is set now.
     *
     * @return a future completing (with null) when the event is set; it never fails except by
     *     cancellation
     */
    public Future<Void> await() {
        return await(null);
    }

    /**
     * Like {@link #await()}, but fails with {@link TimeoutException} if the event is not set
     * within {@code timeout} (null: wait forever).
     *
     * @param timeout how long to wait for the event, or null to wait forever
     * @return a future completing (with null) when the event is set, or failing with
     *     {@link TimeoutException} when {@code timeout} passes first
     */
    public Future<Void> await(Duration timeout) {
        loop.checkLoopThread("Event.await");
        return set ? alreadySet : waiters.add(timeout).promise;
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
        return "Event[" + (set ? "set" : "clear, " + waiters.size() + " waiting") + "]";
    }
}
