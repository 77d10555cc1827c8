package dev.eddy.http;

import dev.eddy.Future;

import java.nio.ByteBuffer;

/**
 * The body of a streamed response ({@link HttpResponse#streamed}), written piece by piece:
 * sent chunked to HTTP/1.1 clients, or until the connection closes to HTTP/1.0 ones.
 *
 * <p>Each write returns a future that completes when the bytes have been handed to the
 * socket. Waiting for it before writing more is the back-pressure that keeps a 1 GB
 * download in bounded memory: a slow client slows the writer instead of filling the heap.
 * A write to a client that has gone away fails with an {@link java.io.IOException}.
 *
 * <p>Loop thread only. Do not modify a buffer you passed to {@code write} until its future
 * has completed.
 */
public interface ResponseStream {

    Future<Void> write(ByteBuffer data);

    default Future<Void> write(byte[] data) {
        return write(ByteBuffer.wrap(data));
    }

    default Future<Void> write(String text) {
        return write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Ends the body; the future completes when the last bytes reached the socket. */
    default Future<Void> end() {
        return end(null);
    }

    /** Ends the body with trailer fields (ignored for HTTP/1.0 clients). */
    Future<Void> end(HttpHeaders trailers);

    /** False once the client has disconnected or the body has ended. */
    boolean isOpen();
}
