package dev.eddy.http;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

/**
 * One timer for a deadline that moves all the time, without touching the loop's timer heap
 * each time it moves. A connection's deadline changes on every request (idle, then header,
 * then body ...); cancelling and re-adding a timer for each change would cost two heap
 * operations and a {@link Timeout} per request.
 *
 * <p>Instead the owner calls {@link #atMost(long)} with its current deadline. The timer is
 * re-armed only when that deadline is <em>earlier</em> than the one armed; when it fires the
 * owner looks at its real deadline and either acts or calls {@code atMost} again (a timer
 * that fires early just sleeps again). A busy keep-alive connection therefore touches the
 * heap about once per idle timeout, not once per request.
 *
 * <p>Loop thread only.
 */
final class DeadlineTimer {

    private final IOLoop loop;
    private final Runnable onFire;
    private final Runnable fire = this::fire;
    private Timeout timer;
    private long armedAt;

    DeadlineTimer(IOLoop loop, Runnable onFire) {
        this.loop = loop;
        this.onFire = onFire;
    }

    /** Makes sure the owner is called no later than {@code deadline} (loop time, nanoseconds). */
    void atMost(long deadline) {
        if (timer == null || deadline - armedAt < 0) {
            if (timer != null) {
                timer.cancel();
            }
            armedAt = deadline;
            timer = loop.callAt(deadline, fire);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        onFire.run();
    }
}
