package dev.eddy.http.websocket;

/**
 * The frame opcodes of RFC 6455 section 5.2. Data frames (0-2) carry a message, possibly in
 * fragments; control frames (8-10) manage the connection and may arrive between the fragments of
 * a message. Every other value is reserved, and a frame that uses one is a protocol error.
 */
public final class Opcodes {

    /** A later fragment of the message a text or binary frame started. */
    public static final int CONTINUATION = 0x0;
    /** The first frame of a text message. */
    public static final int TEXT = 0x1;
    /** The first frame of a binary message. */
    public static final int BINARY = 0x2;
    /** A close frame: starts or answers the close handshake. */
    public static final int CLOSE = 0x8;
    /** A ping, which the peer answers with a pong. */
    public static final int PING = 0x9;
    /** A pong: the answer to a ping, or an unasked heartbeat. */
    public static final int PONG = 0xA;

    private Opcodes() {
    }

    /**
     * Control frames have the high bit of the opcode set.
     *
     * @param opcode an opcode, 0-15
     * @return whether it is a control opcode
     */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /**
     * True for the six opcodes RFC 6455 defines.
     *
     * @param opcode an opcode, 0-15
     * @return whether RFC 6455 defines it
     */
    public static boolean isDefined(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }
}
