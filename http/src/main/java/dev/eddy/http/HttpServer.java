package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.net.LoopGroup;
import dev.eddy.net.ServerTransports;
import dev.eddy.net.TcpServer;
import dev.eddy.net.TcpServerOptions;
import dev.eddy.net.Transport;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server: accepts connections and serves each with an {@link HttpConnection} on
 * a loop, calling one {@link HttpHandler} (often a {@link Router}) for every request.
 *
 * <pre>{@code
 * HttpServer server = new HttpServer(request -> request.respond(HttpResponse.text(200, "hi")));
 * InetSocketAddress bound = server.listen(loop, new InetSocketAddress("127.0.0.1", 8080));
 * loop.run();
 * }</pre>
 *
 * <p>{@link #shutdown(Duration)} is graceful: stop accepting, close idle keep-alive
 * connections, let requests in flight finish (their responses say
 * {@code Connection: close}), and close whatever is left when the grace period ends.
 *
 * <p>{@code listen} and {@code shutdown} are thread-safe; everything else happens on the
 * loops.
 */
public final class HttpServer {

    private final HttpHandler handler;
    private final HttpServerOptions options;
    private final ServerTransports transports;
    private final List<TcpServer> listeners = new CopyOnWriteArrayList<>();
    private final List<ServerOnLoop> loops = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    /**
     * A server that answers every request with {@code handler}, with the default options.
     *
     * @param handler answers each request, on the thread of the connection's loop
     */
    public HttpServer(HttpHandler handler) {
        this(handler, HttpServerOptions.defaults());
    }

    /**
     * A server that answers every request with {@code handler}.
     *
     * @param handler answers each request, on the thread of the connection's loop
     * @param options limits, timeouts and backlog
     */
    public HttpServer(HttpHandler handler, HttpServerOptions options) {
        this(handler, options, ServerTransports.PLAIN);
    }

    /** A server whose connections run over the transports {@code transports} makes. */
    HttpServer(HttpHandler handler, HttpServerOptions options, ServerTransports transports) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        this.transports = Objects.requireNonNull(transports, "transports");
    }

    /**
     * The options the server was made with.
     *
     * @return the server's options
     */
    public HttpServerOptions options() {
        return options;
    }

    /**
     * Binds {@code address} now and serves it on {@code loop} (once the loop runs).
     *
     * @param loop the loop that accepts and serves the connections
     * @param address where to listen; port 0 picks a free port
     * @return the bound address (with the real port when you asked for port 0)
     * @throws IOException when the address cannot be bound
     */
    public InetSocketAddress listen(IOLoop loop, InetSocketAddress address) throws IOException {
        prepare(List.of(loop));
        TcpServer tcp = TcpServer.listen(loop, address, tcpOptions(), this::accept);
        listeners.add(tcp);
        return tcp.localAddress();
    }

    /**
     * Binds {@code address} now and spreads its connections over the loops of {@code group}
     * (one loop per core: each connection lives on one loop, so nothing is shared).
     *
     * @param group the loops that serve the connections
     * @param address where to listen; port 0 picks a free port
     * @return the bound address (with the real port when you asked for port 0)
     * @throws IOException when the address cannot be bound
     */
    public InetSocketAddress listen(LoopGroup group, InetSocketAddress address) throws IOException {
        prepare(group.loops());
        TcpServer tcp = TcpServer.listen(group, address, tcpOptions(), this::accept);
        listeners.add(tcp);
        return tcp.localAddress();
    }

    /**
     * Binds {@code address} now and serves HTTPS on it: every connection speaks TLS with
     * {@code tls} (ALPN {@code http/1.1} unless {@code tls} names its own protocols). One
     * server may listen plain on one address and TLS on another, on the same loop; a handler
     * tells them apart with {@link HttpRequest#tls()}.
     *
     * @param loop the loop that accepts and serves the connections
     * @param address where to listen; port 0 picks a free port
     * @param tls the server's key, certificate chain and TLS settings
     * @return the bound address (with the real port when you asked for port 0)
     * @throws IOException when the address cannot be bound
     */
    public InetSocketAddress listen(IOLoop loop, InetSocketAddress address, TlsServerConfig tls) throws IOException {
        prepare(List.of(loop));
        ServerTransports encrypted = withHttpAlpn(tls);
        TcpServer tcp = TcpServer.listen(loop, address, tcpOptions(), (l, ch) -> accept(l, ch, encrypted));
        listeners.add(tcp);
        return tcp.localAddress();
    }

    /**
     * {@link #listen(IOLoop, InetSocketAddress, TlsServerConfig)} on the loops of {@code group}.
     *
     * @param group the loops that serve the connections
     * @param address where to listen; port 0 picks a free port
     * @param tls the server's key, certificate chain and TLS settings
     * @return the bound address (with the real port when you asked for port 0)
     * @throws IOException when the address cannot be bound
     */
    public InetSocketAddress listen(LoopGroup group, InetSocketAddress address, TlsServerConfig tls) throws IOException {
        prepare(group.loops());
        ServerTransports encrypted = withHttpAlpn(tls);
        TcpServer tcp = TcpServer.listen(group, address, tcpOptions(), (l, ch) -> accept(l, ch, encrypted));
        listeners.add(tcp);
        return tcp.localAddress();
    }

    /**
     * Binds the Unix-domain socket {@code path} now and serves it on {@code loop}: how a proxy
     * on the same machine (nginx's {@code proxy_pass http://unix:PATH:}) reaches the server
     * without TCP. The socket file is removed when the server shuts down; a stale one left by
     * a process that died is replaced. A peer on it has no IP address
     * ({@link HttpRequest#remoteAddress()} is null); trust it as a proxy with
     * {@code TrustedProxies.of("unix")}.
     *
     * @param loop the loop that accepts and serves the connections
     * @param path the socket's path
     * @return {@code path}, as bound
     * @throws IOException when the path cannot be bound (a live server's socket is there, say)
     */
    public UnixDomainSocketAddress listen(IOLoop loop, UnixDomainSocketAddress path) throws IOException {
        prepare(List.of(loop));
        TcpServer tcp = TcpServer.listen(loop, path, tcpOptions(), (l, ch) -> serve(l, ch, transports));
        listeners.add(tcp);
        return (UnixDomainSocketAddress) tcp.boundAddress();
    }

    /**
     * {@link #listen(IOLoop, UnixDomainSocketAddress)} on the loops of {@code group}, which take
     * the connections in turn.
     *
     * @param group the loops that serve the connections
     * @param path the socket's path
     * @return {@code path}, as bound
     * @throws IOException when the path cannot be bound (a live server's socket is there, say)
     */
    public UnixDomainSocketAddress listen(LoopGroup group, UnixDomainSocketAddress path) throws IOException {
        prepare(group.loops());
        TcpServer tcp = TcpServer.listen(group, path, tcpOptions(), (l, ch) -> serve(l, ch, transports));
        listeners.add(tcp);
        return (UnixDomainSocketAddress) tcp.boundAddress();
    }

    /**
     * Serves one connection that is already open, over {@code transport}, as if a listening
     * socket of this server had accepted it. It exists for connections that do not come from
     * a socket: the in-memory ones of {@code dev.eddy.testing.SimulatedNetwork} (give this
     * method to its listener, and the server runs on a simulated network), or an acceptor of
     * your own. A server that is shutting down closes the transport instead. The caller is
     * the acceptor here, so {@link HttpServerOptions#maxConnections()} (which an acceptor
     * enforces) is the caller's to keep.
     *
     * @param loop the loop that serves the connection; call on its thread
     * @param transport the connection, open and not registered yet; the server owns it from now on
     * @throws IOException when the transport cannot be registered with the loop (it is then closed)
     */
    public void serve(IOLoop loop, Transport transport) throws IOException {
        loop.checkLoopThread("HttpServer.serve");
        if (shuttingDown) {
            transport.close();
            return;
        }
        prepare(List.of(loop));
        HttpConnection connection = new HttpConnection(serverLoop(loop), transport, handler);
        try {
            connection.start();
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** {@code tls}, offering ALPN {@code http/1.1} unless it names protocols itself; it makes the TLS transports. */
    private static TlsServerConfig withHttpAlpn(TlsServerConfig tls) {
        return tls.applicationProtocols().isEmpty() ? tls.withApplicationProtocols("http/1.1") : tls;
    }

    private TcpServerOptions tcpOptions() {
        // The server keeps its own list of connections (ServerOnLoop) and shuts them down itself,
        // so the TcpServer need not remember each one: nothing per connection there.
        return TcpServerOptions.defaults().withBacklog(options.backlog()).withTrackConnections(false)
                .withMaxConnections(options.maxConnections()).withReusePort(options.reusePort());
    }

    private synchronized void prepare(List<IOLoop> forLoops) {
        if (shuttingDown) {
            throw new IllegalStateException("server is shut down");
        }
        for (IOLoop l : forLoops) {
            if (serverLoop(l) == null) {
                loops.add(new ServerOnLoop(l, this));
            }
        }
    }

    private ServerOnLoop serverLoop(IOLoop loop) {
        for (ServerOnLoop s : loops) {
            if (s.loop == loop) {
                return s;
            }
        }
        return null;
    }

    /** TcpServer hands us a connection on the loop that will own it. */
    private Future<?> accept(IOLoop loop, SocketChannel channel) throws IOException {
        return accept(loop, channel, transports);
    }

    private Future<?> accept(IOLoop loop, SocketChannel channel, ServerTransports factory) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return serve(loop, channel, factory);
    }

    /** Serves an accepted connection; a Unix-domain socket comes straight here (no TCP options to set). */
    private Future<?> serve(IOLoop loop, SocketChannel channel, ServerTransports factory) throws IOException {
        HttpConnection connection = new HttpConnection(serverLoop(loop), factory.open(channel), handler);
        connection.start();
        return null;        // no life future: the connection is this server's to track and to close
    }

    /**
     * Stops accepting, closes idle connections, lets in-flight requests finish for up to
     * {@code grace}, then closes the rest. Thread-safe. Calling it again may shorten the grace
     * period (the earlier deadline wins), never lengthen it.
     *
     * @param grace how long in-flight requests may take to finish
     * @return completes when every connection is closed
     */
    public CompletableFuture<Void> shutdown(Duration grace) {
        shuttingDown = true;
        listeners.forEach(TcpServer::stopAccepting);
        if (loops.isEmpty()) {
            terminated.complete(null);
        }
        for (ServerOnLoop s : loops) {
            s.loop.addCallback(() -> {
                s.shutdown();
                // a second shutdown may shorten the grace period, never lengthen it
                long deadline = s.loop.time() + grace.toNanos();
                if (s.graceTimer == null || deadline < s.graceDeadline) {
                    if (s.graceTimer != null) {
                        s.graceTimer.cancel();
                    }
                    s.graceDeadline = deadline;
                    s.graceTimer = s.loop.callAt(deadline, s::closeAll);
                }
                connectionClosed(s);
            });
        }
        return terminated;
    }

    /** Called on a loop when one of its connections closed (or its shutdown began). */
    void connectionClosed(ServerOnLoop loop) {
        if (!shuttingDown) {
            return;
        }
        if (loop.isShutDown() && loop.connectionCount() == 0 && loop.graceTimer != null) {
            loop.graceTimer.cancel();       // nothing left to close at the end of the grace period
            loop.graceTimer = null;
        }
        for (ServerOnLoop s : loops) {
            if (!s.isShutDown() || s.connectionCount() > 0) {
                return;
            }
        }
        terminated.complete(null);
    }

    /** The open connections of every loop, for tests in this package: call on the loop's thread. */
    List<HttpConnection> openConnections() {
        List<HttpConnection> all = new java.util.ArrayList<>();
        for (ServerOnLoop s : loops) {
            all.addAll(s.connections());
        }
        return all;
    }

    /**
     * What the server has done so far, summed over its loops (approximate when read off
     * them); {@link StatsHandler} serves it as JSON or for Prometheus.
     *
     * @return a snapshot of the server's counters
     */
    public HttpServerStats stats() {
        int open = 0;
        long accepted = 0;
        long requests = 0;
        long[] byClass = new long[6];
        long handlerErrors = 0;
        long protocolErrors = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        for (ServerOnLoop s : loops) {
            open += s.connectionCount();
            accepted += s.connectionsAccepted;
            requests += s.requests;
            for (int i = 1; i <= 5; i++) {
                byClass[i] += s.responsesByClass[i];
            }
            handlerErrors += s.handlerErrors;
            protocolErrors += s.protocolErrors;
            bytesIn += s.bytesIn;
            bytesOut += s.bytesOut;
        }
        return new HttpServerStats(open, accepted, requests, byClass[1], byClass[2], byClass[3], byClass[4],
                byClass[5], handlerErrors, protocolErrors, bytesIn, bytesOut);
    }

    /**
     * Open connections on all loops (approximate when read off the loops).
     *
     * @return how many connections are open
     */
    public int connectionCount() {
        int n = 0;
        for (ServerOnLoop s : loops) {
            n += s.connectionCount();
        }
        return n;
    }
}
