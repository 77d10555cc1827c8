package dev.eddy.http.websocket;

/**
 * How a WebSocket connection ended, as {@link WebSocket#closed()} reports it.
 *
 * <ul>
 *   <li>After a clean close handshake: the code and reason of the peer's close frame (when the
 *       peer began) or of this end's (when this end began and the peer answered);
 *       {@link CloseCodes#NO_STATUS} when the frame carried no code.</li>
 *   <li>After this end failed the connection (the peer broke the protocol): the code it sent,
 *       1002, 1007 or 1009, with the reason.</li>
 *   <li>When the connection ended with no close frame (the peer vanished, a timeout, a reset):
 *       {@link CloseCodes#ABNORMAL} (1006) and what happened.</li>
 * </ul>
 *
 * @param code   a close code (see {@link CloseCodes})
 * @param reason a human-readable reason, possibly empty
 */
public record CloseStatus(int code, String reason) {

    /**
     * True when the two ends exchanged close frames with code 1000 (or none).
     *
     * @return whether the connection closed normally
     */
    public boolean isNormal() {
        return code == CloseCodes.NORMAL || code == CloseCodes.NO_STATUS;
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }
}
