package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.tls.TlsClientConfig;

import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps connections open between requests, per origin, within limits (what Tornado's
 * client never did: it opens a connection per request).
 *
 * <pre>
 *  acquire(origin) ─► an idle connection of that origin (newest first)
 *                 └─► else a new connection, if under both limits (per origin, total)
 *                 └─► else wait in one FIFO queue (queueTimeout) until a connection of that
 *                     origin is released or room for a new one appears
 *  release(conn)   ─► to the first waiter for its origin, else to the idle list
 * </pre>
 *
 * Idle connections are handed out newest first, so under light load the oldest ones stay
 * unused and expire (a sweep timer closes them after {@code idleTimeout}). Every connection
 * watches its stream's close, so one the server closed while idle is noticed and dropped;
 * one that still looked alive is caught by the exchange (nothing comes back) and the fetch
 * decides whether a retry is safe. When the total limit is reached but another origin has an
 * idle connection, that one is closed to make room. Loop thread only.
 */
final class ConnectionPool {

    /** Reads are at most {@link Exchange#READ_CHUNK}; a paused stream consumer buffers at most this. */
    private static final StreamOptions STREAM_OPTIONS = StreamOptions.defaults().withMaxReadBuffer(256 << 10);

    private final IOLoop loop;
    private final ClientOptions options;
    private TlsClientConfig tls;        // for https origins; null until the first one when not given
    private final Connector connector;  // null: TCP, and TLS for https (TcpClient)
    private final long idleNanos;
    private final Map<Origin, HostPool> hosts = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int open;                   // connections counted against the total: connecting, busy, idle
    private int idle;
    private Timeout sweeper;
    private boolean serviceScheduled;
    private boolean closed;

    /** The connections of one origin. */
    private static final class HostPool {
        final Origin origin;
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();   // oldest first
        int open;

        HostPool(Origin origin) {
            this.origin = origin;
        }
    }

    /** A request waiting for a connection. */
    private static final class Waiter {
        final Origin origin;
        final Promise<ClientConnection> promise;
        Timeout timer;

        Waiter(Origin origin, Promise<ClientConnection> promise) {
            this.origin = origin;
            this.promise = promise;
        }
    }

    ConnectionPool(IOLoop loop, ClientOptions options, TlsClientConfig tls, Connector connector) {
        this.loop = loop;
        this.options = options;
        this.tls = tls;
        this.connector = connector;
        this.idleNanos = options.idleTimeout().toNanos();
    }

    /**
     * A connection to {@code origin} for one exchange. Cancelling the future gives up the
     * claim: a waiter leaves the queue, a connection still being opened goes to the idle list.
     */
    Future<ClientConnection> acquire(Origin origin) {
        if (closed) {
            return Future.failed(loop, new IllegalStateException("the HTTP client is closed"));
        }
        HostPool h = host(origin);
        ClientConnection c = takeIdle(h);
        if (c != null) {
            return Future.succeeded(loop, c);
        }
        if (h.open < options.maxConnectionsPerHost() && (open < options.maxConnectionsTotal() || evictIdle())) {
            return connect(h);
        }
        Promise<ClientConnection> p = new Promise<>(loop);
        Waiter w = new Waiter(origin, p);
        Duration qt = options.queueTimeout();
        w.timer = loop.callLater(qt, () -> {
            waiters.remove(w);
            p.tryFail(new QueueTimeoutException("no connection to " + origin + " became free within " + qt
                    + " (" + h.open + " open to it, " + open + " in total, limits " + options.maxConnectionsPerHost()
                    + " and " + options.maxConnectionsTotal() + ")"));
        });
        p.addDoneCallback(f -> {
            if (f.isCancelled()) {
                waiters.remove(w);
                w.timer.cancel();
            }
        });
        waiters.addLast(w);
        return p;
    }

