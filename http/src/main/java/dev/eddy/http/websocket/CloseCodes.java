package dev.eddy.http.websocket;

/**
 * The status codes of a WebSocket close frame (RFC 6455 section 7.4, and the IANA registry
 * that grew out of it), and the rule for which of them may travel on the wire.
 *
 * <p>Two codes exist only to be reported, never sent: {@link #NO_STATUS} (the close frame had no
 * code) and {@link #ABNORMAL} (there was no close frame at all, the connection just ended). A
 * peer that sends either, or a code from the unassigned ranges, has broken the protocol.
 */
public final class CloseCodes {

    /** The purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;
    /** An endpoint is going away: a server shutting down, a browser leaving the page. */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the framing rules. */
    public static final int PROTOCOL_ERROR = 1002;
    /** A kind of data this endpoint cannot accept (binary to a text-only endpoint, say). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reported when a close frame carried no code; never sent. */
    public static final int NO_STATUS = 1005;
    /** Reported when the connection ended without a close frame; never sent. */
    public static final int ABNORMAL = 1006;
    /** A message's data did not match its type: text that is not UTF-8, data that does not inflate. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message broke the endpoint's policy (a generic code when no other fits). */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame or message larger than this endpoint accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The client needed an extension the server did not agree to. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** The server hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** The server is restarting (registered after RFC 6455). */
    public static final int SERVICE_RESTART = 1012;
    /** The server is overloaded; try again later (registered after RFC 6455). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** A gateway got a bad answer from upstream (registered after RFC 6455). */
    public static final int BAD_GATEWAY = 1014;

    private CloseCodes() {
    }

    /**
     * True when {@code code} may appear in a close frame: the defined codes 1000-1003 and
     * 1007-1014, and the ranges left to libraries (3000-3999) and applications (4000-4999).
     * Everything else (0-999, 1004-1006, 1015-2999, 5000 and up) is a protocol error.
     *
     * @param code a close code read from or about to go into a close frame
     * @return whether the code may appear in a close frame
     */
    public static boolean isValidOnWire(int code) {
        return (code >= NORMAL && code <= UNSUPPORTED_DATA)
                || (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY)
                || (code >= 3000 && code <= 4999);
    }
}
