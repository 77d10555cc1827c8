package dev.eddy.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one {@link TcpServer} counted against its
 * {@link TcpServerOptions#maxConnections()} (Tornado issue 2860: a server that accepts without
 * bound runs out of descriptors or memory for everyone). An {@link Acceptor} reserves a place
 * before each {@code accept}; at the limit it stops watching its socket, and new connections
 * wait in the kernel's backlog (or are refused once the backlog is full) while the server
 * goes on serving the ones it has. A connection's place is given back when the server hears
 * it closed ({@link ConnectionTracker}); going from full to not full tells the acceptors to
 * start again ({@code roomFreed}).
 *
 * <p>The count is one atomic integer because with SO_REUSEPORT several loops accept for the
 * same server at once; a reservation is a compare-and-set, so the count never passes the
 * limit. Thread-safe; {@code roomFreed} runs on whichever thread gave the place back and
 * must hand work to the acceptors' loops itself.
 */
final class ConnectionLimit {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Runnable roomFreed;
    private final Runnable reached;

    /**
     * @param roomFreed run when the count drops below {@code max} again
     * @param reached   run when an acceptor stops at the limit (so closes nobody reports get looked for)
     */
    ConnectionLimit(int max, Runnable roomFreed, Runnable reached) {
        this.max = max;
        this.roomFreed = roomFreed;
        this.reached = reached;
    }

    /** An acceptor found no place and stopped watching its socket. */
    void reached() {
        reached.run();
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
            roomFreed.run();
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
}
