package dev.eddy.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One data message put together from its frames (RFC 6455 section 5.4): the first frame says
 * whether it is text or binary and whether it is compressed, every frame adds payload, the one
 * with FIN set ends it. The {@link FrameDecoder} reads the frames; this is where their payload
 * goes: unmasked, inflated when permessage-deflate was agreed, into a {@link MessageBuffer} that
 * never grows past the message limit, and checked for UTF-8 as it arrives when it is text, so a
 * bad byte fails the connection in the frame that brings it (1007), not at the end of a long
 * message.
 *
 * <p>Why apart from the decoder: framing (headers, masking, control frames, their rules) and
 * fragmentation (kind, compression, size and text of a whole message) are two ideas of the RFC,
 * and the second is what grows with the message. It never sees a control frame, and it holds
 * no buffer between messages (the message's array goes with it). Loop thread only.
 */
final class MessageAssembler {

    /** Unmasked compressed bytes go through this much scratch space on their way to the inflater. */
    private static final int SCRATCH_BYTES = 8192;

    private final MessageBuffer message;
    private final MessageInflater inflater;     // null without permessage-deflate
    private final Utf8Validator utf8 = new Utf8Validator();
    /** Unmasked compressed bytes on their way into the inflater (allocated on first use). */
    private byte[] scratch;
    /** TEXT or BINARY while a message is open, else CONTINUATION. */
    private int opcode = Opcodes.CONTINUATION;
    private boolean compressed;

    /**
     * @param maxMessageBytes the largest message accepted, after decompression (1009 above)
     * @param inflater        the decompressor, or null when permessage-deflate was not agreed
     */
    MessageAssembler(int maxMessageBytes, MessageInflater inflater) {
        this.message = new MessageBuffer(maxMessageBytes);
        this.inflater = inflater;
    }

    /** True when a message has begun and its last fragment has not arrived. */
    boolean isOpen() {
        return opcode != Opcodes.CONTINUATION;
    }

    /** True when compressed messages can be read (permessage-deflate was agreed). */
    boolean canInflate() {
        return inflater != null;
    }

    /** The first frame of a message: {@code opcode} is TEXT or BINARY; RSV1 set means compressed. */
    void begin(int opcode, boolean compressed) {
        this.opcode = opcode;
        this.compressed = compressed;
        utf8.reset();
    }

    /**
     * A frame of {@code length} payload bytes is about to add to the message. Uncompressed, it
     * adds exactly its length, so it is refused before any of it is buffered; compressed, only
     * inflating tells, and the {@link MessageBuffer} refuses then.
     *
     * @throws WebSocketProtocolException 1009 when the frame would take the message past its limit
     */
    void checkFrameFits(long length) throws WebSocketProtocolException {
        if (!compressed && length > message.room()) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "message larger than " + (message.length() + message.room()) + " bytes");
        }
    }

    /**
     * Moves {@code n} payload bytes out of {@code in} into the message, unmasked with
     * {@code maskKey} (when {@code masked}) from the frame's offset {@code frameOffset}.
     *
     * @param frameLeft the bytes of the frame still to come, these included (to size the buffer)
     */
    void append(ByteBuffer in, int n, boolean masked, int maskKey, long frameOffset, long frameLeft)
            throws WebSocketProtocolException {
        if (compressed) {
            if (scratch == null) {
                scratch = new byte[SCRATCH_BYTES];
            }
            for (int done = 0; done < n; ) {
                int chunk = Math.min(n - done, scratch.length);
                in.get(scratch, 0, chunk);
                if (masked) {
                    Masking.xor(scratch, 0, chunk, maskKey, frameOffset + done);
                }
                done += chunk;
                int before = message.length();
                inflater.inflate(scratch, 0, chunk, message);
                checkText(before);
            }
        } else {
            message.ensure(n, frameLeft);
            int at = message.length();
            in.get(message.array(), at, n);
            if (masked) {
                Masking.xor(message.array(), at, n, maskKey, frameOffset);
            }
            message.advance(n);
            checkText(at);
        }
    }

    /**
     * The frame with FIN set has arrived: the message is complete, checked and handed to
     * {@code listener}; the assembler is ready for the next one.
     */
    void end(FrameDecoder.Listener listener) throws WebSocketProtocolException {
        if (compressed) {
            int before = message.length();
            inflater.finishMessage(message);
            checkText(before);
        }
        int kind = opcode;
        opcode = Opcodes.CONTINUATION;
        if (kind == Opcodes.TEXT) {
            if (!utf8.isComplete()) {
                throw FrameDecoder.invalidText();
            }
            String text = new String(message.array(), 0, message.length(), StandardCharsets.UTF_8);
            message.clear();
            listener.onText(text);
        } else {
            listener.onBinary(ByteBuffer.wrap(message.take()));
        }
    }

    /** Drops the message and frees the decompressor's native memory. */
    void release() {
        message.clear();
        if (inflater != null) {
            inflater.close();
        }
    }

    /** Checks the text bytes the message grew by since {@code from}. */
    private void checkText(int from) throws WebSocketProtocolException {
        if (opcode == Opcodes.TEXT && !utf8.update(message.array(), from, message.length() - from)) {
            throw FrameDecoder.invalidText();
        }
    }
}
