package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.internal.RepeatedErrorLog;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A TCP server (Tornado's {@code TCPServer}): listens on an address, accepts connections on
 * the loop in batches, and hands each one to a handler on the loop that will own it.
 *
 * <p>Two levels: {@link #listen} gives the handler the raw {@link SocketChannel}
 * (a {@link ConnectionHandler}: the HTTP server registers it itself and parses straight
 * from the loop's read buffer), {@link #listenStreams} wraps it in an {@link IOStream}
 * first (a {@link StreamHandler}), over the transport a {@link ServerTransports} makes for it:
 * plain TCP by default, TLS when given a TLS server configuration (which is one). The server
 * names no TLS type: whatever wraps the socket, it only asks for a transport over it.
 *
 * <p>On a {@link LoopGroup} connections are spread over the loops: by default the first
 * loop accepts and hands them out in turn (round robin, one {@code addCallback} each);
 * with {@link TcpServerOptions#reusePort()} every loop has its own listening socket on the
 * same port and the kernel spreads them (SO_REUSEPORT, Linux and the BSDs). The same option
 * lets other processes listen on the port too: a new version of a service starts beside the
 * old one, which then stops accepting and drains, and no connection is refused meanwhile.
 *
 * <p>It listens on a TCP address ({@link InetSocketAddress}) or on a Unix-domain socket
 * ({@link UnixDomainSocketAddress}, a path in the file system: how a proxy on the same machine
 * reaches a server without TCP). A Unix-domain socket's file is made by {@code listen} and
 * removed when the server stops accepting; a file left behind by a process that died is
 * replaced, one that a live server still answers on is "in use".
 *
 * <p>The port is bound in {@code listen}, so "address in use" is thrown to the caller, as a
 * {@link BindException} that names the address ({@code 127.0.0.1:8080 is already in use});
 * the listening sockets are registered on their loops' next turn. Thread-safe.
 *
 * <p>It never stops accepting on its own: an {@link Acceptor} that fails to accept (at the
 * descriptor limit, say) pauses and tries again. With {@link TcpServerOptions#maxConnections()}
 * it holds off while that many connections are open ({@link ConnectionLimit}).
 *
 * <p>Where the parts are: this class is the public face (the ways to listen, what is bound,
 * stopping) and binds the sockets ({@link ListeningSockets}); each listening socket has an
 * {@link Acceptor}; what an acceptor takes goes to the server's {@code ConnectionHandOff},
 * which picks the loop, runs the handler there, tracks the connection and, on a graceful
 * close, drains what it handed out.
 */
public final class TcpServer {

    static final System.Logger LOG = System.getLogger("dev.eddy.net.TcpServer");

    /**
     * A log for one place of the server that logs repeated errors on {@code loop}: its lines go to
     * {@link #LOG}, its summaries are written by a timer on the loop.
     */
    static RepeatedErrorLog errorLog(IOLoop loop, System.Logger.Level level, String what) {
        return new RepeatedErrorLog(loop::time, (deadlineNanos, task) -> loop.callAt(deadlineNanos, task)::cancel,
                LOG, level, what, RepeatedErrorLog.DEFAULT_INTERVAL);
    }

    private final List<IOLoop> loops;
    private final TcpServerOptions options;
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final SocketAddress boundAddress;        // what was bound: a TCP address or a socket path
    private final InetSocketAddress localAddress;     // boundAddress over TCP, else null
    private final boolean reusePort;
    private final ConnectionLimit limit;              // null: no limit
    private final ConnectionHandOff handOff;          // where accepted connections go; set once bound

    private TcpServer(List<IOLoop> loops, SocketAddress address, TcpServerOptions options,
                      ConnectionHandler handler, StreamHandler streamHandler, StreamOptions streamOptions,
                      ServerTransports transports) throws IOException {
        JdkWarmUp.ensureDone();     // before the descriptor limit can be reached (see JdkWarmUp)
        this.loops = List.copyOf(loops);
        this.options = Objects.requireNonNull(options, "options");
        ConnectionTracker[] trackers = new ConnectionTracker[loops.size()];
        this.limit = options.maxConnections() == TcpServerOptions.UNLIMITED ? null
                : new ConnectionLimit(options.maxConnections(), this.loops, acceptors, trackers);
        for (int i = 0; i < trackers.length; i++) {
            trackers[i] = new ConnectionTracker(limit);
        }
        boolean wantReusePort = options.reusePort();
        ServerSocketChannel first = ListeningSockets.open(address);
        if (wantReusePort && !first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            LOG.log(System.Logger.Level.INFO, "SO_REUSEPORT is not supported for " + address
                    + "; the port is this server's alone, and one loop accepts and hands off");
            wantReusePort = false;
        }
        this.reusePort = wantReusePort;
        try {
            ListeningSockets.bind(first, address, options.backlog(), reusePort);
            this.boundAddress = first.getLocalAddress();
            this.localAddress = boundAddress instanceof InetSocketAddress inet ? inet : null;
            acceptors.add(acceptor(0, first));
            if (reusePort) {        // each loop its own socket (none more with one loop)
                for (int i = 1; i < loops.size(); i++) {
                    ServerSocketChannel ssc = ListeningSockets.open(address);
                    acceptors.add(acceptor(i, ssc));    // before bind: closed with the others on failure
                    ListeningSockets.bind(ssc, boundAddress, options.backlog(), reusePort);
                }
            }
        } catch (IOException | RuntimeException e) {
            first.close();
            for (Acceptor a : acceptors) {
                a.channel().close();
            }
            throw e;
        }
        this.handOff = new ConnectionHandOff(this.loops, handler, streamHandler, streamOptions,
                transports == null ? ServerTransports.PLAIN : transports, trackers, limit,
                options.trackConnections() || limit != null, !reusePort && loops.size() > 1, boundAddress);
        for (Acceptor a : acceptors) {
            runOn(a.loop(), a::register);
        }
    }

    /**
     * Listens on {@code address} (port 0: any free port, see {@link #port()}) with defaults.
     *
     * @param loop the loop that accepts and runs every connection
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listen(IOLoop loop, SocketAddress address, ConnectionHandler handler) throws IOException {
        return listen(loop, address, TcpServerOptions.defaults(), handler);
    }

    /**
     * Listens on {@code address} (port 0: any free port) with {@code options} on one loop.
     *
     * @param loop the loop that accepts and runs every connection
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param options backlog, accept batch, SO_REUSEPORT and connection tracking
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listen(IOLoop loop, SocketAddress address, TcpServerOptions options,
                                   ConnectionHandler handler) throws IOException {
        return new TcpServer(List.of(loop), address, options, Objects.requireNonNull(handler, "handler"), null, null, null);
    }

    /**
     * Listens and spreads connections over the loops of {@code group}.
     *
     * @param group the loops that run the connections, handed out in turn (or each listening itself
     *     with SO_REUSEPORT)
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param options backlog, accept batch, SO_REUSEPORT and connection tracking
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listen(LoopGroup group, SocketAddress address, TcpServerOptions options,
                                   ConnectionHandler handler) throws IOException {
        return new TcpServer(group.loops(), address, options, Objects.requireNonNull(handler, "handler"), null, null, null);
    }

    /**
     * Like {@link #listen(IOLoop, SocketAddress, ConnectionHandler)}, each connection
     * wrapped in an {@link IOStream}.
     *
     * @param loop the loop that accepts and runs every connection
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param streamOptions the buffering and timeouts of each connection's stream
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listenStreams(IOLoop loop, SocketAddress address, StreamOptions streamOptions,
                                          StreamHandler handler) throws IOException {
        return new TcpServer(List.of(loop), address, TcpServerOptions.defaults(), null,
                Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(streamOptions, "streamOptions"), null);
    }

    /**
     * Like {@link #listen(LoopGroup, SocketAddress, TcpServerOptions, ConnectionHandler)},
     * each connection wrapped in an {@link IOStream}.
     *
     * @param group the loops that run the connections, handed out in turn (or each listening itself
     *     with SO_REUSEPORT)
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param options backlog, accept batch, SO_REUSEPORT and connection tracking
     * @param streamOptions the buffering and timeouts of each connection's stream
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listenStreams(LoopGroup group, SocketAddress address, TcpServerOptions options,
                                          StreamOptions streamOptions, StreamHandler handler) throws IOException {
        return new TcpServer(group.loops(), address, options, null,
                Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(streamOptions, "streamOptions"), null);
    }

    /**
     * Like {@link #listenStreams(IOLoop, SocketAddress, StreamOptions, StreamHandler)}, each
     * connection's stream over the transport {@code transports} makes: pass a TLS server
     * configuration and every connection speaks TLS. The handler gets the stream at once; a
     * transport with set-up of its own (the TLS handshake) holds its reads and writes until it is
     * {@link Transport#ready() ready}. A plain and a TLS server can share one loop.
     *
     * @param loop the loop that accepts and runs every connection
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param streamOptions the buffering and timeouts of each connection's stream
     * @param transports wraps each accepted socket (a TLS server configuration, say); null for plain TCP
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listenStreams(IOLoop loop, SocketAddress address, StreamOptions streamOptions,
                                          ServerTransports transports, StreamHandler handler) throws IOException {
        return new TcpServer(List.of(loop), address, TcpServerOptions.defaults(), null,
                Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(streamOptions, "streamOptions"),
                transports);
    }

    /**
     * Like {@link #listenStreams(LoopGroup, SocketAddress, TcpServerOptions, StreamOptions, StreamHandler)},
     * each connection's stream over the transport {@code transports} makes (TLS, say).
     *
     * @param group the loops that run the connections, handed out in turn (or each listening itself
     *     with SO_REUSEPORT)
     * @param address where to listen: a host and port (port 0 picks a free port) or a Unix-domain socket path
     * @param options backlog, accept batch, SO_REUSEPORT and connection tracking
     * @param streamOptions the buffering and timeouts of each connection's stream
     * @param transports wraps each accepted socket (a TLS server configuration, say); null for plain TCP
     * @param handler takes over each accepted connection, on the thread of the loop that owns it
     * @return the server, already accepting
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static TcpServer listenStreams(LoopGroup group, SocketAddress address, TcpServerOptions options,
                                          StreamOptions streamOptions, ServerTransports transports,
                                          StreamHandler handler) throws IOException {
        return new TcpServer(group.loops(), address, options, null,
                Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(streamOptions, "streamOptions"),
                transports);
    }

    /**
     * The bound TCP address (with the real port when 0 was asked for).
     *
     * @return the address the server listens on; null when it listens on a Unix-domain socket
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * What the server listens on: the TCP address (with the real port when 0 was asked for)
     * or the Unix-domain socket's path.
     *
     * @return an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
     */
    public SocketAddress boundAddress() {
        return boundAddress;
    }

    /**
     * The port listened on (the real one when 0 was asked for).
     *
     * @return the port the server listens on; -1 on a Unix-domain socket
     */
    public int port() {
        return localAddress == null ? -1 : localAddress.getPort();
    }

    /**
     * True when the listening sockets have SO_REUSEPORT: every loop has its own, and other
     * servers may listen on the same port.
     *
     * @return whether SO_REUSEPORT is set (it was asked for and is supported)
     */
    public boolean reusesPort() {
        return reusePort;
    }

    // ------------------------------------------------------------------ accepting

    /**
     * The acceptor of one listening socket; what it accepts goes to {@link ConnectionHandOff}
     * (which is made once the sockets are bound, before any acceptor is registered).
     */
    private Acceptor acceptor(int loopIndex, ServerSocketChannel channel) {
        return new Acceptor(loops.get(loopIndex), channel, boundAddress, options.acceptBatch(), limit,
                ch -> handOff.dispatch(loopIndex, ch));
    }

    /**
     * Connections open now as the connection limit counts them (0 without a limit).
     *
     * @return how many accepted connections the server has not yet heard close; 0 when
     *     {@link TcpServerOptions#maxConnections()} is unlimited
     */
    public int openConnections() {
        return limit == null ? 0 : limit.open();
    }

    /** Connections the server tracks on every loop; for tests. Call when the loops are idle. */
    int trackedConnections() {
        return handOff.tracked();
    }

    /** Runs {@code task} now when on {@code loop}'s thread, else on its next turn. */
    static void runOn(IOLoop loop, Runnable task) {
        if (loop.inLoopThread()) {
            task.run();
        } else {
            loop.addCallback(task);
        }
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Closes the listening sockets: no new connections (the kernel refuses them), the
     * existing ones carry on. Thread-safe; the sockets close on their loops' next turn.
     */
    public void stopAccepting() {
        for (Acceptor a : acceptors) {
            runOn(a.loop(), a::close);
        }
    }

    /**
     * Graceful close: stops accepting, waits until every connection the server handed out
     * is closed (by its handler, or the peer), and at {@code grace} closes the ones still
     * open. The future (on the first loop) succeeds when that is done. Thread-safe.
     *
     * @param grace how long to wait for connections to close before closing them
     * @return a future completing (with null) once the server has stopped accepting and every
     *     connection it tracked is closed
     */
    public Future<Void> close(Duration grace) {
        stopAccepting();
        Promise<Void> done = new Promise<>(loops.get(0));
        handOff.drainAll(grace, done);
        return done;
    }

    @Override
    public String toString() {
        return "TcpServer[" + boundAddress + ", " + loops.size() + " loop(s)" + (reusePort ? ", SO_REUSEPORT" : "") + "]";
    }
}
