package dev.eddy.testing;

import dev.eddy.LoopClock;

import java.time.Duration;

/**
 * Virtual time for tests: a {@link LoopClock} that stands still while the loop has work and
 * jumps straight to the next timer's deadline when it has none (Trio's autojump clock). A
 * test of "retry with back-off over ten minutes" then runs in milliseconds, and the same way
 * every time: timers fire in deadline order, each exactly at its deadline.
 *
 * <p>The loop does the jumping (see {@link LoopClock.Jumping}): when no callback is waiting
 * and a timer lies ahead, it waits for IO up to {@link #realWait()} of real time (by default
 * it only looks, without waiting), and if nothing became ready, moves this clock to the
 * timer. Real sockets between two parties on the same loop keep working, since loopback
 * bytes are there as soon as they are written. A party outside the loop (a server on
 * another thread, a subprocess) may need a moment of real time to answer: give the clock a
 * real wait ({@link #withRealWait}) or the loop will jump past it to the next timeout.
 *
 * <p>Thread-safe: the time is a volatile field; only the loop thread jumps, and a test
 * thread may {@link #advance} it by hand.
 */
public final class VirtualClock implements LoopClock.Jumping {

    /** Where virtual time starts: non-zero, so code that treats 0 specially is caught. */
    private static final long START = 1_000_000_000L;

    private final long realWaitMillis;
    private volatile long now = START;

    private VirtualClock(long realWaitMillis) {
        this.realWaitMillis = realWaitMillis;
    }

    /** A clock that jumps as soon as the loop finds nothing ready (no real wait). */
    public VirtualClock() {
        this(0);
    }

    /**
     * A clock whose loop waits up to {@code realWait} of real time for IO before each jump:
     * for tests that talk to something outside the loop. Rounded up to whole milliseconds.
     *
     * @param realWait how long the idle loop waits for IO before it jumps; not negative
     * @return a new clock
     */
    public static VirtualClock withRealWait(Duration realWait) {
        if (realWait.isNegative()) {
            throw new IllegalArgumentException("realWait must not be negative: " + realWait);
        }
        return new VirtualClock((realWait.toNanos() + 999_999) / 1_000_000);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long realWaitMillis() {
        return realWaitMillis;
    }

    /**
     * See {@link #withRealWait}.
     *
     * @return the real time the idle loop waits for IO before each jump
     */
    public Duration realWait() {
        return Duration.ofMillis(realWaitMillis);
    }

    @Override
    public synchronized void jumpTo(long deadlineNanos) {
        if (deadlineNanos - now > 0) {
            now = deadlineNanos;
        }
    }

    /**
     * Moves time forward by hand; a negative amount is refused (the clock is monotonic).
     * Like any change of time made off the loop, it does not wake a sleeping loop.
     *
     * @param amount how far to move; not negative
     */
    public synchronized void advance(Duration amount) {
        long nanos = amount.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + amount);
        }
        now += nanos;
    }

    /**
     * Virtual time since the clock was made.
     *
     * @return how far the clock has moved
     */
    public Duration elapsed() {
        return Duration.ofNanos(now - START);
    }

    @Override
    public String toString() {
        return "VirtualClock[elapsed=" + elapsed() + (realWaitMillis > 0 ? ", realWait=" + realWaitMillis + "ms" : "") + "]";
    }
}
