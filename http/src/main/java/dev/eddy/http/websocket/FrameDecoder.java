package dev.eddy.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes a peer sends into messages and control frames (RFC 6455 section 5),
 * incrementally: the input may be cut anywhere, even inside a frame header, and the decoder keeps
 * its place between calls. It never touches a socket; it is tested by feeding it bytes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 *
 *  FIRST ─► SECOND ─► LENGTH (2 or 8 bytes) ─► MASK (4 bytes) ─► PAYLOAD ─► FIRST ...
 *                 └──────────────────────────┴── when absent ──┘
 * </pre>
 *
 * <p>Each rule is checked as soon as the bytes that decide it have arrived, before any payload
 * is buffered: reserved bits and opcodes, the masking rule for this {@link Role}, control frames
 * that are fragmented or longer than 125 bytes, continuation frames without a message to continue
 * and new messages in the middle of one (1002); frames and messages over the limits (1009).
 * The payload of data frames goes to the {@link MessageAssembler}, which puts a message together
 * from its fragments (decompressed, and checked for UTF-8 fragment by fragment, so a bad byte
 * fails the connection as soon as it arrives: 1007). Control frames may arrive between the
 * fragments of a message (that is how a ping gets through while a large message is on its way),
 * so their payload has its own small buffer, here.
 *
 * <p>After a close frame the decoder delivers nothing more: the peer may not send anything
 * after it. After a {@link WebSocketProtocolException} the decoder is spent; the connection
 * closes. Loop thread only; not thread-safe.
 */
public final class FrameDecoder {

    /** What the decoder found. Payload buffers belong to the receiver. */
    public interface Listener {
        /**
         * A complete text message arrived.
         *
         * @param text the message, decoded from valid UTF-8
         * @throws WebSocketProtocolException to fail the connection with that close code
         */
        void onText(String text) throws WebSocketProtocolException;

        /**
         * A complete binary message arrived.
         *
         * @param data the message's bytes, the receiver's to keep
         * @throws WebSocketProtocolException to fail the connection with that close code
         */
        void onBinary(ByteBuffer data) throws WebSocketProtocolException;

        /**
         * A ping arrived; the receiver answers it with a pong.
         *
         * @param payload the ping's payload, at most 125 bytes
         * @throws WebSocketProtocolException to fail the connection with that close code
         */
        void onPing(ByteBuffer payload) throws WebSocketProtocolException;

        /**
         * A pong arrived.
         *
         * @param payload the pong's payload, at most 125 bytes
         * @throws WebSocketProtocolException to fail the connection with that close code
         */
        void onPong(ByteBuffer payload) throws WebSocketProtocolException;

        /**
         * The peer's close frame: {@code code} is {@link CloseCodes#NO_STATUS} when it carried
         * none (then the reason is empty).
         *
         * @param code the close code, or {@link CloseCodes#NO_STATUS}
         * @param reason the close reason, valid UTF-8; empty when none
         * @throws WebSocketProtocolException to fail the connection with that close code
         */
        void onClose(int code, String reason) throws WebSocketProtocolException;
    }

    private static final int FIRST = 0;
    private static final int SECOND = 1;
    private static final int LENGTH = 2;
    private static final int MASK = 3;
    private static final int PAYLOAD = 4;
    private static final int CLOSED = 5;

    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final boolean expectMasked;
    private final long maxFrameBytes;
    private final MessageAssembler message;
    /** A control frame's payload; made for the first control frame (most connections idle without one). */
    private byte[] control;
    /** The frame's masking key, its first byte the most significant (built a byte at a time). */
    private int maskKey;

    private int state = FIRST;
    // the frame being read
    private boolean fin;
    private boolean rsv1;
    private int opcode;
    private boolean masked;
    private long length;
    private int lengthBytesLeft;
    /** 0, 2 or 8: how the length was encoded (to insist on the shortest form). */
    private int lengthFieldBytes;
    private int maskBytesRead;
    private long payloadRead;

