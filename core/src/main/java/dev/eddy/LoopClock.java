package dev.eddy;

/**
 * The loop's source of time: a monotonic count of nanoseconds with an arbitrary origin.
 *
 * <p>Why an interface instead of calling {@link System#nanoTime()} directly: timers,
 * timeouts and periodic callbacks all read time from the loop, so a test can hand the
 * loop a {@link ManualClock} and move time forward by hand, deterministically, instead of
 * sleeping and hoping. Production code uses {@link #system()}.
 *
 * <p>Only differences between two readings mean anything; never compare a reading with
 * wall-clock time.
 *
 * <p>A clock may also be {@link Jumping}: then the loop, instead of sleeping until its next
 * timer, moves the clock there (virtual time, for tests).
 */
@FunctionalInterface
public interface LoopClock {

    /**
     * Current time in nanoseconds on a monotonic scale.
     *
     * @return the time in nanoseconds; only differences between two readings mean anything
     */
    long nanoTime();

    /**
     * The JVM's monotonic clock, {@link System#nanoTime()}.
     *
     * @return the system clock
     */
    static LoopClock system() {
        return System::nanoTime;
    }

    /**
     * A clock the loop itself moves forward when it has nothing to do: virtual time, for
     * tests ({@code dev.eddy.testing.VirtualClock}). When no callback is waiting and a timer
     * lies ahead, a loop on a jumping clock first waits up to {@link #realWaitMillis()} of
     * real time for IO (a look without waiting when 0); if nothing became ready, it calls
     * {@link #jumpTo} with the next timer's deadline instead of sleeping until then. So
     * timers fire in order, each at its exact deadline, as fast as the loop can run them,
     * and real sockets still work: time only jumps while none of them is ready.
     *
     * <p>Production loops never use one; with an ordinary clock the loop's only extra cost
     * is a null check before it sleeps.
     */
    interface Jumping extends LoopClock {

        /**
         * Real milliseconds an idle loop waits for IO before it jumps; 0 = only look.
         *
         * @return the milliseconds to wait, 0 or more
         */
        long realWaitMillis();

        /**
         * Moves the clock forward to {@code deadlineNanos}; called on the loop thread.
         *
         * @param deadlineNanos the time to move to, on this clock's scale
         */
        void jumpTo(long deadlineNanos);
    }
}
