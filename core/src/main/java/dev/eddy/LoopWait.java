package dev.eddy;

import java.io.IOException;

/**
 * Step 3 of an iteration: waiting in {@code select} for something to do, as long as the loop
 * may. Four ways to wait, chosen by what is already waiting:
 * <ul>
 *   <li>callbacks are queued (or the loop must stop): just look at the channels, never sleep;</li>
 *   <li>other threads have just handed over a burst of callbacks: a select that does not wait,
 *       and one more iteration, which gives them a moment to hand over more before the loop
 *       sleeps (see {@link CallbackQueue}, "Looking again before sleeping");</li>
 *   <li>otherwise sleep until the next timer is due, or until woken if there is none;</li>
 *   <li>on a {@linkplain LoopClock.Jumping jumping clock} (a test's virtual time), wait for
 *       IO only as long as the clock allows, and if nothing at all happened meanwhile, move
 *       the clock to the next timer instead of sleeping until it is due.</li>
 * </ul>
 *
 * <p>Sleeping follows the wake-up protocol of {@link CallbackQueue}: publish "asleep", look
 * at the inbox once more, and only then block; a producer that finds the loop asleep wakes
 * it. This class holds the loop's side of that handshake, and says whether the loop is in
 * {@code select} ({@link #isSelecting()}), which the watchdog needs: a loop asleep in select
 * is idle, not blocked.
 *
 * <p>A stop request ({@link #requestStop()}) is the other reason not to sleep, so its flag
 * lives here too; the loop ends its run when it sees it.
 *
 * <p>Loop thread only, except {@link #isSelecting()} and {@link #requestStop()}.
 */
final class LoopWait {

    private final LoopClock clock;
    private final CallbackQueue callbacks;
    private final LoopTimers timers;
    private final LoopSelector channels;
    private final LoopClock.Jumping jumpingClock;     // the loop's clock when it jumps (tests), else null
    private volatile boolean selecting;
    private volatile boolean stopRequested;

    LoopWait(CallbackQueue callbacks, LoopTimers timers, LoopSelector channels, LoopClock clock) {
        this.clock = clock;
        this.callbacks = callbacks;
        this.timers = timers;
        this.channels = channels;
        this.jumpingClock = clock instanceof LoopClock.Jumping jumping ? jumping : null;
    }

    /**
     * Waits as long as the loop may, and returns true when the select reported channels
     * ready (step 4 then calls their handlers).
     */
    boolean select() throws IOException {
        try {
            long timeoutMillis = mustNotSleep() ? -1 : timers.selectTimeoutMillis(clock.nanoTime());
            if (timeoutMillis < 0) {                // work is waiting: look, don't sleep
                return channels.poll();
            }
            if (callbacks.burstHandedOver()) {      // other threads were feeding us: one more turn
                return channels.look();
            }
            if (timeoutMillis > 0 && jumpingClock != null) {
                return waitOrJump(timeoutMillis);   // virtual time (tests only)
            }
            return sleep(timeoutMillis);
        } finally {
            selecting = false;
        }
    }

    private boolean mustNotSleep() {
        return callbacks.hasWaitingCallbacks() || stopRequested;
    }

    /**
     * Sleeps in select up to {@code timeoutMillis} (0: until woken), unless something slipped
     * in after the loop decided to sleep: then it only looks (or, when a producer stalled
     * in the middle of handing one over, naps briefly: see {@link CallbackQueue}).
     */
    private boolean sleep(long timeoutMillis) throws IOException {
        selecting = true;
        long limit = callbacks.prepareToSleep(timeoutMillis);   // publish "asleep", look again
        if (limit != CallbackQueue.DONT_SLEEP && !stopRequested) {
            try {
                return channels.await(limit);
            } finally {
                callbacks.awake();
            }
        }
        callbacks.awake();              // something slipped in: don't sleep
        selecting = false;
        return channels.poll();
    }

    /**
     * The idle step on a {@link LoopClock.Jumping} clock: waits for IO only as long as the
     * clock allows (or just looks), and when nothing at all happened meanwhile, moves the
     * clock to the next timer instead of sleeping until it is due.
     */
    private boolean waitOrJump(long timeoutMillis) throws IOException {
        long wait = Math.min(timeoutMillis, jumpingClock.realWaitMillis());
        boolean ready = wait > 0 ? sleep(wait) : channels.poll();
        if (!ready && !mustNotSleep()) {
            jumpingClock.jumpTo(timers.nextDeadline());
        }
        return ready;
    }

    /**
     * Asks the loop to end its run after the current iteration, and not to sleep meanwhile:
     * from another thread the loop is woken if it sleeps. Any thread.
     */
    void requestStop(boolean fromLoopThread) {
        stopRequested = true;
        if (!fromLoopThread) {
            callbacks.wakeIfAsleep();
        }
    }

    /** True once a stop was requested and the run has not ended yet. */
    boolean isStopRequested() {
        return stopRequested;
    }

    /** The run ended: the next one runs until it is stopped again. */
    void clearStop() {
        stopRequested = false;
    }

    /** True while the loop waits in select: idle, not blocked. Any thread (the watchdog). */
    boolean isSelecting() {
        return selecting;
    }
}
