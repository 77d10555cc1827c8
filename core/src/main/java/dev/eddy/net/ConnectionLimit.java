package dev.eddy.net;

import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one {@link TcpServer} counted against its
 * {@link TcpServerOptions#maxConnections()} (a server that accepts without
 * bound runs out of descriptors or memory for everyone). An {@link Acceptor} reserves a place
 * before each {@code accept}; at the limit it stops watching its socket, and new connections
 * wait in the kernel's backlog (or are refused once the backlog is full) while the server
 * goes on serving the ones it has. A connection's place is given back when the server hears
 * it closed ({@link ConnectionTracker}); going from full to not full tells every acceptor, on
 * its own loop, to start again.
 *
 * <p>Some closes nobody reports: a raw handler that returns no life future (the HTTP server's)
 * closes its channel without a word. While the server is full, every loop therefore sweeps
 * its tracker every {@link #POLL} for channels that closed; a sweep gives their places back.
 *
 * <p>The count is one atomic integer because with SO_REUSEPORT several loops accept for the
 * same server at once; a reservation is a compare-and-set, so the count never passes the
 * limit. Thread-safe; the sweeps run on their loops.
 */
final class ConnectionLimit {

    /** While full: how often each loop looks for closed channels nobody reported. */
    static final Duration POLL = Duration.ofMillis(20);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final List<IOLoop> loops;
    private final List<Acceptor> acceptors;             // the server's; filled once it has bound
    private final ConnectionTracker[] trackers;         // trackers[i] belongs to loops[i]
    private final boolean[] polling;                    // polling[i]: loop i sweeps (its thread only)

    ConnectionLimit(int max, List<IOLoop> loops, List<Acceptor> acceptors, ConnectionTracker[] trackers) {
        this.max = max;
        this.loops = loops;
        this.acceptors = acceptors;
        this.trackers = trackers;
        this.polling = new boolean[loops.size()];
    }

    /** Takes a place for a connection about to be accepted; false at the limit. */
    boolean tryReserve() {
        int n;
        do {
            n = open.get();
            if (n >= max) {
                return false;
            }
        } while (!open.compareAndSet(n, n + 1));
        return true;
    }

    /** Gives back {@code n} places: connections that closed, or a reservation nothing was accepted for. */
    void release(int n) {
        if (n <= 0) {
            return;
        }
        int after = open.addAndGet(-n);
        if (after + n >= max && after < max) {
            for (Acceptor a : acceptors) {
                TcpServer.runOn(a.loop(), a::roomFreed);
            }
        }
    }

    /** True while every place is taken. */
    boolean isFull() {
        return open.get() >= max;
    }

    /** Connections counted now. */
    int open() {
        return open.get();
    }

    /** An acceptor found no place and stopped watching its socket: every loop sweeps until there is one. */
    void reached() {
        for (int i = 0; i < loops.size(); i++) {
            int index = i;
            TcpServer.runOn(loops.get(i), () -> {
                if (!polling[index]) {
                    polling[index] = true;
                    poll(index);
                }
            });
        }
    }

    private void poll(int index) {
        trackers[index].sweep();
        if (isFull()) {
            loops.get(index).callLater(POLL, () -> poll(index));
        } else {
            polling[index] = false;
        }
    }
}
