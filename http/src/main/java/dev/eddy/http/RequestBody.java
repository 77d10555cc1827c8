package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;

import java.nio.ByteBuffer;

/**
 * The body of a request, read when the handler asks for it. The handler is called as soon
 * as the head has arrived, so it can refuse a request before the body is sent (a client
 * that sent {@code Expect: 100-continue} gets its {@code 100 Continue} only when the handler
 * first reads), and it can consume a large body piece by piece.
 *
 * <p>Back-pressure comes free with {@link #read()}: the server reads the socket only while
 * a read is pending (plus a small window), so a handler that processes each piece before
 * asking for the next one keeps a 1 GB upload in bounded memory. A body the handler never
 * reads is skipped after the response (or the connection is closed when it is large).
 *
 * <p>Loop thread only; one read at a time.
 */
public final class RequestBody {

    private final HttpRequest request;
    /** Where the bytes come from: the connection, which reads them when asked ({@link HandlerBodyReads}). */
    private final HttpConnection connection;
    private final long contentLength;

    RequestBody(HttpRequest request, HttpConnection connection, long contentLength) {
        this.request = request;
        this.connection = connection;
        this.contentLength = contentLength;
    }

    /**
     * The declared length: 0 when there is no body, -1 when it is chunked (unknown).
     *
     * @return the body's length in bytes, 0 for none, or -1 when chunked
     */
    public long contentLength() {
        return contentLength;
    }

    /**
     * The next piece of the body (a buffer the caller owns), or null at the end. Fails with
     * an {@link java.io.IOException} if the client disconnects or sends a malformed body.
     *
     * @return a future completing with the next piece, or with null after the last one
     * @throws IllegalStateException when a read is already pending
     */
    public Future<ByteBuffer> read() {
        return HandlerBodyReads.read(connection, request);
    }

    /**
     * The whole body as one array (at most the server's {@code maxBodyBytes}). Use it for
     * small bodies such as forms and JSON documents; use {@link #read()} for large ones.
     *
     * @return a future completing with the whole body, or failing when the client disconnects, the
     *     body is malformed or longer than the server's {@code maxBodyBytes}
     */
    public Future<byte[]> readAll() {
        return HandlerBodyReads.readAll(connection, request);
    }

    /**
     * The trailer fields of a chunked body, once it has been read to the end; else empty.
     *
     * @return the trailer fields, empty before the end or when there were none
     */
    public HttpHeaders trailers() {
        return HandlerBodyReads.trailers(connection, request);
    }
}
