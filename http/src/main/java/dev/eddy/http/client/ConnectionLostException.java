package dev.eddy.http.client;

/**
 * The connection ended before the response was complete: the server closed it (a truncated
 * response, or no response at all) or it was reset. {@link #isReset()} says which;
 * {@link #responseBytes()} says how far the response had come (0: nothing arrived, which is
 * what a keep-alive connection the server closed while idle looks like).
 */
public class ConnectionLostException extends RuntimeException {

    /** Whether the connection was reset rather than closed cleanly. */
    private final boolean reset;
    /** The response bytes received before the connection ended. */
    private final long responseBytes;

    /**
     * An exception for a connection that ended before its response did.
     *
     * @param message says which connection ended and when
     * @param reset whether it was reset rather than closed cleanly
     * @param responseBytes the response bytes received before it ended
     * @param cause the IO error that ended it, or null for a clean close
     */
    public ConnectionLostException(String message, boolean reset, long responseBytes, Throwable cause) {
        super(message, cause);
        this.reset = reset;
        this.responseBytes = responseBytes;
    }

    /**
     * True when the connection was reset (an error), false when the server closed it cleanly.
     *
     * @return whether the connection was reset
     */
    public boolean isReset() {
        return reset;
    }

    /**
     * Response bytes received before the connection ended.
     *
     * @return how many bytes of the response arrived; 0 when none did
     */
    public long responseBytes() {
        return responseBytes;
    }
}
