package dev.eddy;

import java.time.Duration;

/**
 * A {@link LoopClock} that only moves when told to: for tests of timers and timeouts.
 *
 * <p>Moving the clock does not wake a sleeping loop by itself (the clock does not know its
 * loop). After {@link #advance}, add any callback to the loop (even an empty one) so it
 * runs an iteration and notices the timers that became due.
 *
 * <p>Thread-safe: the time is a volatile field, so a test thread may advance it while the
 * loop thread reads it.
 */
public final class ManualClock implements LoopClock {

    private volatile long now;

    /** Starts at an arbitrary non-zero time, so code that treats 0 specially is caught. */
    public ManualClock() {
        this(1_000_000_000L);
    }

    /**
     * A clock that reads {@code startNanos} until advanced.
     *
     * @param startNanos the time the clock reads at first, in nanoseconds
     */
    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves time forward; a negative amount is refused (the clock is monotonic).
     *
     * @param amount how far to move; zero or more
     */
    public synchronized void advance(Duration amount) {
        long nanos = amount.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + amount);
        }
        now += nanos;
    }
}
