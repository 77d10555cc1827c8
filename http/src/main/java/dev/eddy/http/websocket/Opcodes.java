package dev.eddy.http.websocket;

/**
 * The frame opcodes of RFC 6455 section 5.2. Data frames (0-2) carry a message, possibly in
 * fragments; control frames (8-10) manage the connection and may arrive between the fragments of
 * a message. Every other value is reserved, and a frame that uses one is a protocol error.
 */
public final class Opcodes {

    /** A later fragment of the message a text or binary frame started. */
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private Opcodes() {
    }

    /** Control frames have the high bit of the opcode set. */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** True for the six opcodes RFC 6455 defines. */
    public static boolean isDefined(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }
}
