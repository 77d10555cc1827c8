package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked body (RFC 9112 section 7.1) incrementally, in place: it reads the
 * framing (chunk sizes, CRLFs, the trailer section) and points its caller at the data bytes
 * inside the input buffer instead of copying them.
 *
 * <pre>
 *  SIZE ─hex─► SIZE ─;─► EXT ─CR─► SIZE_LF ─LF─► DATA ─► DATA_CR ─► DATA_LF ─► SIZE ...
 *                          size 0 ──────────────► TRAILERS (HeaderBlockParser) ─► DONE
 * </pre>
 *
 * <p>Strict: a size must be hex digits directly followed by {@code ;} or CRLF (no spaces,
 * no sign, no {@code 0x}), must not overflow, and every CRLF must be exactly that: a
 * lenient chunk parser is a classic request-smuggling hole. Extensions are read and ignored
 * up to a limit; trailers are parsed, bounded and kept.
 *
 * <p>Used by the server for request bodies and by the client for response bodies. Not
 * thread-safe.
 */
public final class ChunkedDecoder {

    private static final int SIZE_START = 0;
    private static final int SIZE = 1;
    private static final int EXT = 2;
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
    private static final int DATA_CR = 5;
    private static final int DATA_LF = 6;
    private static final int TRAILERS = 7;
    private static final int DONE = 8;

    private final long maxBodyBytes;
    private final int maxExtensionBytes;
    private final int maxTrailerBytes;
    private int state = SIZE_START;
    private long size;
    private long remaining;
    private long total;
    private int extensionBytes;
    private HeaderBlockParser trailerParser;
    private HttpHeaders trailers;

    /**
     * A decoder at the start of a chunked body.
     *
     * @param limits the body, trailer and chunk extension limits it enforces
     */
    public ChunkedDecoder(HttpLimits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.maxExtensionBytes = limits.maxChunkExtensionBytes();
        this.maxTrailerBytes = limits.maxTrailerBytes();
    }

    /** Ready for the next body. */
    public void reset() {
        state = SIZE_START;
        total = 0;
        remaining = 0;
        extensionBytes = 0;
        trailers = null;
    }

    /**
     * True when the last chunk and the trailer section have been read.
     *
     * @return whether the whole chunked body, trailers included, has been read
     */
    public boolean isDone() {
        return state == DONE;
    }

    /**
     * Data bytes decoded so far.
     *
     * @return the body's data bytes so far, framing not counted
     */
    public long bodyBytes() {
        return total;
    }

    /**
     * The trailer fields, once {@link #isDone()}; empty when there were none.
     *
     * @return the trailer fields, or null before {@link #isDone()}
     */
    public HttpHeaders trailers() {
        return trailers;
    }

    /**
     * Reads framing from {@code in} until it reaches data, the end of the body, or the end
     * of {@code in}.
     *
     * @param in the received bytes, from its position to its limit
     * @return {@code n > 0}: the next n bytes at {@code in.position()} are body data, which
     *         the caller must consume (advance the position past them) before calling again;
     *         0: {@code in} is used up, more input is needed; -1: the body is complete and
     *         {@code in}'s position is just after it
     * @throws HttpProtocolException 400 for malformed framing, 413 when the body grows past
     *                               the limit, 431 for too large a trailer section
     */
    public int read(ByteBuffer in) throws HttpProtocolException {
        int pos = in.position();
        final int limit = in.limit();
        try {
            while (pos < limit) {
                byte b;
                switch (state) {
                    case SIZE_START, SIZE -> {
                        b = in.get(pos++);
                        int v = Ascii.hexValue(b);
                        if (v >= 0) {
                            if (size > (Long.MAX_VALUE >>> 4)) {
                                throw new HttpProtocolException(400, "chunk size overflows");
                            }
                            size = state == SIZE_START ? v : (size << 4) | v;
                            state = SIZE;
                        } else if (state == SIZE && b == ';') {
                            state = EXT;
                        } else if (state == SIZE && b == '\r') {
                            state = SIZE_LF;
                        } else {
                            throw new HttpProtocolException(400, "invalid chunk size");
                        }
                    }
                    case EXT -> {
                        b = in.get(pos++);
                        if (b == '\r') {
                            state = SIZE_LF;
                        } else if (!Ascii.is(b, Ascii.FIELD)) {
                            throw new HttpProtocolException(400, "invalid character in chunk extension");
                        } else if (++extensionBytes > maxExtensionBytes) {
                            throw new HttpProtocolException(400, "chunk extensions longer than " + maxExtensionBytes + " bytes");
                        }
                    }
                    case SIZE_LF -> {
                        if (in.get(pos++) != '\n') {
                            throw new HttpProtocolException(400, "bare CR after chunk size");
                        }
                        if (size == 0) {
                            state = TRAILERS;
                            if (trailerParser == null) {
                                trailerParser = new HeaderBlockParser(maxTrailerBytes, 64, "trailer");
                            }
                            trailerParser.reset();
                        } else {
                            if (size > maxBodyBytes - total) {
                                throw new HttpProtocolException(413, "chunked body larger than " + maxBodyBytes + " bytes");
                            }
                            total += size;
                            remaining = size;
                            state = DATA;
                        }
                    }
                    case DATA -> {
                        int n = (int) Math.min(remaining, limit - pos);
                        remaining -= n;
                        if (remaining == 0) {
                            state = DATA_CR;
                        }
                        return n;
                    }
                    case DATA_CR -> {
                        if (in.get(pos++) != '\r') {
                            throw new HttpProtocolException(400, "chunk data longer than its size");
                        }
                        state = DATA_LF;
                    }
                    case DATA_LF -> {
                        if (in.get(pos++) != '\n') {
                            throw new HttpProtocolException(400, "bare CR after chunk data");
                        }
                        state = SIZE_START;
                        extensionBytes = 0;
                    }
                    case TRAILERS -> {
                        in.position(pos);
                        boolean done = trailerParser.parse(in);
                        pos = in.position();
                        if (done) {
                            trailers = trailerParser.toHeaders(null);
                            state = DONE;
                            return -1;
                        }
                    }
                    default -> {
                        return -1;
                    }
                }
            }
            return state == DONE ? -1 : 0;
        } finally {
            in.position(pos);       // for DATA: the first data byte, which the caller consumes
        }
    }
}
