package dev.eddy.http;

import dev.eddy.http.wire.RequestParser;
import dev.eddy.net.ByteBuffers;

import java.nio.ByteBuffer;

/**
 * What an {@link HttpConnection} holds of its input between reads: bytes read but not
 * consumed yet (the start of a head that has not fully arrived, pipelined requests waiting
 * their turn, body bytes the handler has not asked for), and the parser holding the start of
 * a head cut off at the end of a read, with the time that head began.
 *
 * <p>Made when something is left over and let go as soon as nothing is
 * ({@link ConnectionInput}), so an idle connection, which holds nothing, has none. Reads go
 * to the loop's shared buffer; only leftovers are copied here ({@link ByteBuffers#append},
 * as an {@link dev.eddy.net.IOStream} keeps its buffered bytes). Loop thread only.
 */
final class HeldInput {

    /** Bytes held while nobody consumes them (pipelined requests, an unread body) before reading pauses. */
    static final int HOLD_LIMIT = 64 * 1024;

    /** Read but not consumed, in read mode, or null. */
    private ByteBuffer bytes;
    /** Holds the start of a head that has not fully arrived, or null; see {@link ServerOnLoop#parseHead}. */
    private RequestParser parser;
    /** When the head being read began (loop time), for the header timeout. */
    private long headStart;

    HeldInput(long now) {
        this.headStart = now;
    }

    /** Keeps what {@code in} has left, after what is held already. */
    void keep(ByteBuffer in) {
        bytes = ByteBuffers.append(bytes, in);
    }

    /** The held bytes, or null; {@link #trim()} after consuming from them. */
    ByteBuffer bytes() {
        return bytes;
    }

    /** Lets go of the bytes once all are consumed. */
    void trim() {
        if (bytes != null && !bytes.hasRemaining()) {
            bytes = null;
        }
    }

    /** Nothing is held: the connection lets go of this object. */
    boolean isEmpty() {
        return bytes == null && parser == null;
    }

    /** Enough is held that the socket is not read further until some is consumed: back-pressure. */
    boolean isFull() {
        return bytes != null && bytes.remaining() >= HOLD_LIMIT;
    }

    /** The parser holding the start of a head, or null. */
    RequestParser parser() {
        return parser;
    }

    /** A head was cut off at the end of a read at {@code now}: {@code p} keeps its start until it completes. */
    void headCutOff(RequestParser p, long now) {
        parser = p;
        headStart = now;
    }

    /** The head {@link #parser()} held is complete, or was refused: the parser is the connection's no longer. */
    void headDone() {
        parser = null;
    }

    long headStart() {
        return headStart;
    }

    /** The held bytes as a buffer of their own (for the new owner after an upgrade); nothing is held afterwards. */
    ByteBuffer takeAll() {
        ByteBuffer all = ByteBuffer.allocate(bytes == null ? 0 : bytes.remaining());
        if (bytes != null) {
            all.put(bytes).flip();
        }
        bytes = null;
        parser = null;
        return all;
    }
}
