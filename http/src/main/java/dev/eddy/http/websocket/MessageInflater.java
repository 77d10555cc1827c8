package dev.eddy.http.websocket;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the messages a peer compressed with permessage-deflate (RFC 7692), as their
 * frames arrive, into a {@link MessageBuffer} that refuses to grow past the message limit. That
 * bound is the defence against a "zip bomb": a few kilobytes of deflate data can expand to
 * gigabytes, so the size that counts is the inflated one, checked while inflating.
 *
 * <p>The sender removed the last four bytes of its flushed deflate stream ({@code 00 00 ff ff},
 * the empty stored block every sync flush ends with); the receiver puts them back at the end of
 * each message (section 7.2.2). With context takeover the {@link Inflater} keeps its 32 KiB
 * window from message to message, so a later message may refer back to an earlier one; without
 * it the inflater starts fresh for every message.
 *
 * <p>Loop thread only; {@link #close()} frees the native zlib memory.
 */
final class MessageInflater {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final Inflater inflater = new Inflater(true);      // raw deflate: no zlib header
    private final boolean resetAfterMessage;
    private final byte[] probe = new byte[1];

    /** @param noContextTakeover the peer starts every message with a fresh window */
    MessageInflater(boolean noContextTakeover) {
        this.resetAfterMessage = noContextTakeover;
    }

    /** Inflates the compressed bytes {@code in[off, off + len)} onto the end of {@code out}. */
    void inflate(byte[] in, int off, int len, MessageBuffer out) throws WebSocketProtocolException {
        inflater.setInput(in, off, len);
        drain(out);
    }

    /** The message's last frame was read: puts the removed tail back and inflates what it releases. */
    void finishMessage(MessageBuffer out) throws WebSocketProtocolException {
        if (!inflater.finished()) {
            inflater.setInput(TAIL);
            drain(out);
        }
        // A peer may end a message with a final deflate block; the stream is over then and the
        // next message starts a new one, whatever was negotiated.
        if (resetAfterMessage || inflater.finished()) {
            inflater.reset();
        }
    }

    void close() {
        inflater.end();
    }

    private void drain(MessageBuffer out) throws WebSocketProtocolException {
        try {
            while (!inflater.finished() && !inflater.needsInput()) {
                int n;
                if (out.room() == 0) {
                    // The message is at its limit: one byte more is too big, and that refusal is
                    // what a zip bomb earns. (Exactly at the limit is fine: the input may still
                    // hold the empty block of a flush, which yields nothing.)
                    n = inflater.inflate(probe);
                    if (n > 0) {
                        throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                                "message larger than " + out.length() + " bytes once inflated");
                    }
                } else {
                    out.ensure(1, Math.max(1024, out.length()));
                    byte[] a = out.array();
                    n = inflater.inflate(a, out.length(), a.length - out.length());
                    out.advance(n);
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "deflate data needs a dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "invalid deflate data");
        }
    }
}
