package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.random.RandomGenerator;

/**
 * One open WebSocket connection, either end, on the loop: messages in with {@link #receive()},
 * messages out with {@link #send(String)} and {@link #send(ByteBuffer)}, an orderly end with
 * {@link #close(int, String)}, and {@link #closed()} to learn how it ended.
 *
 * <pre>{@code
 * while (true) {                                        // an echo, top to bottom, in a coroutine
 *     WebSocketMessage m = Coroutine.await(ws.receive());   // fails once the peer closes
 *     Coroutine.await(m instanceof WebSocketMessage.Text t ? ws.send(t.text())
 *                                                       : ws.send(((WebSocketMessage.Binary) m).data()));
 * }
 * }</pre>
 *
 * <p>Underneath, the read side ({@link FrameInput}) decodes what the transport brings into
 * messages, which wait in a small {@link Inbox} for {@code receive()}; once
 * {@link WebSocketOptions#receiveBufferBytes()} are waiting, the connection stops reading and the
 * bytes stay in the kernel, so TCP slows the peer (a slow reader pushes back on a fast sender, no
 * buffer grows without bound). The write side ({@link MessageSender}) encodes messages into the
 * {@link FrameOutput}, which holds the sending back-pressure; frames sent together are written
 * together, once per batch of work ({@link DeferredFlush}). Control frames are handled here: a
 * ping is answered with a pong, a close frame is answered with a close frame and ends the
 * connection.
 *
 * <p>A <em>batch of work</em> is one readiness event, or one step of the close handshake: inside
 * it frames are only queued; at its end the output is flushed once and the transport's interest
 * brought up to date (or the transport closed, when the handshake is complete).
 *
 * <h2>Closing (RFC 6455 section 7)</h2>
 * Either end sends a close frame; the other answers with one (this end answers once its
 * application has taken the messages that came before the close, so replies to them still go
 * out, or after the close timeout at the latest); then the server closes the TCP
 * connection, and the client waits for that (up to {@link WebSocketOptions#closeTimeout()})
 * before closing its own side. A peer that does not answer a close in time, a protocol
 * violation (this end sends 1002, 1007 or 1009 and closes at once), an end of stream without a
 * close frame (1006) and an idle timeout all end the connection too; {@link #closed()} always
 * completes, with a {@link CloseStatus} that says which.
 *
 * <p>Loop thread only: every method must be called on the loop the connection runs on.
 */
public final class WebSocket {

    private static final System.Logger LOG = System.getLogger("dev.eddy.http.websocket");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final IOLoop loop;
    private final Transport transport;
    private final Role role;
    private final String subprotocol;
    private final FrameOutput output;
    private final MessageSender sender;
    private final Promise<CloseStatus> closedPromise;
    private final IOHandler handler = this::onReady;
    private final Inbox inbox;
    private final FrameInput input;
    private final KeepAlive keepAlive;          // null without pings or an idle timeout

    private final CloseHandshake ending;
    private boolean inBatch;
    private boolean closed;

    /**
     * A connection over {@code transport}, which is open, past the opening handshake, and
     * whose readiness the caller forwards to {@link #handler()}. Call {@link #start} next.
     */
    WebSocket(IOLoop loop, Transport transport, Role role, WebSocketOptions options,
              WebSocketHandshake.Agreement agreement, RandomGenerator maskKeys) {
        this.loop = loop;
        this.transport = transport;
        this.role = role;
        this.subprotocol = agreement.subprotocol();
        PerMessageDeflate deflate = agreement.deflate();
        FrameEncoder encoder = new FrameEncoder(role, maskKeys);
        this.output = new FrameOutput(loop, transport, encoder, options);
        this.closedPromise = new Promise<>(loop);
        this.inbox = new Inbox(loop);
        this.sender = new MessageSender(this, output,
                deflate == null ? null : deflate.newDeflater(role, java.util.zip.Deflater.DEFAULT_COMPRESSION));
        FrameDecoder decoder = new FrameDecoder(role, options.maxFrameBytes(), options.maxMessageBytes(), deflate);
        this.input = new FrameInput(transport, decoder, inbox, options.receiveBufferBytes(), this);
        this.keepAlive = KeepAlive.isWanted(options) ? new KeepAlive(loop, options, this::sendPing, this::abort) : null;
        this.ending = new CloseHandshake(loop, role, options, encoder, frame -> sender.sendClose(frame, inBatch),
                this::abort);
    }

