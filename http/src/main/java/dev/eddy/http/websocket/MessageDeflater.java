package dev.eddy.http.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages for permessage-deflate (RFC 7692 section 7.2.1): raw deflate,
 * flushed with a sync flush at the end of each message so the peer can inflate it completely,
 * and with the four bytes every sync flush ends with ({@code 00 00 ff ff}) removed, because the
 * receiver knows to put them back.
 *
 * <p>With context takeover the {@link Deflater} keeps its window between messages (repetitive
 * traffic such as JSON with the same keys compresses far better); without it the deflater is
 * reset after every message. The native zlib state costs about 256 KiB either way, which is
 * why compression is something a service opts into.
 *
 * <p>Loop thread only; {@link #close()} frees the native memory.
 */
final class MessageDeflater {

    private final Deflater deflater;
    private final boolean resetAfterMessage;
    private byte[] out = new byte[256];

    /**
     * @param level             a {@link Deflater} level (1 fastest .. 9 smallest)
     * @param noContextTakeover start every message with a fresh window
     */
    MessageDeflater(int level, boolean noContextTakeover) {
        this.deflater = new Deflater(level, true);
        this.resetAfterMessage = noContextTakeover;
    }

    /** The compressed form of {@code payload}'s remaining bytes (which it consumes). */
    byte[] compress(ByteBuffer payload) {
        deflater.setInput(payload);
        int length = 0;
        while (true) {
            length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            // A sync flush is complete when it did not fill the space it was given.
            if (length < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (resetAfterMessage) {
            deflater.reset();
        }
        if (length >= 4 && out[length - 4] == 0 && out[length - 3] == 0
                && out[length - 2] == (byte) 0xFF && out[length - 1] == (byte) 0xFF) {
            length -= 4;
        }
        return Arrays.copyOf(out, length);
    }

    void close() {
        deflater.end();
    }
}
