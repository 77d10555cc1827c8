package dev.eddy.http;

import dev.eddy.net.ByteBuffers;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of an {@link HttpConnection}: bytes come from the transport into the loop's
 * shared read buffer and go straight to the connection's {@link HttpConnection#process};
 * only what nobody wants yet (the start of a head cut off, pipelined requests waiting their
 * turn, body bytes the handler has not asked for) is copied into the connection
 * ({@link HttpConnection#held}). While it holds {@link #HOLD_LIMIT} bytes the socket is not
 * read further: back-pressure. A FIN is noted ({@link HttpConnection#inputEnded}) and dealt
 * with once the batch has answered what it could ({@link #ended}).
 *
 * <p>Only the logic: the held bytes are the connection's, so an idle connection (which
 * holds none) pays nothing for this. Loop thread only.
 */
final class ConnectionInput {

    /** Bytes held while nobody consumes them (pipelined requests, an unread body) before reading pauses. */
    static final int HOLD_LIMIT = 64 * 1024;

    private ConnectionInput() {
    }

    /** The transport is readable: reads once and processes what came (after what was held). */
    static void read(HttpConnection c) {
        ByteBuffer buf = c.loop.readBuffer();
        buf.clear();
        int n;
        try {
            n = c.transport.read(buf);
        } catch (IOException e) {
            c.abort("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            c.inputEnded = true;      // a FIN: maybe only half a close, see ended
            return;
        }
        if (n == 0) {
            return;
        }
        c.shared.bytesIn += n;
        c.lastActivity = c.now;
        buf.flip();
        if (c.held != null) {
            c.held = ByteBuffers.append(c.held, buf);
            processHeld(c);
        } else {
            c.process(buf);
            if (buf.hasRemaining() && !c.isClosed()) {
                c.held = ByteBuffers.append(null, buf);
            }
        }
    }

    /** Processes the held bytes, if any, and lets go of them once all are consumed. */
    static void processHeld(HttpConnection c) {
        if (c.held == null) {
            return;
        }
        c.process(c.held);
        if (c.held != null && !c.held.hasRemaining()) {
            c.held = null;
        }
    }

    /** Keep reading (to notice a disconnect, to fill the window) unless the client is done or enough is held. */
    static boolean wantsMore(HttpConnection c) {
        return !c.inputEnded && (c.held == null || c.held.remaining() < HOLD_LIMIT);
    }

    /**
     * The client will send nothing more. It may still be waiting for answers (it sent its
     * requests, then shut down its sending side), so requests already received are served;
     * what can never complete ends the connection: a request head cut short is dropped, a body
     * cut short aborts the exchange (the handler's read fails). A lingering close is over.
     */
    static void ended(HttpConnection c) {
        if (c.state == ConnectionState.LINGERING) {
            c.close();    // the client closed too: nothing it sent is left to reset the answer
            return;
        }
        if (c.held != null) {
            return;     // requests or body bytes still to process once the output has drained
        }
        if (c.state == ConnectionState.READING_HEAD) {
            c.enter(ConnectionState.CLOSING);   // every request answered: close once the answers are out
        } else if (c.body != null && c.body.isWaitingForData()) {
            c.body.failed(new EOFException("client closed the connection in the middle of the request body"));
            c.abort("client closed in the middle of the request body");
        }
    }
}