    /**
     * A decoder for one connection, at the start of its first frame.
     *
     * @param self            which end this decoder belongs to (a server expects masked frames)
     * @param maxFrameBytes   the largest frame payload accepted (1009 above)
     * @param maxMessageBytes the largest message accepted, after decompression (1009 above)
     * @param deflate         the permessage-deflate agreement, or null when none was made (then
     *                        RSV1 is a protocol error like the other reserved bits)
     */
    public FrameDecoder(Role self, int maxFrameBytes, int maxMessageBytes, PerMessageDeflate deflate) {
        if (maxFrameBytes <= 0 || maxMessageBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.expectMasked = self.expectsMaskedIncoming();
        this.maxFrameBytes = maxFrameBytes;
        this.message = new MessageAssembler(maxMessageBytes, deflate == null ? null : deflate.newInflater(self));
    }

    /**
     * Reads from {@code in} until one message or control frame is complete, which it hands to
     * {@code listener}, or until {@code in} is used up.
     *
     * @param in the received bytes, from its position to its limit
     * @param listener receives each complete message or control frame
     * @return true when something was delivered ({@code in} may hold more: call again); false
     *         when {@code in} is used up and more bytes are needed
     * @throws WebSocketProtocolException with the close code the violation deserves
     */
    public boolean decode(ByteBuffer in, Listener listener) throws WebSocketProtocolException {
        while (true) {
            switch (state) {
                case FIRST -> {
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    firstByte(in.get());
                    state = SECOND;
                }
                case SECOND -> {
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    secondByte(in.get());
                }
                case LENGTH -> {
                    while (lengthBytesLeft > 0 && in.hasRemaining()) {
                        length = (length << 8) | (in.get() & 0xFF);
                        lengthBytesLeft--;
                    }
                    if (lengthBytesLeft > 0) {
                        return false;
                    }
                    lengthKnown();
                }
                case MASK -> {
                    while (maskBytesRead < 4 && in.hasRemaining()) {
                        maskKey = maskKey << 8 | (in.get() & 0xFF);
                        maskBytesRead++;
                    }
                    if (maskBytesRead < 4) {
                        return false;
                    }
                    state = PAYLOAD;
                }
                case PAYLOAD -> {
                    int n = (int) Math.min(in.remaining(), length - payloadRead);
                    if (n > 0) {
                        payload(in, n);
                    }
                    if (payloadRead < length) {
                        return false;
                    }
                    state = FIRST;
                    if (frameEnd(listener)) {
                        return true;
                    }
                }
                default -> {                   // CLOSED: whatever follows a close frame is ignored
                    in.position(in.limit());
                    return false;
                }
            }
        }
    }

    /**
     * True when a data message has begun and its last fragment has not arrived.
     *
     * @return whether a fragmented message is in progress
     */
    public boolean isInsideMessage() {
        return message.isOpen();
    }

    /** Frees the decompressor's native memory (when permessage-deflate was agreed). */
    public void release() {
        message.release();
    }

    /** FIN, RSV1-3 and the opcode: everything the first byte can get wrong. */
    private void firstByte(byte b) throws WebSocketProtocolException {
        fin = (b & 0x80) != 0;
        rsv1 = (b & 0x40) != 0;
        opcode = b & 0x0F;
        if ((b & 0x30) != 0) {
            throw protocolError("reserved bits RSV2/RSV3 set");
        }
        if (!Opcodes.isDefined(opcode)) {
            throw protocolError("reserved opcode " + opcode);
        }
        if (Opcodes.isControl(opcode)) {
            if (!fin) {
                throw protocolError("fragmented control frame");
            }
            if (rsv1) {
                throw protocolError("RSV1 set on a control frame");
            }
        } else if (opcode == Opcodes.CONTINUATION) {
            if (!isInsideMessage()) {
                throw protocolError("continuation frame without a message to continue");
            }
            if (rsv1) {
                throw protocolError("RSV1 set on a continuation frame");
            }
        } else {
            if (isInsideMessage()) {
                throw protocolError("new message before the last one ended");
            }
            if (rsv1 && !message.canInflate()) {
                throw protocolError("RSV1 set without a negotiated extension");
            }
        }
    }

    /** MASK and the 7-bit length. */
    private void secondByte(byte b) throws WebSocketProtocolException {
        masked = (b & 0x80) != 0;
        if (masked != expectMasked) {
            throw protocolError(expectMasked ? "unmasked frame from a client" : "masked frame from a server");
        }
        int len7 = b & 0x7F;
        if (Opcodes.isControl(opcode)) {
            if (len7 > MAX_CONTROL_PAYLOAD) {
                throw protocolError("control frame longer than 125 bytes");
            }
            if (control == null) {
                control = new byte[MAX_CONTROL_PAYLOAD];
            }
        }
        length = 0;
        if (len7 == 126) {
            lengthFieldBytes = lengthBytesLeft = 2;
            state = LENGTH;
        } else if (len7 == 127) {
            lengthFieldBytes = lengthBytesLeft = 8;
            state = LENGTH;
        } else {
            length = len7;
            lengthFieldBytes = 0;
            lengthKnown();
        }
    }

    /** The whole length has arrived: check it against the encoding rules and the limits. */
    private void lengthKnown() throws WebSocketProtocolException {
        if (length < 0) {
            throw protocolError("64-bit length with the most significant bit set");
        }
        // The sender must use the shortest form (section 5.2); a longer one is a sloppy or a
        // probing peer, and strictness costs nothing here.
        if ((lengthFieldBytes == 2 && length < 126) || (lengthFieldBytes == 8 && length <= 0xFFFF)) {
            throw protocolError("payload length not in its shortest form");
        }
        if (opcode == Opcodes.CLOSE && length == 1) {
            throw protocolError("close frame with a one-byte payload");
        }
        if (length > maxFrameBytes) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "frame larger than " + maxFrameBytes + " bytes");
        }
        if (!Opcodes.isControl(opcode)) {
            if (opcode != Opcodes.CONTINUATION) {
                message.begin(opcode, rsv1);
            }
            message.checkFrameFits(length);
        }
        payloadRead = 0;
        maskBytesRead = 0;
        state = masked ? MASK : PAYLOAD;
    }

    /** Moves {@code n} payload bytes out of {@code in}, unmasked, to where this frame's kind goes. */
    private void payload(ByteBuffer in, int n) throws WebSocketProtocolException {
        if (Opcodes.isControl(opcode)) {
            int at = (int) payloadRead;
            in.get(control, at, n);
            if (masked) {
                Masking.xor(control, at, n, maskKey, payloadRead);
            }
        } else {
            message.append(in, n, masked, maskKey, payloadRead, length - payloadRead);
        }
        payloadRead += n;
    }

    /** A frame ended: deliver it if it was a control frame or the last fragment of a message. */
    private boolean frameEnd(Listener listener) throws WebSocketProtocolException {
        switch (opcode) {
            case Opcodes.PING -> listener.onPing(ByteBuffer.wrap(Arrays.copyOf(control, (int) length)));
            case Opcodes.PONG -> listener.onPong(ByteBuffer.wrap(Arrays.copyOf(control, (int) length)));
            case Opcodes.CLOSE -> closeFrame(listener);
            default -> {
                if (!fin) {
                    return false;
                }
                message.end(listener);
            }
        }
        return true;
    }

    /** Code and reason of a close frame (section 5.5.1), each checked. */
    private void closeFrame(Listener listener) throws WebSocketProtocolException {
        int n = (int) length;
        state = CLOSED;
        if (n == 0) {
            listener.onClose(CloseCodes.NO_STATUS, "");
            return;
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        if (!CloseCodes.isValidOnWire(code)) {
            throw protocolError("invalid close code " + code);
        }
        if (!Utf8Validator.isValid(control, 2, n - 2)) {
            throw invalidText();
        }
        listener.onClose(code, new String(control, 2, n - 2, StandardCharsets.UTF_8));
    }

    /** 1007: what a text message or a close reason earns when it is not UTF-8. */
    static WebSocketProtocolException invalidText() {
        return new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "text is not valid UTF-8");
    }

    private static WebSocketProtocolException protocolError(String reason) {
        return new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, reason);
    }
}
