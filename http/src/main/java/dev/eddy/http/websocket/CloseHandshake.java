package dev.eddy.http.websocket;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a {@link WebSocket} is in ending (RFC 6455 section 7), and how it will be reported.
 *
 * <pre>
 *  OPEN ──close()──────────► SENT ──peer's close──► BOTH ─┬─ server: close TCP once the output is out
 *    │                                                    └─ client: wait for the server's FIN (timeout)
 *    ├──peer's close──► answer it (once the application is done with the messages before it) ──► BOTH
 *    └──protocol violation──► send 1002/1007/1009 ──► close TCP once the output is out
 *  SENT with no answer in closeTimeout, or the stream ending early ──► close TCP now, 1006
 * </pre>
 *
 * <p>It holds the two facts that decide everything (a close frame was sent, one was received),
 * the status {@link WebSocket#closed()} will report, and the one timer of the ending. The
 * connection asks it what is still allowed (sending, reading) and whether the transport should
 * be closed once the output is out. Loop thread only.
 */
final class CloseHandshake {

    private final IOLoop loop;
    private final Role role;
    private final Duration timeout;
    private final FrameEncoder encoder;
    private final Consumer<ByteBuffer> sendFrame;
    private final Consumer<String> abort;
    private boolean sent;
    private boolean received;
    private boolean closeWhenFlushed;
    private CloseStatus status;
    private Timeout timer;

    /**
     * @param sendFrame queues a control frame on the connection
     * @param abort     closes the transport at once, with a reason (for a missed deadline)
     */
    CloseHandshake(IOLoop loop, Role role, WebSocketOptions options, FrameEncoder encoder,
                   Consumer<ByteBuffer> sendFrame, Consumer<String> abort) {
        this.loop = loop;
        this.role = role;
        this.timeout = options.closeTimeout();
        this.encoder = encoder;
        this.sendFrame = sendFrame;
        this.abort = abort;
    }

    /** True once a close frame was sent: no data may follow it. */
    boolean isSent() {
        return sent;
    }

    /** True once the peer's close arrived (or the peer broke the protocol): nothing more is read. */
    boolean isReceived() {
        return received;
    }

    /** True when the transport should be closed as soon as the output is out. */
    boolean closeWhenFlushed() {
        return closeWhenFlushed;
    }

    /** True when both close frames crossed: the end of the stream is the expected end. */
    boolean isComplete() {
        return sent && received;
    }

    /** This end begins: {@code close(code, reason)}. */
    void begin(int code, String reason) {
        ByteBuffer frame = encoder.close(code, reason);   // checks the code and reason first
        if (status == null) {
            status = new CloseStatus(code, reason);
        }
        send(frame);
    }

    /**
     * The peer's close frame arrived. It is answered by {@link #answer()}: at once when the
     * application is waiting for a message or this end began the close, otherwise when the
     * application is done with the messages before it (see {@link CloseAnswerWait}) or at the
     * latest after the close timeout, which {@code whenDue} then runs.
     */
    void peerClosed(int code, String reason, boolean answerNow, Runnable whenDue) {
        received = true;
        if (status == null) {
            status = new CloseStatus(code, reason);
        }
        if (answerNow || sent) {
            answer();
        } else {
            timer = loop.callLater(timeout, whenDue);
        }
    }

    /** True when the peer's close is waiting for this end's answer. */
    boolean isAnswerDue() {
        return received && !sent;
    }

    /** Answers the peer's close (echoing its code), or completes the handshake this end began. */
    void answer() {
        cancelTimer();
        if (!sent) {
            send(encoder.close(status.code(), ""));
        } else {
            bothSent();
        }
    }

    /** The peer broke the protocol: send its code and close without waiting for an answer. */
    void protocolViolation(WebSocketProtocolException e) {
        String reason = e.getMessage().length() > FrameEncoder.MAX_CLOSE_REASON_BYTES
                ? e.getMessage().substring(0, FrameEncoder.MAX_CLOSE_REASON_BYTES) : e.getMessage();
        status = new CloseStatus(e.closeCode(), reason);
        if (!sent) {
            sent = true;
            sendFrame.accept(encoder.close(e.closeCode(), reason));
        }
        received = true;
        closeWhenFlushed = true;
    }

    /** The connection ends now, for {@code why}: a 1006 unless a close frame already said more. */
    void endedAbruptly(String why) {
        if (status == null || !received) {
            status = new CloseStatus(CloseCodes.ABNORMAL, why);
        }
        cancelTimer();
    }

    /** How the connection ended, or is ending. */
    CloseStatus status() {
        return status != null ? status : new CloseStatus(CloseCodes.ABNORMAL, "connection closed");
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void send(ByteBuffer frame) {
        sent = true;
        sendFrame.accept(frame);
        if (received) {
            bothSent();
        } else {
            timer = loop.callLater(timeout, () -> abort.accept("the peer did not answer the close in time"));
        }
    }

    /** Both close frames have crossed: the server closes TCP, the client waits for that. */
    private void bothSent() {
        cancelTimer();
        if (role == Role.SERVER) {
            closeWhenFlushed = true;
        } else {
            timer = loop.callLater(timeout, () -> abort.accept("the server did not end the connection in time"));
        }
    }
}
