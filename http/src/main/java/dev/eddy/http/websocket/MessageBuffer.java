package dev.eddy.http.websocket;

import java.util.Arrays;

/**
 * The bytes of the message being received, growing as they arrive and never past a bound.
 *
 * <p>It grows with what actually arrived, not with what a frame header announced: a peer that
 * announces a 16 MiB frame and then sends nothing must not make the server allocate 16 MiB. The
 * announced size is believed only up to four times what arrived (and at least 256 bytes), so
 * every step a peer provokes costs it a quarter of the step in real bytes; within that, a step
 * reaches exactly to the announced end, so a frame whose first read brings a quarter of it or
 * more lands in one array of exactly its size, with no copy on the way.
 *
 * <p>After a message is handed out the array goes with it: an idle connection keeps no buffer.
 * Not thread-safe.
 */
final class MessageBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_GROWTH = 256;
    /** How many times the bytes that arrived a growth step may reach beyond them. */
    private static final int BELIEVED_FACTOR = 4;

    private final int maxBytes;
    private byte[] bytes = EMPTY;
    private int length;

    /** @param maxBytes the largest message; one byte more is {@link CloseCodes#MESSAGE_TOO_BIG} */
    MessageBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Bytes the message may still grow by before it is too big. */
    long room() {
        return maxBytes - length;
    }

    /**
     * Makes room for at least {@code n} more bytes; {@code expected} more are announced (a
     * larger step is taken when they are).
     *
     * @throws WebSocketProtocolException 1009 when the message would grow past the bound
     */
    void ensure(int n, long expected) throws WebSocketProtocolException {
        if (n > room()) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "message larger than " + maxBytes + " bytes");
        }
        int needed = length + n;
        if (needed > bytes.length) {
            long believed = Math.max(MIN_GROWTH, BELIEVED_FACTOR * (long) n);
            long step = Math.max(needed, Math.min(Math.max(2L * bytes.length, length + believed), length + expected));
            bytes = Arrays.copyOf(bytes, (int) Math.min(step, maxBytes));
        }
    }

    /** Counts {@code n} bytes the caller wrote at {@link #length()} as part of the message. */
    void advance(int n) {
        length += n;
    }

    /** Hands out the message's bytes (exactly sized) and starts empty for the next one. */
    byte[] take() {
        byte[] out = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        bytes = EMPTY;
        length = 0;
        return out;
    }

    /** Drops the message (the connection is failing). */
    void clear() {
        bytes = EMPTY;
        length = 0;
    }
}
