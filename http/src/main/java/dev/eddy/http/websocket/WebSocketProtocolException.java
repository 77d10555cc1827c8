package dev.eddy.http.websocket;

/**
 * Bytes from the peer that break RFC 6455 or RFC 7692, or a configured limit, with the close
 * code the endpoint answers them with before it closes: {@link CloseCodes#PROTOCOL_ERROR} (1002)
 * for broken framing, {@link CloseCodes#INVALID_PAYLOAD} (1007) for text that is not UTF-8 or
 * data that does not inflate, {@link CloseCodes#MESSAGE_TOO_BIG} (1009) for a frame or message
 * over the limit.
 *
 * <p>It carries no stack trace: it is thrown on hostile input, and its message says what was
 * wrong. The message is short enough to be the close frame's reason (at most 123 bytes).
 */
public final class WebSocketProtocolException extends Exception {

    /** The close code this violation deserves. */
    private final int closeCode;

    /**
     * An exception for a violation that deserves {@code closeCode}.
     *
     * @param closeCode the close code: 1002, 1007 or 1009
     * @param reason says what the peer did wrong
     */
    public WebSocketProtocolException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    /**
     * The close code this violation deserves: 1002, 1007 or 1009.
     *
     * @return the close code to fail the connection with
     */
    public int closeCode() {
        return closeCode;
    }
}
