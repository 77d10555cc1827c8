package dev.eddy.net;

/**
 * The peer answered a connection attempt with a reset: nothing listens on that port.
 * The JDK reports it as a {@link java.net.ConnectException}, which is the cause.
 * See {@link ConnectTimeoutException} for why the two are kept apart.
 */
public class ConnectionRefusedException extends RuntimeException {

    /**
     * An exception saying {@code message}, caused by {@code cause}.
     *
     * @param message says which address refused the connection
     * @param cause the failure of the last address tried
     */
    public ConnectionRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
