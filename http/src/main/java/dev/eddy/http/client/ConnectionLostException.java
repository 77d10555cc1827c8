package dev.eddy.http.client;

/**
 * The connection ended before the response was complete: the server closed it (a truncated
 * response, or no response at all) or it was reset. {@link #isReset()} says which;
 * {@link #responseBytes()} says how far the response had come (0: nothing arrived, which is
 * what a keep-alive connection the server closed while idle looks like).
 */
public class ConnectionLostException extends RuntimeException {

    private final boolean reset;
    private final long responseBytes;

    public ConnectionLostException(String message, boolean reset, long responseBytes, Throwable cause) {
        super(message, cause);
        this.reset = reset;
        this.responseBytes = responseBytes;
    }

    /** True when the connection was reset (an error), false when the server closed it cleanly. */
    public boolean isReset() {
        return reset;
    }

    /** Response bytes received before the connection ended. */
    public long responseBytes() {
        return responseBytes;
    }
}
