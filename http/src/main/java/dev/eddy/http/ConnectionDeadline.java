package dev.eddy.http;

/**
 * The timeouts of an {@link HttpConnection}: which deadline applies in its current state
 * (header, body, idle, a client that stopped reading, the end of a lingering close), and one timer for a deadline that
 * moves all the time, without touching the loop's timer heap each time it moves.
 *
 * <p>A connection's deadline changes on every request (idle, then header, then body ...);
 * cancelling and re-adding a timer for each change would cost two heap operations and a
 * {@link dev.eddy.Timeout} per request. Instead {@link #arm} re-arms the timer only when the
 * current deadline is <em>earlier</em> than the one armed; when it fires, {@link #fired}
 * looks at the real deadline and either acts or arms again (a timer that fires early just
 * sleeps again). A busy keep-alive connection therefore touches the heap about once per
 * idle timeout, not once per request.
 *
 * <p>The timer's two fields live in the connection, which is also the timer's
 * {@code Runnable}: an idle connection pays for its armed {@code Timeout} and nothing else.
 * This class is only the logic. Loop thread only.
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

    private ConnectionDeadline() {
    }

    /** The loop time at which {@code c} has waited too long, or 0 for no limit now. */
    static long deadline(HttpConnection c) {
        HttpServerOptions options = c.options;
        if (c.state == ConnectionState.CLOSING || c.outputPending()) {
            return c.output.lastProgress() + options.idleTimeout().toNanos();
        }
        if (c.state == ConnectionState.READING_HEAD) {
            if (c.ownParser != null || c.held != null) {
                return c.headStart + options.headerTimeout().toNanos();
            }
            long idle = options.idleTimeout().toNanos();
            return c.lastActivity + (c.shuttingDown ? Math.min(idle, DRAIN_IDLE_NANOS) : idle);
        }
        if (c.state == ConnectionState.LINGERING) {
            long quiet = c.lastActivity + LINGER_QUIET.toNanos();
            long most = c.lingerSince + LINGER_MOST.toNanos();
            return quiet - most < 0 ? quiet : most;
        }
        if (c.body != null && c.body.isWaitingForData()) {
            return Math.max(c.lastActivity, c.body.waitStart()) + options.bodyTimeout().toNanos();
        }
        return 0;       // the handler is working; its time is its own business
    }

    /** Makes sure {@code c} hears from its timer no later than its current deadline. */
    static void arm(HttpConnection c) {
        long d = deadline(c);
        if (d != 0 && (c.timer == null || d - c.timerAt < 0)) {
            if (c.timer != null) {
                c.timer.cancel();
            }
            c.timerAt = d;
            c.timer = c.loop.callAt(d, c);
        }
    }

    static void cancel(HttpConnection c) {
        if (c.timer != null) {
            c.timer.cancel();
            c.timer = null;
        }
    }

    /** The timer fired (maybe early: the deadline may have moved since). */
    static void fired(HttpConnection c) {
        if (c.isClosed()) {
            return;
        }
        c.now = c.loop.time();
        long d = deadline(c);
        if (d == 0) {
            return;
        }
        if (c.now - d < 0) {
            arm(c);
            return;
        }
        HttpServerOptions options = c.options;
        if (c.state == ConnectionState.LINGERING) {
            c.close();        // the client is quiet, or has sent for too long: the answer had its chance
        } else if (c.state == ConnectionState.CLOSING || c.outputPending()) {
            c.abort("client stopped reading");
        } else if (c.state == ConnectionState.READING_HEAD && (c.ownParser != null || c.held != null)) {
            ConnectionEnding.protocolError(c, 408, "request head not received within " + options.headerTimeout());
            c.endBatch();
        } else if (c.state == ConnectionState.READING_HEAD) {
            c.close();        // idle keep-alive connection
        } else {
            ConnectionEnding.protocolError(c, 408, "request body not received within " + options.bodyTimeout());
            c.endBatch();
        }
    }
}
