package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.net.Transport;

import java.nio.ByteBuffer;
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
 * <p>This class is the API; the machinery is underneath, in {@link ConnectionDriver}, which
 * reacts to the transport's readiness and owns the parts. The read side ({@link FrameInput})
 * decodes what the transport brings into messages, which wait in a small {@link Inbox} for
 * {@code receive()}; once {@link WebSocketOptions#receiveBufferBytes()} are waiting, the
 * connection stops reading and the bytes stay in the kernel, so TCP slows the peer (a slow
 * reader pushes back on a fast sender, no buffer grows without bound). The write side
 * ({@link MessageSender}) encodes messages into the {@link FrameOutput}, which holds the sending
 * back-pressure; frames sent together are written together, once per batch of work
 * ({@link DeferredFlush}). A ping from the peer is answered with a pong, a close frame with a
 * close frame.
 *
 * <h2>Closing (RFC 6455 section 7)</h2>
 * Either end sends a close frame; the other answers with one; then the server closes the TCP
 * connection, and the client waits for that (up to {@link WebSocketOptions#closeTimeout()})
 * before closing its own side. This end answers the peer's close as soon as its application has
 * finished with the messages that came before it, so that replies to them still go out: at once
 * when it is waiting for a message, else when it comes back for the next one or has taken none
 * for two loop turns ({@link CloseAnswerWait}), and after the close timeout at the latest. Those
 * messages are not lost: {@code receive()} hands them out after the close, then fails. A peer
 * that does not answer a close in time, a protocol violation (this end sends 1002, 1007 or 1009
 * and closes at once), an end of stream without a close frame (1006) and an idle timeout all
 * end the connection too; {@link #closed()} always completes, with a {@link CloseStatus} that
 * says which.
 *
 * <p>Loop thread only: every method must be called on the loop the connection runs on.
 */
public final class WebSocket {

    // An idle connection's memory counts: the loop and the close handshake are the driver's.
    private final Role role;
    private final String subprotocol;
    private final ConnectionDriver driver;

    /**
     * A connection over {@code transport}, which is open, past the opening handshake, and
     * whose readiness the caller forwards to {@link #handler()}. Call {@link #start} next.
     */
    WebSocket(IOLoop loop, Transport transport, Role role, WebSocketOptions options,
              WebSocketHandshake.Agreement agreement, RandomGenerator maskKeys) {
        this.role = role;
        this.subprotocol = agreement.subprotocol();
        this.driver = new ConnectionDriver(loop, transport, role, options, agreement.deflate(), maskKeys);
    }

    /** What the transport's readiness must be forwarded to. */
    IOHandler handler() {
        return driver;
    }

    /**
     * Starts reading. {@code leftover} holds bytes that arrived right behind the handshake: they
     * are the first frames, decoded before anything is read from the socket.
     */
    void start(ByteBuffer leftover) {
        driver.start(leftover);
    }

    /**
     * The loop the connection belongs to; every call must come on its thread.
     *
     * @return the connection's loop
     */
    public IOLoop loop() {
        return driver.loop();
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
        return driver.sender().isCompressing();
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The next message. Messages that arrived while nobody asked wait here, in order, even once
     * the connection has ended. Once the peer's close has arrived and every earlier message was
     * taken, the future fails with a {@link WebSocketClosedException} naming how the connection
     * ended. One receive may be pending at a time.
     *
     * @return a future completing with the next message, or failing with
     *     {@link WebSocketClosedException} once the connection has ended and no message is left
     * @throws IllegalStateException when a receive is already pending
     */
    public Future<WebSocketMessage> receive() {
        loop().checkLoopThread("WebSocket.receive");
        Inbox inbox = driver.inbox();
        Future<WebSocketMessage> waiting = inbox.takeWaiting();
        if (waiting != null) {
            driver.resumeReading();
            return waiting;
        }
        driver.answerClose();       // if the peer's close waits: the application has reached it
        if (ending().isReceived() || driver.isClosed()) {
            return Future.failed(loop(), new WebSocketClosedException("receive", ending().status()));
        }
        if (!driver.inBatch() && driver.hasOutputToFlush()) {
            driver.flushNow();      // the application has answered all it was given: its answers go now
        }
        return inbox.awaitNext();
    }

    /** Received messages waiting for {@link #receive()}, in bytes (text counted in chars). */
    long bufferedBytes() {
        return driver.inbox().bytes();
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
        return refused != null ? refused : driver.sender().sendText(text, driver.inBatch());
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
        return refused != null ? refused : driver.sender().sendBinary(data, driver.inBatch());
    }

    /**
     * Sends a ping (at most 125 bytes); the peer answers with a pong, which counts as activity.
     *
     * @param payload the ping's payload, from its position to its limit; at most 125 bytes
     * @return a future completing (with null) once the ping was handed to the transport, or failing
     *     with {@link WebSocketClosedException}
     */
    public Future<Void> ping(ByteBuffer payload) {
        loop().checkLoopThread("WebSocket.ping");
        if (isClosing()) {
            return Future.failed(loop(), new WebSocketClosedException("ping", ending().status()));
        }
        return driver.sender().sendControl(Opcodes.PING, payload, driver.inBatch());
    }

    /** A failed future when nothing may be sent any more (a close went out, or the connection ended), else null. */
    private Future<Void> refusedSend() {
        loop().checkLoopThread("WebSocket.send");
        if (isClosing()) {
            return Future.failed(loop(), new WebSocketClosedException("send", ending().status()));
        }
        return null;
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
        loop().checkLoopThread("WebSocket.close");
        if (!isClosing()) {
            driver.inOwnBatch(() -> ending().begin(code, reason));
        }
        return driver.closedPromise();
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
        return driver.closedPromise();
    }

    /**
     * True from the moment this end sent a close frame, or the connection ended.
     *
     * @return whether this end has begun closing, or the connection has ended
     */
    public boolean isClosing() {
        return ending().isSent() || driver.isClosed();
    }

    private CloseHandshake ending() {
        return driver.ending();
    }

    @Override
    public String toString() {
        return "WebSocket[" + role + ", " + driver + "]";
    }
}