    /** What the transport's readiness must be forwarded to. */
    IOHandler handler() {
        return handler;
    }

    /**
     * Starts reading. {@code leftover} holds bytes that arrived right behind the handshake: they
     * are the first frames, decoded before anything is read from the socket.
     */
    void start(ByteBuffer leftover) {
        if (keepAlive != null) {
            keepAlive.start();
        }
        inBatch = true;
        try {
            if (leftover != null) {
                input.take(leftover);
            }
        } catch (WebSocketProtocolException e) {
            failConnection(e);
        } finally {
            endBatch();
        }
    }

    /**
     * The loop the connection belongs to; every call must come on its thread.
     *
     * @return the connection's loop
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * The subprotocol the handshake agreed on, or null.
     *
     * @return the agreed subprotocol, or null when none was
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * True when permessage-deflate was agreed.
     *
     * @return whether messages are compressed
     */
    public boolean isCompressed() {
        return sender.isCompressing();
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The next message. Messages that arrived while nobody asked wait here, in order. Once the
     * peer's close has arrived (and every earlier message was taken), the future fails with a
     * {@link WebSocketClosedException} naming how the connection ended. One receive may be
     * pending at a time.
     *
     * @return a future completing with the next message, or failing with
     *     {@link WebSocketClosedException} once the connection has ended and no message is left
     * @throws IllegalStateException when a receive is already pending
     */
    public Future<WebSocketMessage> receive() {
        loop.checkLoopThread("WebSocket.receive");
        Future<WebSocketMessage> waiting = inbox.takeWaiting();
        if (waiting != null) {
            resumeReading();
            return waiting;
        }
        if (ending.isAnswerDue() && !closed) {
            answerClose();      // the application has reached the peer's close
        }
        if (ending.isReceived() || closed) {
            return Future.failed(loop, new WebSocketClosedException("receive", ending.status()));
        }
        if (!inBatch && hasOutputToFlush()) {
            flushNow();         // the application has answered all it was given: its answers go now
        }
        return inbox.awaitNext();
    }

    /** Received messages waiting for {@link #receive()}, in bytes (text counted in chars). */
    long bufferedBytes() {
        return inbox.bytes();
    }

    /** Where received messages wait for {@link #receive()}. */
    Inbox inbox() {
        return inbox;
    }

    /** The receive that waits for a message that will not come now. */
    private void failReceiver() {
        inbox.endOfMessages(new WebSocketClosedException("receive", ending.status()));
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a text message. The future completes once the frame is queued for the transport, at
     * once while the output holds less than its high-water mark, later when it holds more (await
     * it to go at the reader's pace); it fails with {@link WebSocketClosedException} once a close
     * was sent or received, and with {@link dev.eddy.net.BufferFullException} when the output
     * holds its maximum.
     *
     * <p>Frames sent together leave together: they are written once the application has finished
     * its batch of work (asks for a message that has not arrived, or stops taking messages), not
     * one system call per send. See {@link DeferredFlush}.
     *
     * @param text the message
     * @return a future completing (with null) once the frame is queued below the high-water mark,
     *     or failing with {@link WebSocketClosedException} or {@link dev.eddy.net.BufferFullException}
     */
    public Future<Void> send(String text) {
        Future<Void> refused = refusedSend();
        return refused != null ? refused : sender.sendText(text, inBatch);
    }

    /**
     * Sends a binary message of {@code data}'s remaining bytes (copied: the buffer is yours again).
     *
     * @param data the message's bytes, from its position to its limit
     * @return a future completing (with null) once the frame is queued below the high-water mark,
     *     or failing with {@link WebSocketClosedException} or {@link dev.eddy.net.BufferFullException}
     */
    public Future<Void> send(ByteBuffer data) {
        Future<Void> refused = refusedSend();
        return refused != null ? refused : sender.sendBinary(data, inBatch);
    }

    /**
     * Sends a ping (at most 125 bytes); the peer answers with a pong, which counts as activity.
     *
     * @param payload the ping's payload, from its position to its limit; at most 125 bytes
     * @return a future completing (with null) once the ping was handed to the transport, or failing
     *     with {@link WebSocketClosedException}
     */
    public Future<Void> ping(ByteBuffer payload) {
        loop.checkLoopThread("WebSocket.ping");
        if (ending.isSent() || closed) {
            return Future.failed(loop, new WebSocketClosedException("ping", ending.status()));
        }
        return sender.sendControl(Opcodes.PING, payload, inBatch);
    }

    /** A failed future when nothing may be sent any more (a close went out, or the connection ended), else null. */
    private Future<Void> refusedSend() {
        loop.checkLoopThread("WebSocket.send");
        if (ending.isSent() || closed) {
            return Future.failed(loop, new WebSocketClosedException("send", ending.status()));
        }
        return null;
    }

    /** True while frames wait for a flush (not for the transport's writability, which flushes them itself). */
    boolean hasOutputToFlush() {
        return !output.isEmpty() && !output.isBlocked();
    }

    /** Writes what is queued now (outside a batch of work, which flushes at its end). */
    void flushNow() {
        if (closed) {
            return;
        }
        try {
            output.flush();
        } catch (IOException e) {
            abort("write failed: " + e.getMessage());
            return;
        }
        updateInterest();
    }

    // ---------------------------------------------------------------- closing

    /**
     * Begins the close handshake: sends a close frame with {@code code} and {@code reason} (at
     * most 123 bytes of UTF-8), after which nothing more can be sent; messages may still
     * arrive until the peer answers. Closing twice does nothing more.
     *
     * @param code the close code to send; one that {@link CloseCodes#isValidOnWire} accepts
     * @param reason the close reason; may be empty
     * @return {@link #closed()}
     * @throws IllegalArgumentException for a code that may not be sent or too long a reason
     */
    public Future<CloseStatus> close(int code, String reason) {
        loop.checkLoopThread("WebSocket.close");
        if (!ending.isSent() && !closed) {
            inOwnBatch(() -> ending.begin(code, reason));
        }
        return closedPromise;
    }

    /**
     * A normal close (1000) with no reason.
     *
     * @return {@link #closed()}
     */
    public Future<CloseStatus> close() {
        return close(CloseCodes.NORMAL, "");
    }

    /**
     * Completes when the connection has ended (always, however it ended), with how it ended.
     *
     * @return a future completing with the close code and reason; it never fails
     */
    public Future<CloseStatus> closed() {
        return closedPromise;
    }

    /**
     * True from the moment this end sent a close frame, or the connection ended.
     *
     * @return whether this end has begun closing, or the connection has ended
     */
    public boolean isClosing() {
        return ending.isSent() || closed;
    }

    /** Answers the peer's close outside a batch of readiness work (from receive() or the timer). */
    private void answerClose() {
        if (!closed && ending.isAnswerDue()) {
            inOwnBatch(ending::answer);
        }
    }

    /**
     * Runs a step of the close handshake as a batch of work (unless one is running), so that
     * what it decided happens after it: the frame flushed, and the transport closed when the
     * handshake is complete.
     */
    private void inOwnBatch(Runnable step) {
        boolean outer = !inBatch;
        inBatch = true;
        try {
            step.run();
        } finally {
            if (outer) {
                endBatch();
            }
        }
    }

    /** The peer broke the protocol: say why with the code the RFC names, and close without waiting. */
    private void failConnection(WebSocketProtocolException e) {
        LOG.log(Level.DEBUG, () -> "WebSocket failed (" + e.closeCode() + "): " + e.getMessage());
        input.stop();
        ending.protocolViolation(e);
        failReceiver();
    }

    /** Ends at once with no more bytes sent; {@code why} becomes a 1006 unless a close frame said more. */
    private void abort(String why) {
        if (!closed) {
            ending.endedAbruptly(why);
            closeTransport();
        }
    }

    private void closeTransport() {
        if (closed) {
            return;
        }
        closed = true;
        ending.cancelTimer();
        if (keepAlive != null) {
            keepAlive.stop();
        }
        try {
            transport.close();
        } catch (IOException e) {
            // closing anyway
        }
        input.release();
        sender.release();
        output.failAll(new WebSocketClosedException("send", ending.status()));
        failReceiver();
        closedPromise.tryComplete(ending.status());
    }

    // ---------------------------------------------------------------- readiness

    private void onReady(int readyOps) {
        inBatch = true;
        try {
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                output.flush();
            }
            // Held bytes come before anything new: read only when none are waiting (a TLS
            // transport may report readiness on its own).
            if ((readyOps & SelectionKey.OP_READ) != 0 && !closed && !input.isHolding()) {
                read();
            }
        } catch (IOException e) {
            abort("connection failed: " + e.getMessage());
        } catch (WebSocketProtocolException e) {
            failConnection(e);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "WebSocket connection failed; closing it", e);
            abort("internal error: " + e);
        } finally {
            endBatch();
        }
    }

    private void read() throws IOException, WebSocketProtocolException {
        int n = input.read(loop.readBuffer());
        if (n < 0) {
            if (ending.isComplete()) {
                closeTransport();   // the clean end: the peer closed after the handshake
            } else {
                abort("the connection ended without a close frame");
            }
        } else if (n > 0 && keepAlive != null) {
            keepAlive.received(loop.time());
        }
    }

    /** receive() made room in the inbox: decode what was held, and read again. */
    private void resumeReading() {
        if (inBatch || closed) {
            return;
        }
        if (!input.canResume()) {
            updateInterest();       // reading may have paused for a full inbox
            return;
        }
        inBatch = true;
        try {
            input.resume();
        } catch (WebSocketProtocolException e) {
            failConnection(e);
        } finally {
            endBatch();
        }
    }

    /** Ends a batch of work: one flush, then the transport closed or interest brought up to date. */
    private void endBatch() {
        inBatch = false;
        if (closed) {
            return;
        }
        try {
            output.flush();
        } catch (IOException e) {
            abort("write failed: " + e.getMessage());
            return;
        }
        if (ending.closeWhenFlushed() && output.isEmpty() && !transport.hasPendingOutput()) {
            closeTransport();
            return;
        }
        updateInterest();
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = 0;
        // Writability matters only once the transport has refused bytes: frames merely waiting
        // for their flush (see DeferredFlush) must not make the next select flush them early.
        if (output.isBlocked() || (ending.closeWhenFlushed() && transport.hasPendingOutput())) {
            ops |= SelectionKey.OP_WRITE;
        }
        // Keep reading unless messages are piling up; after the handshake, only to see the end.
        if (!ending.closeWhenFlushed() && input.wantsBytes()) {
            ops |= SelectionKey.OP_READ;
        }
        transport.interestOps(ops);
    }

    private void sendPing() {
        if (!ending.isSent() && !closed) {
            sender.sendControl(Opcodes.PING, EMPTY.duplicate(), inBatch);
        }
    }

    // ---------------------------------------------------------------- control frames from the peer

    /** The peer's ping: answered with a pong carrying its payload (none after our close). */
    void peerPinged(ByteBuffer payload) {
        if (!ending.isSent()) {
            sender.sendControl(Opcodes.PONG, payload, inBatch);
        }
    }

    /**
     * The peer's close frame. When the application has taken every message that came before
     * it, it is answered now; otherwise once the application has (it may still reply to them:
     * an echo must not lose the last messages), or at the close timeout.
     */
    void peerClosed(int code, String reason) {
        ending.peerClosed(code, reason, inbox.isDrained(), this::answerClose);
        failReceiver();
    }

    @Override
    public String toString() {
        return "WebSocket[" + role + ", " + transport + (closed ? ", closed " + ending.status() : "") + "]";
    }
}
