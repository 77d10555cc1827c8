package dev.eddy.net;

/**
 * A read or write on an {@link IOStream} that is closed, or that closed while the operation
 * was waiting. {@link #getCause()} says <em>why</em> the stream closed: the peer closed it
 * ({@link java.io.EOFException}), the connection was reset (the {@link java.io.IOException}
 * the socket threw), a {@link StreamTimeoutException}, ... It is null only when this side
 * closed the stream on purpose with {@link IOStream#close()}.
 *
 * <p>Unchecked, like every failure an Eddy future carries.
 */
public class StreamClosedException extends RuntimeException {

    /**
     * An exception saying {@code message}, caused by {@code cause}.
     *
     * @param message says which stream closed, and during what
     * @param cause the error that closed it, or null when it was closed normally
     */
    public StreamClosedException(String message, Throwable cause) {
        super(cause == null ? message : message + " (" + cause + ")", cause);
    }
}
