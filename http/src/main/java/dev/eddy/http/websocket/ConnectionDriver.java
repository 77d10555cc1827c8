package dev.eddy.http.websocket;

import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.random.RandomGenerator;
import java.util.zip.Deflater;

/**
 * What a {@link WebSocket} does on its own, between its application's calls: it owns the
 * connection's parts, reacts to the transport's readiness (flush what waits, read and decode),
 * answers the peer's pings and close, and ends the connection. {@code WebSocket} is the public
 * API over it; this is the machinery underneath.
 *
 * <p>Its rhythm is the <em>batch of work</em>: one readiness event, one step of the close
 * handshake, or the decoding of held input. Inside a batch frames are only queued; at its end
 * the output is flushed once and the transport's interest brought up to date, or the transport
 * closed when the close handshake is complete. Frames sent together are so written together.
 *
 * <p>It wires the parts together: the read side ({@link FrameInput} into the {@link Inbox}), the
 * write side ({@link MessageSender} into the {@link FrameOutput}), the ending
 * ({@link CloseHandshake}, {@link CloseAnswerWait}) and the {@link KeepAlive}. It never hands a
 * message to the application itself (the inbox does) and never blocks. Loop thread only.
 */
final class ConnectionDriver implements IOHandler {

    private static final System.Logger LOG = System.getLogger("dev.eddy.http.websocket");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final IOLoop loop;
    private final Transport transport;
    private final FrameOutput output;
    private final MessageSender sender;
    private final Promise<CloseStatus> closedPromise;
    private final Inbox inbox;
    private final FrameInput input;
    private final KeepAlive keepAlive;          // null without pings or an idle timeout
    private final CloseHandshake ending;
    private boolean inBatch;
    private boolean closed;

    /**
     * The parts of a connection over {@code transport}, which is open, past the opening handshake,
     * and whose readiness the caller forwards here. Call {@link #start} next.
     */
    ConnectionDriver(IOLoop loop, Transport transport, Role role, WebSocketOptions options,
                     PerMessageDeflate deflate, RandomGenerator maskKeys) {
        this.loop = loop;
        this.transport = transport;
        FrameEncoder encoder = new FrameEncoder(role, maskKeys);
        this.output = new FrameOutput(loop, transport, encoder, options);
        this.closedPromise = new Promise<>(loop);
        this.inbox = new Inbox(loop);
        this.sender = new MessageSender(this, output,
                deflate == null ? null : deflate.newDeflater(role, Deflater.DEFAULT_COMPRESSION));
        FrameDecoder decoder = new FrameDecoder(role, options.maxFrameBytes(), options.maxMessageBytes(), deflate);
        this.input = new FrameInput(transport, decoder, inbox, options.receiveBufferBytes(), this);
        this.keepAlive = KeepAlive.isWanted(options) ? new KeepAlive(loop, options, this::sendPing, this::abort) : null;
        this.ending = new CloseHandshake(loop, role, options, encoder, frame -> sender.sendClose(frame, inBatch),
                this::abort);
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

    IOLoop loop() {
        return loop;
    }

    Inbox inbox() {
        return inbox;
    }

    MessageSender sender() {
        return sender;
    }

    CloseHandshake ending() {
        return ending;
    }

    Promise<CloseStatus> closedPromise() {
        return closedPromise;
    }

    /** True inside a batch of work: frames queued now are written at its end. */
    boolean inBatch() {
        return inBatch;
    }

    /** True once the transport is closed: the connection has ended. */
    boolean isClosed() {
        return closed;
    }

    /** True while frames wait for a flush (not for the transport's writability, which flushes them itself). */
    boolean hasOutputToFlush() {
        return !output.isEmpty() && !output.isBlocked();
    }

    /** Writes what is queued now (outside a batch of work, which flushes at its end). */
    void flushNow() {
        if (closed || !flushOrAbort()) {
            return;
        }
        updateInterest();
    }

    /** Writes what is queued; false when the write failed and the connection was aborted. */
    private boolean flushOrAbort() {
        try {
            output.flush();
            return true;
        } catch (IOException e) {
            abort("write failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Runs {@code step} (of the close handshake) as a batch of work, unless one is running, so
     * that what it decided happens after it: the frame flushed, and the transport closed when the
     * handshake is complete.
     */
    void inOwnBatch(Runnable step) {
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

    // ---------------------------------------------------------------- readiness

    @Override
    public void onReady(int readyOps) {
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

    /** The application took a message, so the inbox has room: decode what was held, and read again. */
    void resumeReading() {
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
        if (closed || !flushOrAbort()) {
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
     * The peer's close frame. Answered now when the application has taken every message that
     * came before it (or this end began the close); otherwise once the application has finished
     * with them ({@link CloseAnswerWait}), or at the close timeout at the latest.
     */
    void peerClosed(int code, String reason) {
        boolean drained = inbox.isDrained();
        ending.peerClosed(code, reason, drained, this::answerClose);
        if (!drained && ending.isAnswerDue()) {
            new CloseAnswerWait(loop, inbox, this).watchFromNow();
        }
        failReceiver();
    }

    /** True when the peer's close waits for this end's answer and the connection is still open. */
    boolean isCloseAnswerDue() {
        return ending.isAnswerDue() && !closed;
    }

    /** Answers the peer's close as a batch of its own (unless one is running), if it still waits. */
    void answerClose() {
        if (isCloseAnswerDue()) {
            inOwnBatch(ending::answer);
        }
    }

    // ---------------------------------------------------------------- ending

    /** The receive that waits for a message that will not come now. */
    private void failReceiver() {
        inbox.endOfMessages(new WebSocketClosedException("receive", ending.status()));
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

    @Override
    public String toString() {
        return transport + (closed ? ", closed " + ending.status() : "");
    }
}
