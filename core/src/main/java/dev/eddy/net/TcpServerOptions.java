package dev.eddy.net;

/**
 * How a {@link TcpServer} listens and accepts.
 *
 * @param backlog     the kernel's queue of connections not yet accepted; default 1024
 * @param acceptBatch how many connections one readiness event accepts at most before the
 *                    loop serves other channels; default 64
 * @param reusePort   with a {@link LoopGroup}: every loop opens its own listening socket on
 *                    the same port with SO_REUSEPORT and the kernel spreads connections;
 *                    false (the default) means one loop accepts and hands connections to
 *                    the loops in turn. Ignored (with a log line) where SO_REUSEPORT is not
 *                    supported.
 * @param trackConnections true (the default): the server remembers every connection it
 *                    handed out until it closes, so {@link TcpServer#close(java.time.Duration)}
 *                    can wait for them and close the rest at its deadline. False for a
 *                    handler that keeps track of its own connections and shuts them down
 *                    itself (the HTTP server does): then the server holds nothing per
 *                    connection, and {@code close} only stops accepting.
 */
public record TcpServerOptions(int backlog, int acceptBatch, boolean reusePort, boolean trackConnections) {

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @param reusePort whether each loop of a group listens on its own socket with SO_REUSEPORT
     * @param trackConnections whether the server remembers its connections for a graceful close
     */
    public TcpServerOptions {
        if (backlog < 1 || acceptBatch < 1) {
            throw new IllegalArgumentException("backlog and acceptBatch must be positive");
        }
    }

    /**
     * Options that track connections (the default); see the class comment for the rest.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @param reusePort whether each loop of a group listens on its own socket with SO_REUSEPORT
     */
    public TcpServerOptions(int backlog, int acceptBatch, boolean reusePort) {
        this(backlog, acceptBatch, reusePort, true);
    }

    /**
     * The defaults listed in the class comment.
     *
     * @return a backlog of 1024, batches of 64, no SO_REUSEPORT, connections tracked
     */
    public static TcpServerOptions defaults() {
        return new TcpServerOptions(1024, 64, false, true);
    }

    /**
     * A copy with {@code backlog} replaced; see the class comment.
     *
     * @param backlog the kernel's queue of connections not yet accepted; positive
     * @return a copy with that backlog
     */
    public TcpServerOptions withBacklog(int backlog) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /**
     * A copy with {@code acceptBatch} replaced; see the class comment.
     *
     * @param acceptBatch the most connections accepted per readiness event; positive
     * @return a copy with that batch size
     */
    public TcpServerOptions withAcceptBatch(int acceptBatch) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /**
     * A copy with {@code reusePort} replaced; see the class comment.
     *
     * @param reusePort whether each loop of a group listens on its own socket with SO_REUSEPORT
     * @return a copy with that setting
     */
    public TcpServerOptions withReusePort(boolean reusePort) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /**
     * A copy with {@code trackConnections} replaced; see the class comment.
     *
     * @param trackConnections whether the server remembers its connections for a graceful close
     * @return a copy with that setting
     */
    public TcpServerOptions withTrackConnections(boolean trackConnections) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }
}
