package dev.eddy.http.body;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A body you send in pieces: the server's streamed response
 * ({@code HttpResponse.streamed}) and the client's streamed request
 * ({@code ClientRequest.Builder.body(Consumer, long)}) both hand their writer one of these. It
 * is chunked on the wire when the length is not declared (each write one chunk), sent as it is
 * when it is (the client's declared length; an HTTP/1.0 client of the server, whose body ends
 * at the close).
 *
 * <p>Each write returns a future that completes when the bytes have been handed to the
 * socket. Waiting for it before writing more is the back-pressure that keeps a 1 GB body in
 * bounded memory: a slow peer slows the writer instead of filling the heap. Once the peer has
 * gone away (or the exchange is over), writes fail.
 *
 * <p>Loop thread only. Do not modify a buffer you passed to {@code write} until its future
 * has completed.
 */
public interface BodyWriter {

    /**
     * Writes the next piece of the body.
     *
     * @param data the bytes to send, from its position to its limit; leave the buffer alone until
     *     the future completes
     * @return a future completing (with null) once the bytes have been handed to the socket, or
     *     failing when the peer has gone away or the exchange is over
     */
    Future<Void> write(ByteBuffer data);

    /**
     * Writes {@code data}; see {@link #write(ByteBuffer)}.
     *
     * @param data the bytes to send; leave them alone until the future completes
     * @return as for {@link #write(ByteBuffer)}
     */
    default Future<Void> write(byte[] data) {
        return write(ByteBuffer.wrap(data));
    }

    /**
     * Writes {@code text} as UTF-8; see {@link #write(ByteBuffer)}.
     *
     * @param text the text to send
     * @return as for {@link #write(ByteBuffer)}
     */
    default Future<Void> write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends the body after the last piece.
     *
     * @return a future completing (with null) once the last bytes reached the socket, or failing
     *     when the peer has gone away or the body was not what was declared
     */
    default Future<Void> end() {
        return end(null);
    }

    /**
     * Ends the body with trailer fields, sent after a chunked body's last chunk (ignored when the
     * body is not chunked: a declared length, an HTTP/1.0 peer).
     *
     * @param trailers the trailer fields to send, or null for none
     * @return a future completing (with null) once the last bytes reached the socket, or failing
     *     when the peer has gone away or the body was not what was declared
     */
    Future<Void> end(HttpHeaders trailers);

    /**
     * The writer cannot finish the body (its source failed): the body is cut short where it is.
     * On the client the request fails with {@code cause} and its connection closes; on the
     * server the connection closes without the last chunk, so the client sees a body cut short
     * (an HTTP/1.0 client, whose body ends at the close, cannot tell). After an end, does nothing.
     *
     * @param cause why the body cannot be finished
     */
    void fail(Throwable cause);

    /**
     * False once the body has ended or failed, or the peer has gone away.
     *
     * @return whether the body can still be written
     */
    boolean isOpen();
}
