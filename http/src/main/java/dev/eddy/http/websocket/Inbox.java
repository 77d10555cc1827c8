package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.util.ArrayDeque;

/**
 * The receiving side of a {@link WebSocket}: messages that arrived before anyone asked wait
 * here in order, and a {@code receive()} that came first waits here for the next message. It
 * counts the bytes waiting, which is what the connection compares with
 * {@link WebSocketOptions#receiveBufferBytes()} to decide whether to keep reading.
 *
 * <p>An idle connection keeps no queue (created when a message has to wait). Loop thread only.
 */
final class Inbox {

    private final IOLoop loop;
    private ArrayDeque<WebSocketMessage> waiting;
    private long bytes;
    private Promise<WebSocketMessage> receiver;
    /** A message went to a waiting receive and the application has not asked for another since. */
    private boolean handedOut;
    /**
     * Messages handed to the application so far (wrapping around: it is only compared with an
     * earlier reading, to see whether the application is still working through its input).
     */
    private int taken;

    Inbox(IOLoop loop) {
        this.loop = loop;
    }

    /** Bytes of the messages waiting (text counted in chars). */
    long bytes() {
        return bytes;
    }

    /** True when messages wait for the application to take them. */
    boolean hasWaiting() {
        return waiting != null;
    }

    /** How many messages the application has been handed so far, modulo 2^32. */
    int taken() {
        return taken;
    }

    /**
     * True when the application has taken every message and come back for more (or was never
     * given one): nothing it might still answer is pending.
     */
    boolean isDrained() {
        return waiting == null && !handedOut;
    }

    /** The next waiting message as a done future, else null. */
    Future<WebSocketMessage> takeWaiting() {
        if (receiver != null) {
            throw new IllegalStateException("a receive is already pending");
        }
        handedOut = false;
        WebSocketMessage m = waiting == null ? null : waiting.pollFirst();
        if (m == null) {
            return null;
        }
        bytes -= sizeOf(m);
        taken++;
        if (waiting.isEmpty()) {
            waiting = null;
        }
        return Future.succeeded(loop, m);
    }

    /** A receive that waits for the next message; call only when {@link #takeWaiting()} gave null. */
    Future<WebSocketMessage> awaitNext() {
        receiver = new Promise<>(loop);
        return receiver;
    }

    /** A message arrived: to the waiting receive, or to the queue. */
    void deliver(WebSocketMessage m) {
        if (receiver != null) {
            Promise<WebSocketMessage> r = receiver;
            receiver = null;
            handedOut = true;
            taken++;
            r.complete(m);
            return;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>(4);
        }
        waiting.addLast(m);
        bytes += sizeOf(m);
    }

    /** No message will come any more: the waiting receive (if any) fails with {@code cause}. */
    void endOfMessages(Throwable cause) {
        if (receiver != null) {
            Promise<WebSocketMessage> r = receiver;
            receiver = null;
            r.fail(cause);
        }
    }

    private static long sizeOf(WebSocketMessage m) {
        return m instanceof WebSocketMessage.Binary b ? b.data().remaining() : ((WebSocketMessage.Text) m).text().length();
    }
}
