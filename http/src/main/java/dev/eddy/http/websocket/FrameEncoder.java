package dev.eddy.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Writes frames (RFC 6455 section 5.2) for one end of a connection: each message leaves as one
 * frame with FIN set, header and payload in one buffer so it reaches the socket in one write.
 *
 * <p>A client masks every frame with a fresh key from its random source: the key must be
 * unpredictable to a script that chooses the payload, or masking would not protect the proxies
 * it exists for; a server never masks. Masking works on a copy: the caller's payload is left as
 * it was.
 *
 * <p>The encoder also refuses what the peer's decoder would refuse: control payloads over 125
 * bytes, close codes that may not be sent, close reasons that are not UTF-8 or too long.
 * Loop thread only (it owns the random source's use); not thread-safe.
 */
public final class FrameEncoder {

    /** A close reason fits in a control frame after its two-byte code. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private final boolean mask;
    private final RandomGenerator maskKeys;

    /**
     * An encoder for the frames one end of a connection sends.
     *
     * @param self     which end sends these frames (a client masks them)
     * @param maskKeys where a client's mask keys come from (a {@link java.security.SecureRandom}
     *                 in production); unused by a server and may be null there
     */
    public FrameEncoder(Role self, RandomGenerator maskKeys) {
        this.mask = self.masksOutgoing();
        if (mask && maskKeys == null) {
            throw new IllegalArgumentException("a client needs a source of mask keys");
        }
        this.maskKeys = maskKeys;
    }

    /**
     * One frame with FIN set carrying {@code payload}'s remaining bytes (consumed).
     *
     * @param opcode the frame's opcode, from {@link Opcodes}
     * @param rsv1 set for a message compressed with permessage-deflate
     * @param payload the bytes to carry, from its position to its limit
     * @return the frame, ready to write (position 0)
     */
    public ByteBuffer encode(int opcode, boolean rsv1, ByteBuffer payload) {
        ByteBuffer frame = ByteBuffer.allocate(frameLength(payload.remaining())).limit(0);
        encodeInto(frame, opcode, rsv1, payload);
        return frame;
    }

    /**
     * Appends one frame with FIN set carrying {@code payload}'s remaining bytes (consumed) to
     * {@code dst}: it is written at {@code dst}'s limit, which moves past it; the position stays.
     * That is how frames are collected in an output buffer whose front is being written out
     * while its back fills up.
     *
     * @param dst a heap buffer with {@link #frameLength} bytes of room between its limit and its capacity
     * @param opcode the frame's opcode, from {@link Opcodes}
     * @param rsv1 set for a message compressed with permessage-deflate
     * @param payload the bytes to carry, from its position to its limit
     */
    public void encodeInto(ByteBuffer dst, int opcode, boolean rsv1, ByteBuffer payload) {
        int n = payload.remaining();
        int key = headerInto(dst, opcode, rsv1, n);
        int at = dst.limit();
        dst.limit(at + n).put(at, payload, payload.position(), n);
        payload.position(payload.limit());
        maskPayload(dst, at, n, key);
    }

    /**
     * {@link #encodeInto(ByteBuffer, int, boolean, ByteBuffer)} for a payload that is a whole
     * array (a text message's UTF-8, a compressed message), with no buffer to wrap it in.
     *
     * @param dst a heap buffer with {@link #frameLength} bytes of room between its limit and its capacity
     * @param opcode the frame's opcode, from {@link Opcodes}
     * @param rsv1 set for a message compressed with permessage-deflate
     * @param payload the bytes to carry (not modified)
     */
    public void encodeInto(ByteBuffer dst, int opcode, boolean rsv1, byte[] payload) {
        int n = payload.length;
        int key = headerInto(dst, opcode, rsv1, n);
        int at = dst.limit();
        dst.limit(at + n).put(at, payload);
        maskPayload(dst, at, n, key);
    }

    /** A client masks the payload it just copied to {@code dst[at, at + n)}; a server leaves it. */
    private void maskPayload(ByteBuffer dst, int at, int n, int key) {
        if (mask) {
            Masking.xor(dst.array(), dst.arrayOffset() + at, n, key, 0);
        }
    }

    /** Appends a header (with a fresh mask key on a client) at {@code dst}'s limit; returns the key. */
    private int headerInto(ByteBuffer dst, int opcode, boolean rsv1, int n) {
        if (Opcodes.isControl(opcode) && n > 125) {
            throw new IllegalArgumentException("control frame payload over 125 bytes: " + n);
        }
        int at = dst.limit();
        dst.limit(at + headerLength(n));
        dst.put(at++, (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode));
        int maskBit = mask ? 0x80 : 0;
        if (n < 126) {
            dst.put(at++, (byte) (maskBit | n));
        } else if (n <= 0xFFFF) {
            dst.put(at++, (byte) (maskBit | 126)).putShort(at, (short) n);
            at += 2;
        } else {
            dst.put(at++, (byte) (maskBit | 127)).putLong(at, n);
            at += 8;
        }
        if (!mask) {
            return 0;
        }
        int key = maskKeys.nextInt();
        dst.putInt(at, key);
        return key;
    }

    /**
     * Bytes a whole frame of {@code payloadLength} bytes from this end takes.
     *
     * @param payloadLength the payload's length in bytes
     * @return the header's length (mask key included when this end masks) plus the payload's
     */
    public int frameLength(int payloadLength) {
        return headerLength(payloadLength) + payloadLength;
    }

    /**
     * One frame carrying {@code payload} (not modified).
     *
     * @param opcode the frame's opcode, from {@link Opcodes}
     * @param rsv1 set for a message compressed with permessage-deflate
     * @param payload the bytes to carry
     * @return the frame, ready to write (position 0)
     */
    public ByteBuffer encode(int opcode, boolean rsv1, byte[] payload) {
        return encode(opcode, rsv1, ByteBuffer.wrap(payload));
    }

    /**
     * A close frame. {@link CloseCodes#NO_STATUS} sends a close without a code (an empty
     * payload, and then the reason must be empty).
     *
     * @param code the close code, or {@link CloseCodes#NO_STATUS} for none
     * @param reason the close reason; empty with {@link CloseCodes#NO_STATUS}
     * @return the close frame, ready to write (position 0)
     * @throws IllegalArgumentException for a code that may not be sent, or a reason over 123 bytes
     */
    public ByteBuffer close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (code == CloseCodes.NO_STATUS) {
            if (r.length > 0) {
                throw new IllegalArgumentException("a close without a code has no reason");
            }
            return encode(Opcodes.CLOSE, false, new byte[0]);
        }
        if (!CloseCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        if (r.length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close reason over " + MAX_CLOSE_REASON_BYTES + " bytes");
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).flip();
        return encode(Opcodes.CLOSE, false, payload);
    }

    /**
     * Bytes before the payload of a frame of {@code payloadLength} bytes from this end.
     *
     * @param payloadLength the payload's length in bytes
     * @return the length of the frame header, mask key included when this end masks
     */
    public int headerLength(long payloadLength) {
        int lengthBytes = payloadLength < 126 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        return 2 + lengthBytes + (mask ? 4 : 0);
    }
}
