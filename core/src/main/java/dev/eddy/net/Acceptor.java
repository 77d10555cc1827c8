package dev.eddy.net;

import dev.eddy.ChannelRegistration;
import dev.eddy.IOLoop;
import dev.eddy.internal.RepeatedErrorLog;
import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One listening socket of a {@link TcpServer} and the loop that accepts on it: accepts in
 * batches and hands each connection on.
 *
 * <p>It never stops accepting on its own. An {@code accept} that fails (typically "too many
 * open files": the process is at its descriptor limit) pauses accepting for
 * {@link #ACCEPT_PAUSE} and then tries again, as often as it takes; waiting connections stay
 * in the kernel's backlog meanwhile. Retrying at once would spin the loop on an error that
 * only time cures. The failures are logged at a bounded rate, and nothing on this path can
 * throw, logging included (at the descriptor limit even logging may fail). Only
 * {@link #close()} ends it.
 *
 * <p>With a {@link ConnectionLimit} it reserves a place before each {@code accept}. When there
 * is none it stops watching the socket (the connections wait in the backlog) until
 * {@link #roomFreed()}; that is not an error and logs nothing.
 *
 * <p>Loop thread only, once registered.
 */
final class Acceptor {

    static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    private final IOLoop loop;
    private final ServerSocketChannel channel;
    private final SocketAddress address;
    private final int batch;
    private final Consumer<SocketChannel> accepted;
    private final ConnectionLimit limit;              // null: accept without bound
    private final RepeatedErrorLog acceptErrors;
    private final Runnable resume = this::resume;     // made now: at the limit, make nothing new
    private ChannelRegistration registration;
    private boolean paused;     // after an accept error, until the resume timer
    private boolean full;       // at the connection limit, until roomFreed
    private boolean closed;

    Acceptor(IOLoop loop, ServerSocketChannel channel, SocketAddress address, int batch,
             ConnectionLimit limit, Consumer<SocketChannel> accepted) {
        this.loop = loop;
        this.channel = channel;
        this.address = address;
        this.batch = batch;
        this.limit = limit;
        this.accepted = accepted;
        this.acceptErrors = TcpServer.errorLog(loop, System.Logger.Level.WARNING, "accept on " + address);
    }

    IOLoop loop() {
        return loop;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    /** Starts watching the socket; on the loop thread. */
    void register() {
        if (closed) {
            return;
        }
        try {
            registration = loop.register(channel, SelectionKey.OP_ACCEPT, this::accept);
        } catch (IOException e) {
            SafeLog.log(TcpServer.LOG, System.Logger.Level.ERROR, "cannot register listening socket " + address, e);
            close();
        }
    }

    /** Accepts up to a batch, so one busy listener cannot monopolise the loop. */
    private void accept(int readyOps) {
        for (int i = 0; i < batch; i++) {
            if (limit != null && !limit.tryReserve()) {
                waitForRoom();
                return;
            }
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                unreserve();
                acceptErrors.log("accept failed on " + address + "; pausing accepting for "
                        + ACCEPT_PAUSE.toMillis() + " ms", e);
                pause();
                return;
            }
            if (ch == null) {
                unreserve();
                return;
            }
            accepted.accept(ch);
        }
    }

    private void unreserve() {
        if (limit != null) {
            limit.release(1);
        }
    }

    /** At the limit: stop watching the socket until a connection closes. */
    private void waitForRoom() {
        full = true;
        registration.interestOps(0);
        limit.reached();
        if (!limit.isFull()) {
            roomFreed();        // a connection closed between the reservation and now
        }
    }

    /** A connection closed while at the limit: watch the socket again (on the loop thread). */
    void roomFreed() {
        if (!full || closed) {
            return;
        }
        full = false;
        if (!paused && !registration.isRemoved() && channel.isOpen()) {
            registration.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops watching for connections until {@link #resume} (a timer) runs. */
    private void pause() {
        if (paused || closed) {
            return;
        }
        paused = true;
        registration.interestOps(0);
        try {
            loop.callLater(ACCEPT_PAUSE, resume);
        } catch (Throwable noTimer) {
            // without a timer nothing would ever resume: spinning on accept beats going deaf
            resume();
        }
    }

    private void resume() {
        paused = false;
        if (!closed && !full && !registration.isRemoved() && channel.isOpen()) {
            registration.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * Stops accepting for good and closes the socket; on the loop thread. A Unix-domain
     * socket's file goes with it (the kernel leaves it behind), so the path is free again.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.remove();
        }
        try {
            channel.close();
            ListeningSockets.removeSocketFile(address);
        } catch (IOException e) {
            SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "error closing listening socket", e);
        }
    }
}
