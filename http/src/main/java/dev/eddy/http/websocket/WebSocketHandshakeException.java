package dev.eddy.http.websocket;

/**
 * A WebSocket opening handshake that failed (RFC 6455 section 4).
 *
 * <p>On the server it carries the HTTP status the bad upgrade request is answered with: 400 for
 * a request that is not a valid upgrade, 426 for a protocol version other than 13 (the answer
 * then names the version this server speaks in {@code Sec-WebSocket-Version}), 403 for an origin
 * the server refuses. On the client it carries the status of the server's answer (101 when the
 * answer had the right status and the wrong headers).
 */
public final class WebSocketHandshakeException extends Exception {

    /** The HTTP status to answer with (server), or that was answered (client). */
    private final int status;

    /**
     * An exception for a handshake that fails with {@code status}.
     *
     * @param status the HTTP status to answer with (server) or that was answered (client)
     * @param reason says what was wrong with the handshake
     */
    public WebSocketHandshakeException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /**
     * The HTTP status: to answer with (server), or that was answered (client).
     *
     * @return the HTTP status of the failed handshake
     */
    public int status() {
        return status;
    }
}
