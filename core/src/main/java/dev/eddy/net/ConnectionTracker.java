package dev.eddy.net;

import dev.eddy.internal.SafeLog;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * The connections a {@link TcpServer} handed to one loop, so that a graceful close can wait
 * for them and, at the deadline, close the ones still open. For each channel it keeps what
 * closes it properly: the {@link IOStream} when the server made one (so pending reads fail
 * with a clear reason), otherwise the channel itself.
 *
 * <p>A connection is forgotten as soon as the server hears that it closed ({@link #remove}):
 * an {@link IOStream}'s close future, or a raw handler's "life" future (see
 * {@link ConnectionHandler}). A closed channel must not stay reachable from here: with ten
 * thousand connections come and gone, that is ten thousand dead sockets on the heap. Only a
 * raw handler that returns no life future leaves the server deaf to the close; such channels
 * are swept out lazily, whenever the map has doubled since the last sweep (O(1) per
 * connection, the map no bigger than about twice the open connections).
 * An {@link IdentityHashMap} (open addressing, no entry objects) keeps it small.
 *
 * <p>Every way a connection is forgotten gives its place back to the server's
 * {@link ConnectionLimit}, when it has one: this is where the server learns that it may
 * accept again.
 *
 * <p>Loop thread only (one tracker per loop).
 */
final class ConnectionTracker {

    private static final int MIN_SWEEP = 64;

    private final IdentityHashMap<SocketChannel, AutoCloseable> open = new IdentityHashMap<>();
    private final ConnectionLimit limit;        // null: no limit to report to
    private int sweepAt = MIN_SWEEP;

    ConnectionTracker(ConnectionLimit limit) {
        this.limit = limit;
    }

    void add(SocketChannel channel, AutoCloseable closer) {
        open.put(channel, closer);
        if (open.size() >= sweepAt) {
            sweep();
            sweepAt = Math.max(MIN_SWEEP, 2 * open.size());
        }
    }

    /** Forgets a connection that closed. */
    void remove(SocketChannel channel) {
        if (open.remove(channel) != null) {
            forgot(1);
        }
    }

    private void forgot(int n) {
        if (limit != null) {
            limit.release(n);
        }
    }

    /** Connections tracked now; for tests. */
    int size() {
        return open.size();
    }

    /** Forgets channels that are closed; returns how many are still open. */
    int sweep() {
        int before = open.size();
        open.keySet().removeIf(ch -> !ch.isOpen());
        forgot(before - open.size());
        return open.size();
    }

    /** Closes every connection still open (the deadline of a graceful close passed). */
    void closeAll() {
        for (AutoCloseable c : new ArrayList<>(open.values())) {
            try {
                c.close();
            } catch (Exception e) {
                SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "error closing " + c, e);
            }
        }
        int n = open.size();
        open.clear();
        forgot(n);
    }
}
