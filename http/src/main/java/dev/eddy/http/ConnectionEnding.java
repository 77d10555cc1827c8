package dev.eddy.http;

import dev.eddy.IOHandler;
import dev.eddy.net.ChannelTransport;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The ways an {@link HttpConnection} stops serving requests other than a plain close: the
 * answer to a protocol error or a timeout (400, 408, 413 ...), the lingering close after an
 * answer the client may still be sending into, a graceful shutdown, and the hand-over to
 * another protocol after a {@code 101}.
 *
 * <p>Why linger: a socket closed while bytes it received are unread is reset (the kernel
 * answers with RST, not FIN), and a reset can destroy an answer the client has not read yet
 * (its kernel drops what it holds) or fail the client's own sending before it ever reads. So
 * after a refusal the connection shuts its sending side (the client reads the end of the
 * answer at once), keeps reading and drops what arrives, and closes when the client closes
 * too, has been quiet for {@link ConnectionDeadline#LINGER_QUIET}, or after
 * {@link ConnectionDeadline#LINGER_MOST} (Apache's and nginx's lingering close).
 *
 * <p>An object only once a connection begins to end in one of these ways
 * ({@link HttpConnection#ending()}): most connections never do, and an idle one holds none of
 * this state (a lingering close's start, a shutdown's mark, the upgrade being handed over).
 * What it holds only its own methods change; {@link #protocolError}, which begins such an
 * ending, is static logic over the connection like the read path's steps. Loop thread only.
 */
final class ConnectionEnding {

    /** Close lingering rather than at once: the client may still be sending ({@link #linger}). */
    private boolean lingerOnClose;
    /** When the lingering close began (LINGERING), for its overall bound. */
    private long lingerSince;
    /** A graceful shutdown began: every response from now on says {@code Connection: close}. */
    private boolean shuttingDown;
    /** Set by a 101 response: who takes the connection over once the response is out (UPGRADING). */
    private ConnectionUpgrade upgrade;
    /** After the hand-over (UPGRADED): who every readiness event goes to, or null when the take-over failed. */
    private IOHandler upgraded;

    /** The client may still be sending when the connection closes: linger ({@link #linger}). */
    void lingerOnClose() {
        lingerOnClose = true;
    }

    boolean lingersOnClose() {
        return lingerOnClose;
    }

    long lingerSince() {
        return lingerSince;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** A 101 is being written: {@code u} takes the connection over once it is out ({@link #handOver}). */
    void upgradeOnceWritten(ConnectionUpgrade u) {
        upgrade = u;
    }

    /** After the hand-over: the new owner of the connection's readiness events, or null. */
    IOHandler upgraded() {
        return upgraded;
    }

    /**
     * A protocol error or a timeout: answers with {@code status} while no response byte is
     * out yet, then closes (lingering: the client may be sending the rest of what was refused).
     * Once a status line is out, closing is the only signal left.
     */
    static void protocolError(HttpConnection c, int status, String reason) {
        HttpConnection.LOG.log(Level.DEBUG, () -> "closing " + c.remote + " after " + status + ": " + reason);
        c.shared.protocolErrors++;
        if (c.body != null) {
            c.body.failed(new IOException("malformed request: " + reason));
        }
        if (c.state != ConnectionState.READING_HEAD && c.state != ConnectionState.HANDLING) {
            c.abort(reason);
            return;
        }
        c.ending().lingerOnClose();
        c.shared.responseBegins(c, status);
        c.shared.responses.sendError(c.output, status);
        c.shared.exchangeEnds(c, true);
        c.enter(ConnectionState.CLOSING);
    }

    /**
     * The answer is out and the client may still be sending: shut the sending side where the
     * transport is a plain socket, then read and drop (see {@link HttpConnection#process})
     * until the client closes or the deadline. A TLS transport is not shut: a FIN without
     * close_notify reads as a truncation to the client, and the transport cannot send
     * close_notify and keep reading (its close does both); there the client, which has its
     * whole answer (it says {@code Connection: close}), closes first, or the deadline ends it.
     *
     * @param now the loop time, from which {@link ConnectionDeadline#LINGER_MOST} counts
     * @throws IOException when the socket refuses to shut its sending side: the connection aborts
     */
    void linger(Transport transport, long now) throws IOException {
        lingerSince = now;
        if (transport instanceof ChannelTransport && transport.channel() instanceof SocketChannel channel) {
            channel.shutdownOutput();
        }
    }

    /**
     * Graceful shutdown: the next response says {@code Connection: close} and the connection
     * closes after it ({@link HttpConnection#shuttingDown()}). An idle keep-alive connection is
     * not closed at once unless it has been quiet for {@link ConnectionDeadline#DRAIN_IDLE_NANOS}:
     * a client that was just using it may be sending its next request right now, and closing
     * under that request would fail it (HAProxy's {@code idle-close-on-response}). It gets that
     * long to send one, which is answered and closes the connection, else the idle deadline
     * closes it.
     */
    void shutdown(HttpConnection c) {
        shuttingDown = true;
        c.clockNow();
        if (c.state == ConnectionState.READING_HEAD && c.held == null && !c.outputPending()
                && c.now - c.deadline.lastActivity() >= ConnectionDeadline.DRAIN_IDLE_NANOS) {
            c.close();
        } else {
            c.deadline.arm(c);         // the idle deadline is shorter now
        }
    }

    /**
     * The 101 is out and the connection has let go of everything HTTP
     * ({@link HttpConnection#handOver()}): the new owner gets the transport and the bytes that
     * came behind the request ({@code leftover}); the connection object only forwards readiness
     * from now on, to {@link #upgraded()}. When the new owner refuses, the transport is closed.
     */
    void handOver(HttpConnection c, ByteBuffer leftover) {
        ConnectionUpgrade u = upgrade;
        upgrade = null;
        try {
            upgraded = u.takeOver(c.transport, leftover);
        } catch (IOException | RuntimeException e) {
            HttpConnection.LOG.log(Level.ERROR, "connection upgrade failed on " + c + "; closing", e);
            try {
                c.transport.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
