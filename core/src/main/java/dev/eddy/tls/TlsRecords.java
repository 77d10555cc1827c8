package dev.eddy.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One connection's TLS records: how ciphertext from the socket becomes plaintext in the
 * owner's buffer, how the owner's plaintext becomes records on the socket, and the bytes a
 * call could not finish.
 *
 * <p>Every call goes through the loop's shared scratch ({@link TlsBuffers}): ciphertext is
 * read into {@code scratch.in} and decrypted straight into the owner's buffer; records are
 * sealed into {@code scratch.out} and written from there. What one call could not finish is
 * kept here, per connection: {@code netIn} (a record not fully arrived), {@code netOut}
 * (records the socket would not take: at most one batch, the transport's back-pressure) and
 * {@code appIn} (plaintext the owner had no room for). Each is let go as soon as it is
 * empty, so an idle connection holds none.
 *
 * <p>It exists apart from {@link TlsTransport} because <em>how</em> bytes become records and
 * back is one idea, and <em>when</em> to do it (readiness, the handshake, failure) is
 * another: this class never looks at the connection's state or its socket interest. A call
 * that leaves records held ({@link #hasPendingOutput()}) counts on its caller to ask for
 * {@code OP_WRITE}.
 *
 * <p>Loop thread only. Never blocks, never keeps a reference to the scratch after a call
 * returns (the next connection overwrites it), and allocates only when it must hold
 * leftovers.
 */
final class TlsRecords {

    private static final System.Logger LOG = System.getLogger("dev.eddy.tls");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Records encrypted per write call: four, about 64 KiB of plaintext, then one system call. */
    private static final int RECORDS_PER_WRITE = 4;

    private final SocketChannel channel;
    private final SSLEngine engine;
    private TlsBuffers scratch;             // the loop's, from registration on
    private int packetSize;                 // the largest record on the wire
    private int appSize;                    // the most plaintext one record decrypts to

    private ByteBuffer netIn;               // ciphertext received, not yet decrypted; read mode; null = none
    private ByteBuffer netOut;              // ciphertext made, not yet sent; read mode; null = none
    private ByteBuffer appIn;               // plaintext decrypted, not yet read; read mode; null = none
    private boolean endOfStream;            // the socket returned -1

    TlsRecords(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        sessionSettled();
    }

    /** Uses {@code scratch} (the loop's shared buffers) from now on; called once, at registration. */
    void useScratch(TlsBuffers scratch) {
        this.scratch = scratch;
    }

    /** Takes the record sizes of the session the handshake agreed on. */
    void sessionSettled() {
        SSLSession session = engine.getSession();
        packetSize = session.getPacketBufferSize();
        appSize = session.getApplicationBufferSize();
    }

    // ------------------------------------------------------------------ what is held

    /** Bytes held right now (partial records, unsent records, unread plaintext). */
    int heldBytes() {
        return (netIn == null ? 0 : netIn.capacity()) + (netOut == null ? 0 : netOut.capacity())
                + (appIn == null ? 0 : appIn.capacity());
    }

    /** True while records wait for the socket to take them. */
    boolean hasPendingOutput() {
        return netOut != null;
    }

    /** True while decrypted bytes wait for the owner. */
    boolean holdsPlaintext() {
        return appIn != null;
    }

    /** True once the socket said the peer closed its side of TCP. */
    boolean sawEndOfStream() {
        return endOfStream;
    }

    /** True when a read would find something without the socket saying so: plaintext, whole records, the end. */
    boolean readableNow() {
        return appIn != null || TlsBuffers.holdsRecord(netIn) || endOfStream || engine.isInboundDone();
    }

    /** Lets go of everything held (the connection is closed or failed). */
    void release() {
        netIn = netOut = appIn = null;
    }

    // ------------------------------------------------------------------ in

    /** Moves held plaintext into {@code dst}, as much as fits; returns how much. */
    int takePlaintext(ByteBuffer dst) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(appIn.slice().limit(n));
        appIn.position(appIn.position() + n);
        if (!appIn.hasRemaining()) {
            appIn = null;
        }
        return n;
    }

    /**
     * Reads the socket and decrypts what arrived into {@code dst}; returns the plaintext bytes
     * produced (0: a record is still incomplete, or close_notify came, or the end of the
     * stream: see {@link #sawEndOfStream()} and the engine). A TLS 1.3 post-handshake message
     * met on the way is answered at once (see {@link #answerPostHandshake()}).
     *
     * @throws SSLException when the records are bad or the peer tries to renegotiate; the
     *     connection is then unusable
     * @throws IOException when the socket fails
     */
    int unwrap(ByteBuffer dst) throws IOException {
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
                    answerPostHandshake();
                }
            }
        } finally {
            netIn = TlsBuffers.hold(netIn, in, packetSize);
        }
        return produced;
    }

    /**
     * Feeds what the socket has to the engine while it handshakes; false when it needs more
     * bytes than have arrived. Application data that came with the peer's last flight is
     * kept for the owner's first read.
     */
    boolean unwrapHandshake() throws IOException {
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
        return progress;
    }

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

    /**
     * After the handshake the engine asked for more handshaking. In TLS 1.2 that is a
     * renegotiation, which is refused (it has a history of attacks and no use here). In
     * TLS 1.3 it is a post-handshake message (a key update to answer, say): done at once,
     * inside the read that met it.
     */
    private void answerPostHandshake() throws IOException {
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

    // ------------------------------------------------------------------ out

    /**
     * Seals up to {@link #RECORDS_PER_WRITE} records of the buffers' plaintext and sends them;
     * what the socket does not take is held. Returns the plaintext bytes taken. Call only when
     * nothing is held ({@link #hasPendingOutput()} false).
     *
     * @throws SSLException when the engine fails; the connection is then unusable
     * @throws IOException when the socket fails
     */
    long wrap(ByteBuffer[] srcs, int offset, int length) throws IOException {
        ByteBuffer out = scratch.out(packetSize * RECORDS_PER_WRITE);
        long taken = 0;
        while (out.remaining() >= packetSize && hasRemaining(srcs, offset, length)) {
            SSLEngineResult r = engine.wrap(srcs, offset, length, out);
            taken += r.bytesConsumed();
            if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        send(out.flip());
        return taken;
    }

    /** Makes the engine's next handshake flight and sends it (or holds what the socket does not take). */
    void wrapHandshake() throws IOException {
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

    /** Writes held records; true when none is left. */
    boolean flush() throws IOException {
        channel.write(netOut);
        if (netOut.hasRemaining()) {
            return false;
        }
        netOut = null;
        return true;
    }

    /** Sends {@code out} (read mode) as far as the socket takes it and holds the rest. */
    private void send(ByteBuffer out) throws IOException {
        if (netOut == null && out.hasRemaining()) {
            channel.write(out);
        }
        if (out.hasRemaining()) {
            netOut = TlsBuffers.hold(netOut, out, 0);
        }
    }

    /**
     * Closes the engine's side and sends close_notify after any held records, as far as the
     * socket takes them right now: closing does not wait. A socket error is only logged.
     */
    void sendCloseNotify() {
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
                channel.write(out);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send close_notify on " + channel, e);
        }
    }

    /**
     * Closes the engine's side and sends the alert it has for the peer, if any, when nothing
     * is held before it. A courtesy: the peer may be gone already, so every error is ignored.
     */
    void sendAlert() {
        try {
            engine.closeOutbound();
            ByteBuffer out = scratch.out(packetSize);
            engine.wrap(EMPTY, out);
            out.flip();
            if (netOut == null) {
                channel.write(out);
            }
        } catch (IOException | RuntimeException ignored) {
            // the peer may be gone already; the alert is a courtesy
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
}
