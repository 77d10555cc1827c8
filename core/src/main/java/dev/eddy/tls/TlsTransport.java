package dev.eddy.tls;

import dev.eddy.ChannelRegistration;
import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
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
 * Ciphertext is read into the loop's shared scratch ({@link TlsBuffers}) and decrypted
 * straight into the owner's buffer; encryption goes through the shared scratch to the
 * socket. Per connection it keeps only what one call could not finish: {@code netIn} (a
 * partial record), {@code netOut} (records the socket would not take; at most one batch,
 * which is the transport's back-pressure), {@code appIn} (plaintext the owner had no room
 * for). Each is released as soon as it is empty, so an idle connection holds none.
 *
 * <h2>Closing</h2>
 * {@link #close()} sends close_notify. A read that meets the end of the TCP stream without
 * the peer's close_notify throws {@link TlsTruncationException}: the bytes before it may be
 * cut short, and a protocol above must not mistake that for the end of a message. After the
 * peer's close_notify, reads return -1. Renegotiation (TLS 1.2) is refused: it fails the
 * connection. TLS 1.3's post-handshake messages (new session tickets, key updates) are fine.
 *
 * <h2>Where the parts are</h2>
 * This file is one connection's state machine: the handshake, reads, writes, readiness and
 * close share its state (what the engine needs next, the three held buffers, the owner's
 * interest, the failure), so they stay together, in that order. The parts that are ideas of
 * their own live beside it: {@code TlsBuffers} (the loop's shared scratch, and holding
 * leftovers), {@code DelegatedTasks} (where slow handshake work runs), {@code TlsFailures}
 * (what a failed handshake is called), the two configs (how an engine is made). Splitting
 * the state machine itself would cost an object per connection against the idle-connection
 * budget and make each half reach into the other's fields.
 *
 * <p>Loop thread only. Never blocks; never calls its owner's handler from inside one of the
 * owner's own calls (readiness found there is reported on the loop's next turn).
 */
