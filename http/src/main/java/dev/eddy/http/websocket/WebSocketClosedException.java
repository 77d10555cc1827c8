package dev.eddy.http.websocket;

/**
 * A {@link WebSocket#receive()} or {@link WebSocket#send} that cannot happen because the
 * connection is closed or closing; {@link #status()} says how it ended (or, while the close
 * handshake is still running, how this end is closing it).
 */
public final class WebSocketClosedException extends RuntimeException {

    private final transient CloseStatus status;

    public WebSocketClosedException(String what, CloseStatus status) {
        super(what + ": WebSocket closed (" + status + ")", null, false, false);
        this.status = status;
    }

    public CloseStatus status() {
        return status;
    }
}
