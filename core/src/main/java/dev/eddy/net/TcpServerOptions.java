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

    /** Checks the components: see the class comment for their meaning and defaults. */
    public TcpServerOptions {
        if (backlog < 1 || acceptBatch < 1) {
            throw new IllegalArgumentException("backlog and acceptBatch must be positive");
        }
    }

    /** Options that track connections (the default); see the class comment for the rest. */
    public TcpServerOptions(int backlog, int acceptBatch, boolean reusePort) {
        this(backlog, acceptBatch, reusePort, true);
    }

    /** The defaults listed in the class comment. */
    public static TcpServerOptions defaults() {
        return new TcpServerOptions(1024, 64, false, true);
    }

    /** A copy with {@code backlog} replaced; see the class comment. */
    public TcpServerOptions withBacklog(int backlog) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /** A copy with {@code acceptBatch} replaced; see the class comment. */
    public TcpServerOptions withAcceptBatch(int acceptBatch) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /** A copy with {@code reusePort} replaced; see the class comment. */
    public TcpServerOptions withReusePort(boolean reusePort) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }

    /** A copy with {@code trackConnections} replaced; see the class comment. */
    public TcpServerOptions withTrackConnections(boolean trackConnections) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort, trackConnections);
    }
}
