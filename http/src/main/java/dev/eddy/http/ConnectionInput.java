package dev.eddy.http;

import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.RequestParser;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of an {@link HttpConnection}: bytes come from the transport into the loop's
 * shared read buffer and go straight to the connection's {@link HttpConnection#process};
 * only what nobody wants yet is kept, in a {@link HeldInput} made for it and let go once it
 * is consumed ({@link HttpConnection#held}). While that holds {@link HeldInput#HOLD_LIMIT}
 * bytes the socket is not read further: back-pressure. A request head is parsed by the
 * loop's parser, or by the connection's own while its start is held ({@link #parseHead}). A
 * FIN is noted ({@link HttpConnection#inputEnded}) and dealt with once the batch has
 * answered what it could ({@link #ended}).
 *
 * <p>Only the logic, no object per connection: an idle connection, which holds nothing,
 * pays nothing for this; it is the only code that makes or drops the connection's
 * {@link HeldInput} and sets {@code inputEnded}. Loop thread only.
 */
final class ConnectionInput {

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
        c.deadline.activity(c.now);
        buf.flip();
        if (c.held != null && c.held.bytes() != null) {
            c.held.keep(buf);
            processHeld(c);
            return;
        }
        c.process(buf);
        if (buf.hasRemaining() && !c.isClosed()) {
            hold(c).keep(buf);
        }
        letGoIfEmpty(c);
    }

    /** Processes the held bytes, if any, and lets go of them once all are consumed. */
    static void processHeld(HttpConnection c) {
        if (c.held == null || c.held.bytes() == null) {
            return;
        }
        c.process(c.held.bytes());
        if (c.held != null) {
            c.held.trim();
            letGoIfEmpty(c);
        }
    }

    /**
     * The next request head from {@code in}, or null when it has not fully arrived (all of
     * {@code in} is consumed, and its start held).
     */
    static HttpRequest parseHead(HttpConnection c, ByteBuffer in) throws HttpProtocolException {
        RequestParser own = c.held != null ? c.held.parser() : null;
        HttpRequest r;
        try {
            r = c.shared.parseHead(c, own, in);
        } catch (HttpProtocolException e) {
            if (own != null) {
                c.held.headDone();
            }
            throw e;
        }
        if (r == null) {
            if (own == null) {
                hold(c).headCutOff(c.shared.handOverParser(), c.now);
            }
        } else if (own != null) {
            c.held.headDone();
        }
        return r;
    }

    /** Nothing more is held: an idle connection keeps no {@link HeldInput}. */
    static void letGo(HttpConnection c) {
        c.held = null;
    }

    /** The held bytes as a buffer of their own, for the new owner after an upgrade; nothing is held afterwards. */
    static ByteBuffer takeAll(HttpConnection c) {
        ByteBuffer all = c.held == null ? ByteBuffer.allocate(0) : c.held.takeAll();
        c.held = null;
        return all;
    }

    private static HeldInput hold(HttpConnection c) {
        if (c.held == null) {
            c.held = new HeldInput(c.now);
        }
        return c.held;
    }

    private static void letGoIfEmpty(HttpConnection c) {
        if (c.held != null && c.held.isEmpty()) {
            c.held = null;
        }
    }

    /** Keep reading (to notice a disconnect, to fill the window) unless the client is done or enough is held. */
    static boolean wantsMore(HttpConnection c) {
        return !c.inputEnded && (c.held == null || !c.held.isFull());
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
        if (c.held != null && c.held.bytes() != null) {
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
