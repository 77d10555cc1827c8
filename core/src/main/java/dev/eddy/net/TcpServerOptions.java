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
 */
public record TcpServerOptions(int backlog, int acceptBatch, boolean reusePort) {

    /** Checks the components: see the class comment for their meaning and defaults. */
    public TcpServerOptions {
        if (backlog < 1 || acceptBatch < 1) {
            throw new IllegalArgumentException("backlog and acceptBatch must be positive");
        }
    }

    /** The defaults listed in the class comment. */
    public static TcpServerOptions defaults() {
        return new TcpServerOptions(1024, 64, false);
    }

    /** A copy with {@code backlog} replaced; see the class comment. */
    public TcpServerOptions withBacklog(int backlog) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort);
    }

    /** A copy with {@code acceptBatch} replaced; see the class comment. */
    public TcpServerOptions withAcceptBatch(int acceptBatch) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort);
    }

    /** A copy with {@code reusePort} replaced; see the class comment. */
    public TcpServerOptions withReusePort(boolean reusePort) {
        return new TcpServerOptions(backlog, acceptBatch, reusePort);
    }
}
