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
 */
@FunctionalInterface
public interface LoopClock {

    /** Current time in nanoseconds on a monotonic scale. */
    long nanoTime();

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    static LoopClock system() {
        return System::nanoTime;
    }
}
