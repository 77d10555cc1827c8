package dev.eddy.tls;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a socket: a {@link Transport} whose {@code read} returns decrypted bytes and
 * whose {@code write} encrypts, driven by the loop through an {@link SSLEngine}.
 *
 * <h2>The handshake is driven by readiness</h2>
 * An engine never touches the socket; it says what it needs next. This class maps that onto
 * the socket's interest: NEED_WRAP means "produce records and send them" (and OP_WRITE if
 * the socket would not take them all), NEED_UNWRAP means OP_READ, NEED_TASK means "pause
 * this connection (no interest) while {@link DelegatedTasks} run off the loop". The owner
 * knows none of this: until the handshake is done its reads and writes return 0, and when it
 * is done the owner is told it may read and write. A handshake that does not finish within
 * the configured time fails with a {@link TlsHandshakeException} (reason TIMEOUT).
 *
 * <h2>Buffers</h2>
 * Ciphertext goes through the loop's shared scratch ({@link TlsBuffers}), and plaintext
 * straight into the owner's buffer. A connection keeps bytes of its own only for what one
 * call could not finish (a partial record, records the socket would not take, plaintext the
 * owner had no room for: see {@code TlsRecords}), so an idle connection holds none.
 *
 * <h2>Closing</h2>
 * {@link #close()} sends close_notify. A read that meets the end of the TCP stream without
 * the peer's close_notify throws {@link TlsTruncationException}: the bytes before it may be
 * cut short, and a protocol above must not mistake that for the end of a message. After the
 * peer's close_notify, reads return -1. Renegotiation (TLS 1.2) is refused: it fails the
 * connection. TLS 1.3's post-handshake messages (new session tickets, key updates) are fine.
 *
 * <h2>Where the parts are</h2>
 * This file is what the owner sees: the {@code Transport} calls and the session's facts. Its
 * superclass {@code TlsLifecycle} is the connection's state (new, handshaking, open, failed,
 * closed) and the moves between them. Together they decide <em>when</em>; the classes beside
 * them do the work. {@code TlsReadiness} is the socket's interest (the
 * owner's and the engine's needs in one), the loop's calls and the wake-ups the owner is
 * owed. {@code TlsHandshake} takes the handshake's steps (and keeps its deadline and its
 * delegated tasks); it exists only until the handshake is done. {@code TlsRecords} turns
 * plaintext into records and back, and holds the leftovers above. Around them:
 * {@code TlsBuffers} (the loop's shared scratch), {@code DelegatedTasks} (where slow
 * handshake work runs), {@code TlsFailures} (what a failed handshake is called), the two
 * configs (how an engine is made).
 *
 * <p>Loop thread only. Never blocks; never calls its owner's handler from inside one of the
 * owner's own calls (readiness found there is reported on the loop's next turn).
 */
public final class TlsTransport extends TlsLifecycle implements Transport {

    private static final int READ_WRITE = SelectionKey.OP_READ | SelectionKey.OP_WRITE;

    private TlsTransport(SocketChannel channel, SSLEngine engine, Duration handshakeTimeout, String dialled) {
        super(channel, engine, handshakeTimeout, dialled);
    }

    /**
     * The server side of a TLS connection over an accepted socket; the handshake starts when registered.
     *
     * @param channel the accepted socket, non-blocking
     * @param config the server's key, versions, suites and handshake timeout
     * @return the transport, its handshake not started until {@link #register}
     */
    public static TlsTransport server(SocketChannel channel, TlsServerConfig config) {
        return new TlsTransport(channel, config.newEngine(), config.handshakeTimeout(), null);
    }

    /**
     * The client side of a TLS connection to {@code host} (sent as SNI, checked against the
     * certificate) over a socket that is connected or connecting; the handshake starts once
     * the socket is connected and the transport registered.
     *
     * @param channel the socket, connected or connecting, non-blocking
     * @param config whom the client trusts, versions, suites and handshake timeout
     * @param host the host name dialled: sent as SNI and checked against the certificate
     * @param port the port dialled; with {@code host}, it lets the JDK resume a session
     * @return the transport, its handshake not started until it is registered and connected
     */
    public static TlsTransport client(SocketChannel channel, TlsClientConfig config, String host, int port) {
        return new TlsTransport(channel, config.newEngine(host, port), config.handshakeTimeout(), host + ":" + port);
    }

    // ------------------------------------------------------------------ what the owner sees of TLS

    /**
     * Succeeds when the handshake is done; fails with a {@link TlsHandshakeException} (or the
     * close). Starts the handshake if the socket is connected and nothing else started it.
     *
     * @return a future completing (with null) when the handshake is done, or failing with a
     *     {@link TlsHandshakeException} or the error that closed the connection
     */
    public Future<Void> handshake() {
        Future<Void> handshake = handshakeFuture();
        if (handshake == null) {
            throw new IllegalStateException("not registered with a loop yet");
        }
        startIfConnected();
        return handshake;
    }

