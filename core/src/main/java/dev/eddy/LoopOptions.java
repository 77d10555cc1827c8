package dev.eddy;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build an {@link IOLoop}. Start from {@link #defaults()} and change what you need:
 * {@code LoopOptions.defaults().withName("api").withBlockingThreshold(Duration.ofMillis(200))}.
 *
 * @param name              used for the loop thread's name in logs and the watchdog's
 *                          warnings; default {@code "eddy-loop"}
 * @param clock             where timers read time; default {@link LoopClock#system()}
 * @param blockingThreshold when one callback, timer or handler runs longer than this, the
 *                          watchdog logs a warning naming it, with the loop thread's stack
 *                          taken while it was blocked (and records a {@code dev.eddy.LoopBlocked}
 *                          Flight Recorder event); default
 *                          {@link #DEFAULT_BLOCKING_THRESHOLD} (2 s).
 *                          {@code withBlockingThreshold(null)} turns the watchdog off for
 *                          this loop (a loop that runs under a debugger's breakpoints, say)
 * @param tracker           told about the timers, channels, coroutines and futures the loop
 *                          hands out; only {@code dev.eddy.testing.TestLoop} sets one, to check
 *                          for leaks. {@code null} (the default, and always in production)
 */
public record LoopOptions(String name, LoopClock clock, Duration blockingThreshold, LoopTracker tracker) {

    /**
     * The watchdog's default threshold, 2 seconds, as Vert.x's blocked-thread checker has it:
     * far above anything a healthy callback takes (a loop serves requests in microseconds),
     * so a warning always means a real stall (a blocking call, a runaway loop, a deadlock)
     * and never a garbage collection or a loaded machine's scheduling delay. Lower it (to
     * 50-200 ms) to hunt for sluggish callbacks; the {@code dev.eddy.SlowCallback} event
     * finds those without any warning in the log.
     */
    public static final Duration DEFAULT_BLOCKING_THRESHOLD = Duration.ofSeconds(2);

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param name the loop thread's name; not null
     * @param clock where timers read time; not null
     * @param blockingThreshold the watchdog's limit, positive, or null for no watchdog
     * @param tracker told about what the loop hands out, or null
     */
    public LoopOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        if (blockingThreshold != null && (blockingThreshold.isNegative() || blockingThreshold.isZero())) {
            throw new IllegalArgumentException("blockingThreshold must be positive: " + blockingThreshold);
        }
    }

    /**
     * The defaults listed in the class comment.
     *
     * @return options named "eddy-loop", on the system clock, with the watchdog at
     *     {@link #DEFAULT_BLOCKING_THRESHOLD} and no tracker
     */
    public static LoopOptions defaults() {
        return new LoopOptions("eddy-loop", LoopClock.system(), DEFAULT_BLOCKING_THRESHOLD, null);
    }

    /**
     * A copy with {@code name} replaced; see the class comment.
     *
     * @param name the loop thread's name
     * @return a copy with that name
     */
    public LoopOptions withName(String name) {
        return new LoopOptions(name, clock, blockingThreshold, tracker);
    }

    /**
     * A copy with {@code clock} replaced; see the class comment.
     *
     * @param clock where timers read time
     * @return a copy with that clock
     */
    public LoopOptions withClock(LoopClock clock) {
        return new LoopOptions(name, clock, blockingThreshold, tracker);
    }

    /**
     * A copy with {@code blockingThreshold} replaced; see the class comment.
     *
     * @param threshold the watchdog's limit, positive, or null for no watchdog
     * @return a copy with that threshold
     */
    public LoopOptions withBlockingThreshold(Duration threshold) {
        return new LoopOptions(name, clock, threshold, tracker);
    }

    /**
     * A copy with {@code tracker} replaced; see the class comment (tests only).
     *
     * @param tracker told about what the loop hands out, or null
     * @return a copy with that tracker
     */
    public LoopOptions withTracker(LoopTracker tracker) {
        return new LoopOptions(name, clock, blockingThreshold, tracker);
    }
}
