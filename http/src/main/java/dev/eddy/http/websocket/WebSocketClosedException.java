package dev.eddy.http.websocket;

/**
 * A {@link WebSocket#receive()} or {@link WebSocket#send} that cannot happen because the
 * connection is closed or closing; {@link #status()} says how it ended (or, while the close
 * handshake is still running, how this end is closing it).
 */
public final class WebSocketClosedException extends RuntimeException {

    private final transient CloseStatus status;

    /**
     * An exception for {@code what}, which the closed connection refused.
     *
     * @param what names the operation that could not happen, e.g. "send"
     * @param status how the connection ended or is ending
     */
    public WebSocketClosedException(String what, CloseStatus status) {
        super(what + ": WebSocket closed (" + status + ")", null, false, false);
        this.status = status;
    }

    /**
     * How the connection ended, or how this end is closing it.
     *
     * @return the close code and reason
     */
    public CloseStatus status() {
        return status;
    }
}