public final class TlsTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("dev.eddy.tls");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int READ_WRITE = SelectionKey.OP_READ | SelectionKey.OP_WRITE;
    /** Records encrypted per write call: four, about 64 KiB of plaintext, then one system call. */
    private static final int RECORDS_PER_WRITE = 4;

    private static final byte NEW = 0, HANDSHAKING = 1, OPEN = 2, FAILED = 3, CLOSED = 4;

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final Duration handshakeTimeout;
    private final String dialled;           // client: "host:port" as dialled; server: null

    private IOLoop loop;
    private IOHandler owner;
    private ChannelRegistration registration;
    private TlsBuffers scratch;
    private Promise<Void> handshake;
    private Timeout handshakeTimer;
    private Runnable wake;                  // made on first use, then reused
    private int ownerInterest;
    private int packetSize;
    private int appSize;

    private ByteBuffer netIn;               // ciphertext received, not yet decrypted; read mode; null = none
    private ByteBuffer netOut;              // ciphertext made, not yet sent; read mode; null = none
    private ByteBuffer appIn;               // plaintext decrypted, not yet read; read mode; null = none

    private byte state = NEW;
    private boolean tasksRunning;
    private boolean endOfStream;            // the socket returned -1
    private boolean wakeScheduled;
    private IOException failure;

    private TlsTransport(SocketChannel channel, SSLEngine engine, Duration handshakeTimeout, String dialled) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.engine = engine;
        this.handshakeTimeout = handshakeTimeout;
        this.dialled = dialled;
        SSLSession session = engine.getSession();
        this.packetSize = session.getPacketBufferSize();
        this.appSize = session.getApplicationBufferSize();
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
        if (handshake == null) {
            throw new IllegalStateException("not registered with a loop yet");
        }
        startIfConnected();
        return handshake;
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
        if (isClient()) {
            return firstHostName(engine.getSSLParameters().getServerNames());
        }
        SSLSession session = handshake != null && handshake.isSucceeded() ? engine.getSession()
                : engine.getHandshakeSession();
        return session instanceof ExtendedSSLSession ext ? firstHostName(ext.getRequestedServerNames()) : null;
    }

    private static String firstHostName(List<SNIServerName> names) {
        if (names != null) {
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
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
        if (handshake == null || !handshake.isSucceeded()) {
            throw new IllegalStateException("the TLS handshake is not done");
        }
        return TlsInfo.of(engine.getSession(), serverName(), applicationProtocol());
    }

    /** Bytes this connection holds of its own right now (partial records, unsent records, unread plaintext). */
    int heldBytes() {
        return (netIn == null ? 0 : netIn.capacity()) + (netOut == null ? 0 : netOut.capacity())
                + (appIn == null ? 0 : appIn.capacity());
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        if (registration != null) {
            throw new IllegalStateException(this + " is already registered");
        }
        this.loop = loop;
        this.owner = Objects.requireNonNull(handler, "handler");
        this.scratch = TlsBuffers.of(loop);
        this.handshake = new Promise<>(loop);
        this.registration = loop.register(channel, 0, this::onSocketReady);
        startIfConnected();
    }

    @Override
    public void interestOps(int ops) {
        if (registration == null || state == CLOSED) {
            return;
        }
        ownerInterest = ops;
        startIfConnected();
        if ((ops & READ_WRITE) != 0 && (state == FAILED || (state == OPEN && readableNow()))) {
            scheduleWake();
        }
        updateInterest();
    }

    @Override
    public int interestOps() {
        return ownerInterest;
    }

    @Override
    public boolean hasPendingOutput() {
        return netOut != null;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkUsable();
        if (appIn != null) {
            return takeHeldPlaintext(dst);
        }
        if (state != OPEN) {
            if (!handshakeStep()) {
                checkUsable();
                return 0;
            }
            if (appIn != null) {
                return takeHeldPlaintext(dst);
            }
        }
        if (engine.isInboundDone()) {
            return -1;
        }
        ByteBuffer in = receive(dst.remaining());
        int produced = 0;
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(in, dst);
                produced += r.bytesProduced();
                Status status = r.getStatus();
                if (status == Status.BUFFER_OVERFLOW) {
                    if (produced == 0) {
                        produced = unwrapIntoScratch(in, dst);   // a record bigger than the room in dst
                    }
                    break;                                      // the rest waits in netIn
                }
                if (status != Status.OK || r.bytesConsumed() == 0) {
                    break;                                      // UNDERFLOW: a partial record; CLOSED: close_notify
                }
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
                    afterHandshake();
                }
            }
        } catch (SSLException e) {
            fail(e);
            throw failure;
        } finally {
            netIn = TlsBuffers.hold(netIn, in, packetSize);
        }
        if (produced > 0) {
            if (readableNow()) {
                scheduleWake();             // records left over: the socket will not say so
            }
            return produced;
        }
        if (engine.isInboundDone()) {
            return -1;
        }
        if (endOfStream) {
            fail(new TlsTruncationException("the peer closed the connection without a TLS close_notify:"
                    + " what it sent may be cut short"));
            throw failure;
        }
        return 0;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkUsable();
        if (state != OPEN && !handshakeStep()) {
            checkUsable();
            return 0;                       // the owner waits for OP_WRITE, reported when the handshake is done
        }
        if (engine.isOutboundDone()) {
            throw new IOException("TLS connection closed for writing");
        }
        if (netOut != null && !flush()) {
            return 0;                       // one batch held already: back-pressure
        }
        ByteBuffer out = scratch.out(packetSize * RECORDS_PER_WRITE);
        long taken = 0;
        try {
            while (out.remaining() >= packetSize && hasRemaining(srcs, offset, length)) {
                SSLEngineResult r = engine.wrap(srcs, offset, length, out);
                taken += r.bytesConsumed();
                if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            fail(e);
            throw failure;
        }
        send(out.flip());
        return taken;
    }

    @Override
    public void close() throws IOException {
        if (state == CLOSED) {
            return;
        }
        boolean open = state == OPEN;
        state = CLOSED;
        cancelHandshakeTimer();
        if (open) {
            sendCloseNotify();
        }
        if (registration != null) {
            registration.remove();
        }
        netIn = netOut = appIn = null;
        if (handshake != null) {
            handshake.tryFail(new IOException("the connection closed before the TLS handshake finished"));
        }
        channel.close();
    }

    // ------------------------------------------------------------------ readiness

    private void onSocketReady(int ready) throws Exception {
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            owner.onReady(SelectionKey.OP_CONNECT);     // the owner finishes the connect
            startIfConnected();
            return;
        }
        if (state == HANDSHAKING) {
            if (!tasksRunning) {
                handshakeStep();
            }
            return;
        }
        if (state != OPEN) {
            return;
        }
        int toOwner = ready & ownerInterest & SelectionKey.OP_READ;
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            try {
                if (netOut == null || flush()) {
                    toOwner |= ownerInterest & SelectionKey.OP_WRITE;
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
        updateInterest();
        if (toOwner != 0) {
            owner.onReady(toOwner);
        }
    }

    /** The socket interest that serves both the engine's needs and the owner's. */
    private void updateInterest() {
        if (registration == null || state == CLOSED || state == FAILED) {
            return;
        }
        int ops;
        if (state == NEW) {
            ops = ownerInterest & SelectionKey.OP_CONNECT;
        } else if (state == HANDSHAKING) {
            ops = netOut != null ? SelectionKey.OP_WRITE
                    : !tasksRunning && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP ? SelectionKey.OP_READ
                    : 0;
        } else {
            ops = ownerInterest & SelectionKey.OP_READ;
            if (netOut != null || (ownerInterest & SelectionKey.OP_WRITE) != 0) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        registration.interestOps(ops);
    }

    /** Bytes the owner can read without the socket saying so: plaintext, whole records, the end. */
    private boolean readableNow() {
        return appIn != null || TlsBuffers.holdsRecord(netIn) || endOfStream || engine.isInboundDone();
    }

    /** Tells the owner, on the loop's next turn, what it can do now (level-triggered, like the socket). */
    private void scheduleWake() {
        if (wakeScheduled || loop == null) {
            return;
        }
        wakeScheduled = true;
        if (wake == null) {
            wake = this::wake;
        }
        try {
            loop.addCallback(wake);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the loop is closing, and closes every channel: nobody is left to tell
        }
    }

    private void wake() {
        wakeScheduled = false;
        if (state == CLOSED) {
            return;
        }
        int ready = 0;
        if (state == FAILED) {
            ready = ownerInterest & READ_WRITE;         // read and write throw the failure
        } else if (state == OPEN) {
            if (readableNow()) {
                ready |= ownerInterest & SelectionKey.OP_READ;
            }
            if (netOut == null) {
                ready |= ownerInterest & SelectionKey.OP_WRITE;
            }
        }
        if (ready != 0) {
            try {
                owner.onReady(ready);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "IO handler for " + channel + " failed; closing the channel", e);
                closeQuietly();
            }
        }
    }

    // ------------------------------------------------------------------ the handshake

    private void startIfConnected() {
        if (state != NEW || registration == null || !channel.isConnected()) {
            return;
        }
        state = HANDSHAKING;
        handshakeTimer = loop.callLater(handshakeTimeout, () -> fail(new TlsHandshakeException(
                TlsHandshakeException.Reason.TIMEOUT, "TLS handshake with " + peer() + " did not finish within "
                + handshakeTimeout, null)));
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        handshakeStep();
    }

    /**
     * Does what the engine asks until it needs the socket or its tasks; true when the
     * handshake is done. A failure is recorded (see {@link #fail}), not thrown.
     */
    private boolean handshakeStep() {
        if (state == NEW) {
            startIfConnected();
        }
        try {
            while (state == HANDSHAKING && !tasksRunning) {
                if (netOut != null && !flush()) {
                    break;                                  // wait for OP_WRITE
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_WRAP) {
                    wrapHandshake();
                } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    if (!unwrapHandshake()) {
                        break;                              // wait for OP_READ
                    }
                } else if (hs == HandshakeStatus.NEED_TASK) {
                    tasksRunning = true;
                    DelegatedTasks.run(engine, loop, this::tasksDone);
                } else {
                    handshakeDone();
                }
            }
        } catch (IOException e) {
            fail(e);
        }
        updateInterest();
        return state == OPEN;
    }

    private void tasksDone() {
        tasksRunning = false;
        if (state == HANDSHAKING) {
            handshakeStep();
        }
    }

    private void wrapHandshake() throws IOException {
        ByteBuffer out = scratch.out(packetSize);
        SSLEngineResult r = engine.wrap(EMPTY, out);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            packetSize = engine.getSession().getPacketBufferSize();    // the engine's records grew
            return;
        }
        if (r.getStatus() == Status.CLOSED && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
            throw new SSLException("the TLS engine closed during the handshake");
        }
        send(out.flip());
    }

    /** Unwraps what the socket has; false when it needs more bytes than have arrived. */
    private boolean unwrapHandshake() throws IOException {
        ByteBuffer in = receive(0);
        ByteBuffer app = scratch.app(appSize);
        boolean progress = false;
        try {
            while (in.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                SSLEngineResult r = engine.unwrap(in, app);
                if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
                    break;
                }
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    appSize = engine.getSession().getApplicationBufferSize();
                    app = scratch.app(appSize);
                    continue;
                }
                progress = true;
                if (r.getStatus() == Status.CLOSED) {
                    throw new SSLException("the peer closed the TLS session during the handshake");
                }
            }
        } finally {
            netIn = TlsBuffers.hold(netIn, in, packetSize);
        }
        if (app.position() > 0) {
            appIn = TlsBuffers.hold(appIn, app.flip(), 0);
        }
        if (!progress && endOfStream) {
            throw new TlsHandshakeException(TlsHandshakeException.Reason.CONNECTION_CLOSED, "TLS handshake with "
                    + peer() + " failed: the peer closed the connection during the handshake", null);
        }
        return progress;
    }

    private void handshakeDone() {
        state = OPEN;
        cancelHandshakeTimer();
        SSLSession session = engine.getSession();
        packetSize = session.getPacketBufferSize();
        appSize = session.getApplicationBufferSize();
        handshake.tryComplete(null);
        scheduleWake();                     // the owner may read (records may have come with the last flight) and write
    }

    /**
     * After the handshake the engine asked for more handshaking. In TLS 1.2 that is a
     * renegotiation, which is refused (it has a history of attacks and no use here). In
     * TLS 1.3 it is a post-handshake message (a key update to answer, say): done at once.
     */
    private void afterHandshake() throws IOException {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("TLS renegotiation refused (the peer tried to renegotiate a "
                    + engine.getSession().getProtocol() + " session)");
        }
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();         // rare and small (post-handshake messages): not worth a thread hop
                }
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                ByteBuffer out = scratch.out(packetSize);
                engine.wrap(EMPTY, out);
                send(out.flip());
            } else {
                return;                 // NOT_HANDSHAKING, or NEED_UNWRAP: the read loop goes on
            }
        }
    }

    // ------------------------------------------------------------------ bytes

    /**
     * Puts the held partial record into the scratch buffer and reads the socket after it:
     * about {@code want} bytes of ciphertext (at least one whole record's worth), so what
     * decrypts fits the owner's buffer. Returns the scratch buffer in read mode.
     */
    private ByteBuffer receive(int want) throws IOException {
        int held = netIn == null ? 0 : netIn.remaining();
        ByteBuffer in = scratch.in(Math.max(want, packetSize) + 2 * packetSize);
        if (netIn != null) {
            in.put(netIn);
        }
        if (!endOfStream) {
            in.limit(Math.min(in.capacity(), held + Math.max(want - held, packetSize)));
            if (in.hasRemaining() && channel.read(in) < 0) {
                endOfStream = true;
            }
        }
        return in.flip();
    }

    /** Decrypts one record that does not fit {@code dst} into the scratch; hands over what fits, keeps the rest. */
    private int unwrapIntoScratch(ByteBuffer in, ByteBuffer dst) throws SSLException {
        ByteBuffer app = scratch.app(appSize);
        SSLEngineResult r = engine.unwrap(in, app);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            appSize = engine.getSession().getApplicationBufferSize();
            return 0;                               // bigger records than announced; the next read retries
        }
        app.flip();
        int n = Math.min(app.remaining(), dst.remaining());
        dst.put(app.slice().limit(n));
        app.position(app.position() + n);
        appIn = TlsBuffers.hold(appIn, app, 0);
        return n;
    }

    private int takeHeldPlaintext(ByteBuffer dst) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(appIn.slice().limit(n));
        appIn.position(appIn.position() + n);
        if (!appIn.hasRemaining()) {
            appIn = null;
        }
        if (readableNow()) {
            scheduleWake();
        }
        return n;
    }

    /** Sends {@code out} (read mode) as far as the socket takes it and holds the rest. */
    private void send(ByteBuffer out) throws IOException {
        if (netOut == null && out.hasRemaining()) {
            channel.write(out);
        }
        if (out.hasRemaining()) {
            netOut = TlsBuffers.hold(netOut, out, 0);
        }
        updateInterest();
    }

    /** Writes held records; true when none is left. */
    private boolean flush() throws IOException {
        channel.write(netOut);
        if (netOut.hasRemaining()) {
            updateInterest();
            return false;
        }
        netOut = null;
        updateInterest();
        return true;
    }

    private void sendCloseNotify() {
        try {
            engine.closeOutbound();
            ByteBuffer out = scratch.out(packetSize);
            while (!engine.isOutboundDone()) {
                SSLEngineResult r = engine.wrap(EMPTY, out);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
            out.flip();
            if (netOut != null) {
                channel.write(netOut);
            }
            if (netOut == null || !netOut.hasRemaining()) {
                channel.write(out);         // as far as the socket takes it right now; closing does not wait
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send close_notify on " + channel, e);
        }
    }

    // ------------------------------------------------------------------ failure

    private void checkUsable() throws IOException {
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
     * the failure. A handshake failure is reported in words a person can act on.
     */
    private void fail(Throwable e) {
        if (state == FAILED || state == CLOSED) {
            return;
        }
        boolean handshaking = state != OPEN;
        failure = handshaking ? TlsFailures.describe(e, peer(), isClient())
                : e instanceof IOException io ? io : new IOException(e);
        state = FAILED;
        cancelHandshakeTimer();
        try {
            engine.closeOutbound();
            ByteBuffer out = scratch.out(packetSize);
            engine.wrap(EMPTY, out);                // the alert the engine has for the peer, if any
            out.flip();
            if (netOut == null) {
                channel.write(out);
            }
        } catch (IOException | RuntimeException ignored) {
            // the peer may be gone already; the alert is a courtesy
        }
        registration.remove();
        closeChannel();
        netIn = netOut = appIn = null;
        handshake.tryFail(failure);
        scheduleWake();
    }

    private void closeQuietly() {
        try {
            close();
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

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    /** Who is on the other end, for messages: the dialled host and port, or the remote address. */
    private String peer() {
        if (dialled != null) {
            return dialled;
        }
        try {
            java.net.SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof java.net.InetSocketAddress a
                    ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(remote);
        } catch (IOException e) {
            return "the peer";
        }
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TLS " + channel;
    }
}