    /**
     * Gives a connection back after an exchange. Not reusable (or closed, or with unexpected
     * bytes waiting) means closed; otherwise it serves the next waiter or becomes idle.
     */
    void release(ClientConnection c, boolean reusable) {
        if (!reusable || closed || c.stream.isClosed() || c.stream.bufferedBytes() > 0) {
            discard(c);
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.origin.equals(c.origin)) {
                it.remove();
                w.timer.cancel();
                if (w.promise.tryComplete(c)) {
                    return;
                }
            }
        }
        c.idleSince = loop.time();
        host(c.origin).idle.addLast(c);
        idle++;
        if (sweeper == null) {
            sweeper = loop.callLater(idleNanos, this::sweep);
        }
    }

    /** Closes every idle connection to {@code origin} (after one turned out to be dead). */
    void closeIdle(Origin origin) {
        HostPool h = hosts.get(origin);
        while (h != null && !h.idle.isEmpty()) {
            idle--;
            discard(h.idle.pollFirst());
        }
    }

    /** Closes idle connections, fails waiters, and closes busy connections as they come back. */
    void close() {
        closed = true;
        if (sweeper != null) {
            sweeper.cancel();       // nothing idle will be left to sweep
            sweeper = null;
        }
        for (Waiter w : waiters) {
            w.timer.cancel();
            w.promise.tryFail(new IllegalStateException("the HTTP client was closed while the request waited"));
        }
        waiters.clear();
        for (HostPool h : hosts.values().toArray(new HostPool[0])) {
            closeIdle(h.origin);
        }
    }

    int openConnections() {
        return open;
    }

    int idleConnections() {
        return idle;
    }

    int waitingRequests() {
        return waiters.size();
    }

    // ------------------------------------------------------------------ internals

    private HostPool host(Origin origin) {
        HostPool h = hosts.get(origin);
        if (h == null) {
            h = new HostPool(origin);
            hosts.put(origin, h);
        }
        return h;
    }

    /** The newest idle connection that is still usable; dead or expired ones are closed on the way. */
    private ClientConnection takeIdle(HostPool h) {
        ClientConnection c;
        while ((c = h.idle.pollLast()) != null) {
            idle--;
            if (c.stream.isClosed() || c.stream.bufferedBytes() > 0 || loop.time() - c.idleSince >= idleNanos) {
                discard(c);
                continue;
            }
            return c;
        }
        return null;
    }

    private Future<ClientConnection> connect(HostPool h) {
        h.open++;
        open++;
        Promise<ClientConnection> p = new Promise<>(loop);
        Origin origin = h.origin;
        Future<IOStream> connected;
        try {
            boolean https = origin.scheme().equals("https");
            if (connector != null) {                    // a test's connections (a simulated network, say)
                connected = connector.connect(origin, options.connectTimeout(), STREAM_OPTIONS);
            } else if (options.unixSocket() != null) {  // every origin over the one socket, as curl --unix-socket
                connected = TcpClient.connect(loop, UnixDomainSocketAddress.of(options.unixSocket()),
                        origin.connectHost(), options.connectTimeout(), STREAM_OPTIONS, https ? tls() : null);
            } else if (https) {
                connected = TcpClient.connect(loop, origin.connectHost(), origin.port(), options.connectTimeout(),
                        STREAM_OPTIONS, tls());
            } else {
                connected = TcpClient.connect(loop, origin.connectHost(), origin.port(), options.connectTimeout(),
                        STREAM_OPTIONS);
            }
        } catch (RuntimeException e) {
            connected = Future.failed(loop, e);     // no default trust store, say
        }
        connected.whenComplete((IOStream stream, Throwable failure) -> {
                    if (failure != null) {
                        uncount(h);
                        p.tryFail(failure);
                        return;
                    }
                    ClientConnection c = new ClientConnection(stream, origin, options.limits());
                    stream.closeFuture().addDoneCallback(f -> onClosed(c));
                    if (!p.tryComplete(c)) {
                        release(c, true);           // its request gave up meanwhile: keep it for the next
                    }
                });
        return p;
    }

    /** The TLS config for https connections, offering ALPN {@code http/1.1} unless it names protocols itself. */
    private TlsClientConfig tls() {
        if (tls == null) {
            tls = TlsClientConfig.defaults();
        }
        if (tls.applicationProtocols().isEmpty()) {
            tls = tls.withApplicationProtocols("http/1.1");
        }
        return tls;
    }

    /** Closes the oldest idle connection of any origin to make room under the total limit. */
    private boolean evictIdle() {
        HostPool oldest = null;
        for (HostPool h : hosts.values()) {
            if (!h.idle.isEmpty() && (oldest == null || h.idle.peekFirst().idleSince < oldest.idle.peekFirst().idleSince)) {
                oldest = h;
            }
        }
        if (oldest == null) {
            return false;
        }
        idle--;
        discard(oldest.idle.pollFirst());
        return true;
    }

    private void discard(ClientConnection c) {
        c.stream.close();
        forget(c);
    }

    private void onClosed(ClientConnection c) {
        HostPool h = hosts.get(c.origin);
        if (h != null && h.idle.remove(c)) {
            idle--;
        }
        forget(c);
    }

    /** Stops counting a closed connection (once), making room for a waiter. */
    private void forget(ClientConnection c) {
        if (c.forgotten) {
            return;
        }
        c.forgotten = true;
        uncount(hosts.get(c.origin));
    }

    private void uncount(HostPool h) {
        h.open--;
        open--;
        if (h.open == 0 && h.idle.isEmpty()) {
            hosts.remove(h.origin);
        }
        if (!waiters.isEmpty() && !serviceScheduled) {
            serviceScheduled = true;
            loop.addCallback(this::serviceWaiters);     // not inline: we may be inside acquire or release
        }
    }

    /** Serves waiters in FIFO order while there is an idle connection or room for a new one. */
    private void serviceWaiters() {
        serviceScheduled = false;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.promise.isDone()) {
                it.remove();
                continue;
            }
            HostPool h = host(w.origin);
            ClientConnection c = takeIdle(h);
            if (c == null && !(h.open < options.maxConnectionsPerHost()
                    && (open < options.maxConnectionsTotal() || evictIdle()))) {
                continue;
            }
            it.remove();
            w.timer.cancel();
            if (c != null) {
                if (!w.promise.tryComplete(c)) {
                    release(c, true);
                }
            } else {
                connect(h).whenComplete((conn, failure) -> {
                    if (failure != null) {
                        w.promise.tryFail(failure);
                    } else if (!w.promise.tryComplete(conn)) {
                        release(conn, true);
                    }
                });
            }
        }
    }

    /** Closes connections idle for longer than idleTimeout; runs again at the next expiry. */
    private void sweep() {
        sweeper = null;
        long now = loop.time();
        long next = Long.MAX_VALUE;
        for (HostPool h : hosts.values().toArray(new HostPool[0])) {
            ClientConnection c;
            while ((c = h.idle.peekFirst()) != null && now - c.idleSince >= idleNanos) {
                h.idle.pollFirst();
                idle--;
                discard(c);
            }
            if (c != null) {
                next = Math.min(next, c.idleSince + idleNanos);
            }
        }
        if (next != Long.MAX_VALUE) {
            sweeper = loop.callAt(next, this::sweep);
        }
    }
}
