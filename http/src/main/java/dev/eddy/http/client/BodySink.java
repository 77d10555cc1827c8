package dev.eddy.http.client;

import dev.eddy.Future;

import java.nio.ByteBuffer;

/**
 * Where a {@link BodyProducer} writes a request body. Without a declared length each write
 * becomes one chunk of a chunked body; with one the bytes go as they are, and the total
 * must match it. Loop thread only.
 */
public interface BodySink {

    /**
     * Sends {@code bytes} (don't change the buffer until the future completes). The future
     * completes when the bytes reached the socket, or fails when the request failed.
     *
     * @param bytes the bytes to send, from the buffer's position to its limit
     * @return a future completing (with null) once the bytes have reached the socket or the write
     *     queue is below its low-water mark, or failing when the request failed
     */
    Future<Void> write(ByteBuffer bytes);

    /**
     * {@link #write(ByteBuffer)} of a whole array.
     *
     * @param bytes the bytes to send; do not change them until the future completes
     * @return as for {@link #write(ByteBuffer)}
     */
    default Future<Void> write(byte[] bytes) {
        return write(ByteBuffer.wrap(bytes));
    }

    /** The body is complete. */
    void end();

    /**
     * The producer cannot finish: the request fails with {@code cause} and its connection closes.
     *
     * @param cause why the body cannot be finished; the fetch fails with it
     */
    void fail(Throwable cause);
}
