package dev.eddy.net;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * The connections a {@link TcpServer} handed to one loop, so that a graceful close can wait
 * for them and, at the deadline, close the ones still open. For each channel it keeps what
 * closes it properly: the {@link IOStream} when the server made one (so pending reads fail
 * with a clear reason), otherwise the channel itself.
 *
 * <p>The server does not hear when a handler closes a raw channel, so closed channels are
 * swept out lazily: whenever the map has doubled since the last sweep. That keeps the cost
 * O(1) per connection and the map no bigger than about twice the open connections.
 * An {@link IdentityHashMap} (open addressing, no entry objects) keeps it small.
 *
 * <p>Loop thread only (one tracker per loop).
 */
final class ConnectionTracker {

    private static final int MIN_SWEEP = 64;

    private final IdentityHashMap<SocketChannel, AutoCloseable> open = new IdentityHashMap<>();
    private int sweepAt = MIN_SWEEP;

    void add(SocketChannel channel, AutoCloseable closer) {
        open.put(channel, closer);
        if (open.size() >= sweepAt) {
            sweep();
            sweepAt = Math.max(MIN_SWEEP, 2 * open.size());
        }
    }

    /** Forgets channels that are closed; returns how many are still open. */
    int sweep() {
        open.keySet().removeIf(ch -> !ch.isOpen());
        return open.size();
    }

    /** Closes every connection still open (the deadline of a graceful close passed). */
    void closeAll() {
        for (AutoCloseable c : new ArrayList<>(open.values())) {
            try {
                c.close();
            } catch (Exception e) {
                dev.eddy.internal.SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "error closing " + c, e);
            }
        }
        open.clear();
    }
}
