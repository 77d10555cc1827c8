package dev.eddy.http.websocket;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The keep-alive of a {@link WebSocket}: a ping after {@link WebSocketOptions#pingInterval()} of
 * quiet (proxies and NATs drop connections that look dead), and giving up after
 * {@link WebSocketOptions#idleTimeout()} of silence (the peer vanished without a FIN, so TCP
 * alone would never tell).
 *
 * <p>One timer, re-armed lazily: receiving bytes only notes the time; when the timer fires it
 * looks at that time and either acts or sleeps until the next point that matters. So a busy
 * connection costs no timer work per message. Loop thread only.
 */
final class KeepAlive {

    private final IOLoop loop;
    private final long pingNanos;
    private final long idleNanos;
    private final Duration idleTimeout;
    private final Runnable sendPing;
    private final Consumer<String> giveUp;
    private Timeout timer;
    private long lastReceived;
    private long lastPing;
    private boolean stopped;

    /**
     * @param sendPing called when a ping is due
     * @param giveUp   called with a reason when the peer has been silent too long
     */
    KeepAlive(IOLoop loop, WebSocketOptions options, Runnable sendPing, Consumer<String> giveUp) {
        this.loop = loop;
        this.pingNanos = options.pingInterval().toNanos();
        this.idleNanos = options.idleTimeout().toNanos();
        this.idleTimeout = options.idleTimeout();
        this.sendPing = sendPing;
        this.giveUp = giveUp;
    }

    /**
     * True when {@code options} ask for pings or an idle timeout. Without either there is nothing
     * to do, and a connection makes no KeepAlive at all (an idle connection's memory counts).
     */
    static boolean isWanted(WebSocketOptions options) {
        return !options.pingInterval().isZero() || !options.idleTimeout().isZero();
    }

    void start() {
        lastReceived = loop.time();
        lastPing = lastReceived;
        schedule();
    }

    /** Bytes arrived from the peer. */
    void received(long now) {
        lastReceived = now;
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void schedule() {
        if (stopped || (pingNanos == 0 && idleNanos == 0)) {
            return;
        }
        long next = Long.MAX_VALUE;
        if (pingNanos > 0) {
            next = Math.max(lastReceived, lastPing) + pingNanos;
        }
        if (idleNanos > 0) {
            next = Math.min(next, lastReceived + idleNanos);
        }
        timer = loop.callLater(Duration.ofNanos(Math.max(0, next - loop.time())), this::fire);
    }

    private void fire() {
        timer = null;
        if (stopped) {
            return;
        }
        long now = loop.time();
        if (idleNanos > 0 && now - lastReceived >= idleNanos) {
            giveUp.accept("nothing received for " + idleTimeout);
            return;
        }
        if (pingNanos > 0 && now - Math.max(lastReceived, lastPing) >= pingNanos) {
            lastPing = now;
            sendPing.run();
        }
        schedule();
    }
}