    /**
     * The {@link Transport} contract's readiness: {@link #handshake()}, under the name every
     * transport answers to, so a client waits for it without knowing it speaks TLS.
     *
     * @return a future completing when the handshake is done, failing as {@link #handshake()} does
     */
    @Override
    public Future<Void> ready() {
        return handshake();
    }

    /**
     * True for the side that connected.
     *
     * @return whether this side connected (is the TLS client)
     */
    public boolean isClient() {
        return engine.getUseClientMode();
    }

    /**
     * The TLS session (protocol, cipher suite, peer certificates); meaningful once the handshake is done.
     *
     * @return the JDK's session for this connection
     */
    public SSLSession session() {
        return engine.getSession();
    }

    /**
     * The server name of the connection: on the server, the name the client asked for with
     * SNI (null when it sent none); on the client, the name it sent.
     *
     * @return the SNI host name, or null on a server whose client sent none
     */
    public String serverName() {
        return TlsInfo.serverName(engine, handshakeSucceeded());
    }

    /**
     * The protocol agreed through ALPN ("http/1.1", "h2"), or null when none was.
     *
     * @return the ALPN protocol agreed, or null
     */
    public String applicationProtocol() {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    /**
     * A snapshot of the session for handlers and logs; the handshake must have succeeded (it may be closed since).
     *
     * @return the connection's TLS facts
     */
    public TlsInfo info() {
        if (!handshakeSucceeded()) {
            throw new IllegalStateException("the TLS handshake is not done");
        }
        return TlsInfo.of(engine.getSession(), serverName(), applicationProtocol());
    }

    /** Bytes this connection holds of its own right now (partial records, unsent records, unread plaintext). */
    int heldBytes() {
        return records.heldBytes();
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        if (readiness.registered()) {
            throw new IllegalStateException(this + " is already registered");
        }
        join(loop, Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public void interestOps(int ops) {
        if (!readiness.registered() || state() == CLOSED) {
            return;
        }
        readiness.ownerWants(ops);
        startIfConnected();
        if ((ops & READ_WRITE) != 0 && (state() == FAILED || (state() == OPEN && records.readableNow()))) {
            readiness.wakeOwner();
        }
        readiness.update();
    }

    @Override
    public int interestOps() {
        return readiness.ownerInterest();
    }

    @Override
    public boolean hasPendingOutput() {
        return records.hasPendingOutput();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkUsable();
        if (records.holdsPlaintext()) {
            return takePlaintext(dst);
        }
        if (state() != OPEN) {
            if (!handshakeStep()) {
                checkUsable();
                return 0;
            }
            if (records.holdsPlaintext()) {
                return takePlaintext(dst);
            }
        }
        if (engine.isInboundDone()) {
            return -1;
        }
        int produced;
        try {
            produced = records.unwrap(dst);
        } catch (SSLException e) {
            throw fail(e);
        }
        if (records.hasPendingOutput()) {
            readiness.update();             // a post-handshake answer the socket did not take
        }
        if (produced > 0) {
            if (records.readableNow()) {
                readiness.wakeOwner();      // records left over: the socket will not say so
            }
            return produced;
        }
        if (engine.isInboundDone()) {
            return -1;
        }
        if (records.sawEndOfStream()) {
            throw fail(new TlsTruncationException("the peer closed the connection without a TLS close_notify:"
                    + " what it sent may be cut short"));
        }
        return 0;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkUsable();
        if (state() != OPEN && !handshakeStep()) {
            checkUsable();
            return 0;                       // the owner waits for OP_WRITE, reported when the handshake is done
        }
        if (engine.isOutboundDone()) {
            throw new IOException("TLS connection closed for writing");
        }
        if (records.hasPendingOutput()) {
            boolean sent = records.flush();
            readiness.update();
            if (!sent) {
                return 0;                   // one batch held already: back-pressure
            }
        }
        long taken;
        try {
            taken = records.wrap(srcs, offset, length);
        } catch (SSLException e) {
            throw fail(e);
        }
        readiness.update();
        return taken;
    }

    @Override
    public void close() throws IOException {
        closeConnection();
    }

    /** Moves held plaintext to the owner; if more is readable without the socket, says so on the next turn. */
    private int takePlaintext(ByteBuffer dst) {
        int n = records.takePlaintext(dst);
        if (records.readableNow()) {
            readiness.wakeOwner();
        }
        return n;
    }

    @Override
    public String toString() {
        return "TLS " + channel;
    }
}
