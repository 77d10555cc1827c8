package dev.eddy;

/**
 * A handle to a timer scheduled with {@link IOLoop#callLater} or {@link IOLoop#callAt}:
 * it says when the timer is due and lets its owner cancel it.
 *
 * <p>The timer is also the node of the loop's {@code TimerQueue}: it remembers its own
 * index in the heap, which is what makes {@link #cancel()} an O(log n) removal instead of
 * a search, and why a service that schedules and cancels a million timeouts (the common
 * case: most timeouts never fire) leaves nothing behind.
 *
 * <p>Cancelling is safe from any thread: off the loop thread the removal is handed to the
 * loop. Cancelling a timer that already ran, or was already cancelled, does nothing. The
 * timer knows neither the loop nor its timers, only the one function that cancels it
 * (the loop's timers give it): cancelling is their business.
 */
public final class Timeout {

    static final int SCHEDULED = 0;
    static final int DUE = 1;        // taken off the heap, about to run in this iteration
    static final int FIRED = 2;
    static final int CANCELLED = 3;

    /**
     * Who takes a cancelled timeout off its queue: the loop's timers. A timeout is given this
     * one function rather than the timers themselves, so it names no part above it.
     */
    interface Canceller {
        boolean cancel(Timeout timeout);
    }

    private final Canceller timers;
    final long deadline;
    long sequence;                   // ties on the deadline run in the order they were added
    Runnable task;                   // dropped once fired or cancelled, so it can be collected
    int heapIndex = -1;              // position in TimerQueue, -1 when not in the heap
    volatile int state = SCHEDULED;

    Timeout(Canceller timers, long deadline, Runnable task) {
        this.timers = timers;
        this.deadline = deadline;
        this.task = task;
    }

    /**
     * When the timer is due, on the loop's clock ({@link IOLoop#time()}).
     *
     * @return the deadline in nanoseconds, on the loop's clock
     */
    public long deadline() {
        return deadline;
    }

    /**
     * True once cancelled before it ran.
     *
     * @return whether the timer was cancelled
     */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * True once the timer's task has been started.
     *
     * @return whether the timer's task has started
     */
    public boolean hasFired() {
        return state == FIRED;
    }

    /**
     * Cancels the timer if it has not run yet. Returns true if this call cancelled it.
     * A due timer cancelled by an earlier timer of the same iteration does not run.
     * From another thread the call returns true optimistically when the timer was still
     * pending, and the loop removes it on its next turn (it will not run after that).
     *
     * @return whether this call cancelled the timer
     */
    public boolean cancel() {
        return timers.cancel(this);
    }

    @Override
    public String toString() {
        String[] names = {"scheduled", "due", "fired", "cancelled"};
        return "Timeout[deadline=" + deadline + ", " + names[state] + "]";
    }
}
