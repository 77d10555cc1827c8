package dev.eddy.net;

/**
 * How a {@link TcpServer} listens and accepts.
 *
 * @param backlog     the kernel's queue of connections not yet accepted; default 1024
 * @param acceptBatch how many connections one readiness event accepts at most before the
 *                    loop serves other channels; default 64
 * @param reusePort   listen with SO_REUSEPORT (Linux, the BSDs): other sockets may listen on
 *                    the same port, in this process or another, and the kernel spreads new
 *                    connections over them. With a {@link LoopGroup} every loop opens its own
 *                    listening socket; across processes it is how a new version starts beside
 *                    the old one before the old one stops. False (the default): the port is
 *                    this server's alone, and on a group one loop accepts and hands
 *                    connections to the loops in turn. Ignored (with a log line) where
 *                    SO_REUSEPORT is not supported, and on a Unix-domain socket.
 * @param trackConnections true (the default): the server remembers every connection it
 *                    handed out until it closes, so {@link TcpServer#close(java.time.Duration)}
 *                    can wait for them and close the rest at its deadline. False for a
 *                    handler that keeps track of its own connections and shuts them down
 *                    itself (the HTTP server does): then the server holds nothing per
 *                    connection, and {@code close} only stops accepting.
 * @param maxConnections the most connections the server keeps open at once (default
 *                    {@link #UNLIMITED}). At the limit it stops accepting: new connections
 *                    wait in the kernel's backlog (and are refused once that is full) while
 *                    the open ones are served, and accepting resumes as soon as one closes.
 *                    A limit makes the server track its connections whatever
 *                    {@code trackConnections} says (it must hear of each close); a raw
 *                    handler that returns no life future is noticed closed by a sweep every
 *                    {@code 20 ms} while the server is at its limit.
 */
public record TcpServerOptions(int backlog, int acceptBatch, boolean reusePort, boolean trackConnections,
                               int maxConnections) {

    /** A {@code maxConnections} that means no limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @param reusePort whether to listen with SO_REUSEPORT (each loop of a group on its own socket)
     * @param trackConnections whether the server remembers its connections for a graceful close
     * @param maxConnections the most connections open at once; positive, {@link #UNLIMITED} for no limit
     */
    public TcpServerOptions {
        if (backlog < 1 || acceptBatch < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("backlog, acceptBatch and maxConnections must be positive");
        }
    }

    /**
     * Options without a connection limit; see the class comment for the rest.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @param reusePort whether to listen with SO_REUSEPORT (each loop of a group on its own socket)
     * @param trackConnections whether the server remembers its connections for a graceful close
     */
    public TcpServerOptions(int backlog, int acceptBatch, boolean reusePort, boolean trackConnections) {
        this(backlog, acceptBatch, reusePort, trackConnections, UNLIMITED);
    }

    /**
     * Options that track connections (the default); see the class comment for the rest.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @param reusePort whether to listen with SO_REUSEPORT (each loop of a group on its own socket)
     */
    public TcpServerOptions(int backlog, int acceptBatch, boolean reusePort) {
        this(backlog, acceptBatch, reusePort, true, UNLIMITED);
    }

    /**
     * The defaults listed in the class comment.
     *
     * @return a backlog of 1024, batches of 64, no SO_REUSEPORT, connections tracked, no limit
     */
    public static TcpServerOptions defaults() {
        return new TcpServerOptions(1024, 64, false, true, UNLIMITED);
    }

    /**
     * A copy with {@code backlog} replaced; see the class comment.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @return a copy with that backlog
     */
    public TcpServerOptions withBacklog(int backlog) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections, maxConnections);
    }

    /**
     * A copy with {@code acceptBatch} replaced; see the class comment.
     *
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @return a copy with that batch size
     */
    public TcpServerOptions withAcceptBatch(int acceptBatch) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections, maxConnections);
    }

    /**
     * A copy with {@code reusePort} replaced; see the class comment.
     *
     * @param reusePort whether to listen with SO_REUSEPORT (each loop of a group on its own socket)
     * @return a copy with that setting
     */
    public TcpServerOptions withReusePort(boolean reusePort) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections, maxConnections);
    }

    /**
     * A copy with {@code trackConnections} replaced; see the class comment.
     *
     * @param trackConnections whether the server remembers its connections for a graceful close
     * @return a copy with that setting
     */
    public TcpServerOptions withTrackConnections(boolean trackConnections) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections, maxConnections);
    }

    /**
     * A copy with {@code maxConnections} replaced; see the class comment.
     *
     * @param maxConnections the most connections open at once; positive, {@link #UNLIMITED} for no limit
     * @return a copy with that limit
     */
    public TcpServerOptions withMaxConnections(int maxConnections) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections, maxConnections);
    }
}
