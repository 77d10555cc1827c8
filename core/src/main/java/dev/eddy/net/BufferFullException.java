package dev.eddy.net;

/**
 * A stream would have to hold more bytes than its {@link StreamOptions} allow: a write
 * that would push the write queue past {@code maxWriteBuffer} (the write fails and
 * nothing of it is sent; the stream stays open), or a {@link IOStream#readUntilClose()}
 * that received more than {@code maxReadBuffer} bytes.
 *
 * <p>It exists so that a slow peer can never make a service grow without bound: the
 * writer learns, clearly and at once, instead of the heap filling up.
 */
public class BufferFullException extends RuntimeException {

    /**
     * An exception saying {@code message}.
     *
     * @param message says which write was refused and how full the queue was
     */
    public BufferFullException(String message) {
        super(message);
    }
}
