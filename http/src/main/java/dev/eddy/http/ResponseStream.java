package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;

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

    /**
     * Writes the next piece of the body.
     *
     * @param data the bytes to send, from its position to its limit; leave the buffer alone until
     *     the future completes
     * @return a future completing (with null) once the bytes have been handed to the socket, or
     *     failing with an {@link java.io.IOException} when the client has gone away
     */
    Future<Void> write(ByteBuffer data);

    /**
     * Writes {@code data}; see {@link #write(ByteBuffer)}.
     *
     * @param data the bytes to send; leave them alone until the future completes
     * @return a future completing (with null) once the bytes reached the socket
     */
    default Future<Void> write(byte[] data) {
        return write(ByteBuffer.wrap(data));
    }

    /**
     * Writes {@code text} as UTF-8.
     *
     * @param text the text to send
     * @return a future completing (with null) once the bytes reached the socket
     */
    default Future<Void> write(String text) {
        return write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Ends the body; the future completes when the last bytes reached the socket.
     *
     * @return a future completing (with null) once the last bytes reached the socket, or failing
     *     when the client has gone away
     */
    default Future<Void> end() {
        return end(null);
    }

    /**
     * Ends the body with trailer fields (ignored for HTTP/1.0 clients).
     *
     * @param trailers the trailer fields to send, or null for none
     * @return a future completing (with null) once the last bytes reached the socket, or failing
     *     when the client has gone away
     */
    Future<Void> end(HttpHeaders trailers);

    /**
     * False once the client has disconnected or the body has ended.
     *
     * @return whether the body can still be written
     */
    boolean isOpen();
}
