package dev.eddy.http;

import dev.eddy.Timeout;

/**
 * The timeouts of an {@link HttpConnection}: which deadline applies in its current state
 * (header, body, idle, a client that stopped reading, the end of a lingering close), and one
 * timer for a deadline that moves all the time, without touching the loop's timer heap each
 * time it moves.
 *
 * <p>A connection's deadline changes on every request (idle, then header, then body ...);
 * cancelling and re-adding a timer for each change would cost two heap operations and a
 * {@link dev.eddy.Timeout} per request. Instead {@link #arm} re-arms the timer only when the
 * current deadline is <em>earlier</em> than the one armed; when it fires, {@link #fired}
 * looks at the real deadline and either arms again (a timer that fires early just sleeps
 * again) or says which deadline passed ({@link Passed}), and the connection acts on that. A
 * busy keep-alive connection therefore touches the heap about once per idle timeout, not
 * once per request.
 *
 * <p>Every connection has one (a connection always has a deadline), so it holds only the
 * timer and the time of the client's last activity; the connection is the timer's
 * {@code Runnable}. It reads the connection's parts to find the deadline and changes nothing
 * of theirs. Loop thread only.
 */
final class ConnectionDeadline {

    /**
     * During a graceful shutdown, how long an idle keep-alive connection waits for one more
     * request before it is closed (its idle timeout, if that is shorter); see
     * {@link ConnectionEnding#shutdown}.
     */
    static final long DRAIN_IDLE_NANOS = java.time.Duration.ofSeconds(1).toNanos();

    /**
     * A lingering close ({@link ConnectionState#LINGERING}) ends when the client has sent
     * nothing for this long (Apache waits two seconds between reads, nginx five).
     */
    static final java.time.Duration LINGER_QUIET = java.time.Duration.ofSeconds(2);
    /** A lingering close ends after this long at most, however steadily the client sends (nginx's lingering_time). */
    static final java.time.Duration LINGER_MOST = java.time.Duration.ofSeconds(30);

    /** What {@link #fired} found: which deadline passed, for the connection to act on. */
    enum Passed {
        /** None yet (the timer fired early and is armed again), or none applies now. */
        NONE,
        /** A lingering close is over: the client has been quiet, or has sent for too long. */
        LINGER_OVER,
        /** Our bytes have made no progress into the socket for the idle timeout. */
        CLIENT_STOPPED_READING,
        /** A request head began but did not complete within the header timeout. */
        HEAD_LATE,
        /** A keep-alive connection had nothing to do for the idle timeout. */
        IDLE,
        /** The handler waits for body bytes that did not come within the body timeout. */
        BODY_LATE
    }

    private Timeout timer;
    /** When {@link #timer} fires. */
    private long timerAt;
    /** When the client last sent a byte, or the last exchange ended (loop time). */
    private long lastActivity;

    ConnectionDeadline(long now) {
        this.lastActivity = now;
    }

    /** The client sent bytes, or an exchange ended: the idle (and lingering) count restarts at {@code now}. */
    void activity(long now) {
        lastActivity = now;
    }

    long lastActivity() {
        return lastActivity;
    }

    /**
     * Which deadline applies to {@code c} now, in the order that decides it: the lingering
     * close, a client that stopped reading, a head arriving too slowly, the idle wait between
     * requests, a body arriving too slowly; {@link Passed#NONE} while the handler works (its
     * time is its own business). {@link #deadline} and {@link #fired} both ask here, so the
     * timer is armed for the deadline that is then reported.
     */
    private static Passed applying(HttpConnection c) {
        ConnectionState s = c.state;
        if (s == ConnectionState.LINGERING) {
            return Passed.LINGER_OVER;
        }
        if (s == ConnectionState.CLOSING || c.outputPending()) {
            return Passed.CLIENT_STOPPED_READING;
        }
        if (s == ConnectionState.READING_HEAD) {
            return c.held != null ? Passed.HEAD_LATE : Passed.IDLE;
        }
        if (c.body != null && c.body.isWaitingForData()) {
            return Passed.BODY_LATE;
        }
        return Passed.NONE;
    }

    /** The loop time at which {@code c} has waited too long, or 0 for no limit now. */
    long deadline(HttpConnection c) {
        return deadline(c, applying(c));
    }

    private long deadline(HttpConnection c, Passed which) {
        HttpServerOptions options = c.shared.options;
        return switch (which) {
            case LINGER_OVER -> {
                long quiet = lastActivity + LINGER_QUIET.toNanos();
                long most = c.ending.lingerSince() + LINGER_MOST.toNanos();
                yield quiet - most < 0 ? quiet : most;
            }
            case CLIENT_STOPPED_READING -> c.output.lastProgress() + options.idleTimeout().toNanos();
            case HEAD_LATE -> c.held.headStart() + options.headerTimeout().toNanos();
            case IDLE -> {
                long idle = options.idleTimeout().toNanos();
                yield lastActivity + (c.shuttingDown() ? Math.min(idle, DRAIN_IDLE_NANOS) : idle);
            }
            case BODY_LATE -> Math.max(lastActivity, c.body.waitStart()) + options.bodyTimeout().toNanos();
            case NONE -> 0;     // the handler is working; its time is its own business
        };
    }

    /** Makes sure {@code c} hears from its timer no later than its current deadline. */
    void arm(HttpConnection c) {
        long d = deadline(c);
        if (d != 0 && (timer == null || d - timerAt < 0)) {
            if (timer != null) {
                timer.cancel();
            }
            timerAt = d;
            timer = c.loop.callAt(d, c);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * The timer fired (maybe early: the deadline may have moved since); {@code c.now} is fresh.
     *
     * @return which deadline passed, or {@link Passed#NONE} (the timer is armed again if one applies)
     */
    Passed fired(HttpConnection c) {
        timer = null;
        if (c.isClosed()) {
            return Passed.NONE;
        }
        Passed which = applying(c);
        if (which == Passed.NONE) {
            return Passed.NONE;
        }
        if (c.now - deadline(c, which) < 0) {
            arm(c);             // it moved since the timer was set
            return Passed.NONE;
        }
        return which;
    }
}
