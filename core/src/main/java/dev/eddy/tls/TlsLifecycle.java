package dev.eddy.tls;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The life of one TLS connection: its state (new, handshaking, open, failed, closed) and every
 * move between them. It starts the handshake once the socket is registered and connected,
 * lets it take its steps ({@link TlsHandshake}) when the socket or the owner gives it the
 * chance, opens the connection when it is done, fails it (an alert to the peer, a reason a
 * person can act on, the owner told) and closes it (close_notify). The handshake's future,
 * which the owner waits on, is completed or failed here and nowhere else.
 *
 * <p>It is the first half of {@link TlsTransport}, which adds the other: the {@code Transport}
 * calls an owner makes and the session facts it may ask for. The transport's calls ask this
 * half what state the connection is in and make it move; {@link TlsReadiness} (the socket's
 * side) and {@link TlsHandshake} (the steps) do the same. Apart because the moves are one
 * idea, the calls that trigger them another, and each is easier to check on its own. A
 * superclass rather than an object of its own, so that a connection is still one object:
 * an idle TLS connection's bytes are counted, and a field for a second object would cost
 * more than the split is worth.
 *
 * <p>Loop thread only. Never blocks. Never calls the owner's handler itself: it asks
 * {@link TlsReadiness#wakeOwner()}, which reports on the loop's next turn.
 */
abstract class TlsLifecycle {

    private static final System.Logger LOG = System.getLogger("dev.eddy.tls");

    /** The connection's states; {@link TlsReadiness} reads them to choose the socket's interest. */
    static final byte NEW = 0, HANDSHAKING = 1, OPEN = 2, FAILED = 3, CLOSED = 4;

    final SocketChannel channel;
    final SSLEngine engine;
    final TlsRecords records;               // the bytes: records in and out, and what is held
    final TlsReadiness readiness;           // the socket's interest, the loop's calls, the owner's wake-ups

    private IOLoop loop;
    private Promise<Void> handshake;        // what the owner waits on; made at registration
    private TlsHandshake handshaking;       // the handshake's steps; null once it is over

    private byte state = NEW;
    private IOException failure;

    TlsLifecycle(SocketChannel channel, SSLEngine engine, Duration handshakeTimeout, String dialled) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.engine = engine;
        this.records = new TlsRecords(channel, engine);
        this.readiness = new TlsReadiness(this);
        this.handshaking = new TlsHandshake(this, engine, records, channel, handshakeTimeout, dialled);
    }

    /** Joins {@code loop}: the loop's scratch, the handshake's future, the socket's registration; starts if connected. */
    void join(IOLoop loop, IOHandler owner) throws IOException {
        this.loop = loop;
        records.useScratch(TlsBuffers.of(loop));
        this.handshake = new Promise<>(loop);
        readiness.register(loop, channel, owner);
        startIfConnected();
    }

    /** The connection's state: {@link #NEW}, {@link #HANDSHAKING}, {@link #OPEN}, {@link #FAILED} or {@link #CLOSED}. */
    final byte state() {
        return state;
    }

    final TlsRecords records() {
        return records;
    }

    final IOLoop loop() {
        return loop;
    }

    /** The handshake's future: done when the connection opened, failed when it never will; null before {@link #join}. */
    final Future<Void> handshakeFuture() {
        return handshake;
    }

    /** True once the handshake succeeded (the connection may be closed since). */
    final boolean handshakeSucceeded() {
        return handshake != null && handshake.isSucceeded();
    }

    /** True until the handshake is over: its own state (deadline, tasks, whom it dialled) is still held. */
    final boolean holdsHandshakeState() {
        return handshaking != null;
    }

    // ------------------------------------------------------------------ the handshake (its steps: TlsHandshake)

    /** Starts the handshake once the socket is registered and connected (a client's may still be connecting). */
    final void startIfConnected() {
        if (state != NEW || !readiness.registered() || !channel.isConnected()) {
            return;
        }
        state = HANDSHAKING;
        try {
            handshaking.begin(loop);
        } catch (SSLException e) {
            fail(e);
            return;
        }
        handshakeStep();
    }

    /**
     * Lets the handshake take what steps it can, then sets the socket interest for what it
     * waits for; true when the handshake is done. A failure is recorded (see {@link #fail}),
     * not thrown.
     */
    final boolean handshakeStep() {
        if (state == NEW) {
            startIfConnected();
        }
        if (state == HANDSHAKING) {
            try {
                if (handshaking.step()) {
                    handshakeDone();
                }
            } catch (IOException e) {
                fail(e);
            }
        }
        readiness.update();
        return state == OPEN;
    }

    /**
     * The socket is ready, or the delegated tasks are back on the loop: go on where the
     * handshake paused, unless tasks are still out (they come back here when done).
     */
    final void resumeHandshake() {
        if (state == HANDSHAKING && !handshaking.waitingForTasks()) {
            handshakeStep();
        }
    }

    /** The socket interest the handshake needs now (see {@link TlsHandshake#interest()}); only while handshaking. */
    final int handshakeInterest() {
        return handshaking.interest();
    }

    private void handshakeDone() {
        state = OPEN;
        endHandshake();
        records.sessionSettled();
        handshake.tryComplete(null);
        readiness.wakeOwner();              // the owner may read (records may have come with the last flight) and write
    }

    /** Stops the handshake's deadline and lets its state go: an open connection carries none of it. */
    private void endHandshake() {
        if (handshaking != null) {
            handshaking.end();
            handshaking = null;
        }
    }

    // ------------------------------------------------------------------ failing and closing

    /** Throws why the connection cannot be used (its failure, or that it is closed); returns when it can. */
    final void checkUsable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (state == CLOSED) {
            throw new IOException("TLS connection closed");
        }
    }

    /**
     * Records why the connection is unusable, tells the peer with an alert (as far as the
     * socket takes it), closes the socket and tells the owner; its next read or write throws
     * the failure, as does what this returns. A handshake failure is reported in words a
     * person can act on.
     *
     * @return the failure to throw: the one recorded now, or the first one
     */
    final IOException fail(Throwable e) {
        if (state == FAILED || state == CLOSED) {
            return failure != null ? failure : new IOException("TLS connection closed", e);
        }
        failure = handshaking != null ? handshaking.describe(e)
                : e instanceof IOException io ? io : new IOException(e);
        state = FAILED;
        endHandshake();
        records.sendAlert();
        readiness.remove();
        closeChannel();
        records.release();
        handshake.tryFail(failure);
        readiness.wakeOwner();
        return failure;
    }

    /**
     * Closes: close_notify to the peer when the connection was open (as far as the socket takes
     * it right now), then the socket; a handshake still under way fails. Closing twice does nothing.
     */
    final void closeConnection() throws IOException {
        if (state == CLOSED) {
            return;
        }
        boolean open = state == OPEN;
        state = CLOSED;
        endHandshake();
        if (open) {
            records.sendCloseNotify();
        }
        readiness.remove();
        records.release();
        if (handshake != null) {
            handshake.tryFail(new IOException("the connection closed before the TLS handshake finished"));
        }
        channel.close();
    }

    /** Closes, logging (not throwing) a socket error: for when the owner's handler failed. */
    final void closeQuietly() {
        try {
            closeConnection();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing " + channel, e);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing " + channel, e);
        }
    }
}
