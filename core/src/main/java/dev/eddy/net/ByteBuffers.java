package dev.eddy.net;

import java.nio.ByteBuffer;

/**
 * The few byte-buffer operations a stream needs that the JDK lacks: appending to a buffer
 * that is in read mode (growing it when full) and finding a delimiter. Every buffer here
 * is in <em>read mode</em>: the bytes are between {@code position} and {@code limit}.
 * Public for connections that keep leftover bytes the same way without a stream (the HTTP
 * server's). Stateless, so any thread.
 */
public final class ByteBuffers {

    private ByteBuffers() {
    }

    /**
     * Moves all of {@code src}'s remaining bytes to the end of {@code dst} and returns the
     * buffer that now holds them: {@code dst} itself, or a bigger copy when {@code dst}
     * was too small ({@code dst} may be null: a new buffer of exactly the needed size).
     *
     * @param dst the buffer to append to, ready to read (its bytes from position to limit are
     *     kept), or null
     * @param src the bytes to append, from its position to its limit; left with none remaining
     * @return the buffer holding {@code dst}'s remaining bytes followed by {@code src}'s, ready to
     *     read; {@code dst} itself (null included) when {@code src} has no bytes
     */
    public static ByteBuffer append(ByteBuffer dst, ByteBuffer src) {
        int n = src.remaining();
        if (n == 0) {
            return dst;
        }
        if (dst == null) {
            dst = ByteBuffer.allocate(n).limit(0);     // usually a small leftover, read next
        } else if (dst.capacity() - dst.limit() < n) {
            int size = dst.remaining();
            if (size + n <= dst.capacity()) {
                dst.compact().flip();           // room enough once the consumed bytes are dropped
            } else {
                long grown = Math.max((long) size + n, 2L * dst.capacity());
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(grown, Integer.MAX_VALUE - 8));
                bigger.put(dst).flip();
                dst = bigger;
            }
        }
        int end = dst.limit();
        dst.limit(end + n);
        dst.put(end, src, src.position(), n);
        src.position(src.limit());
        return dst;
    }

    /** Copies as many bytes as fit from {@code src} into {@code dst}; returns how many. */
    static int transfer(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        dst.put(dst.position(), src, src.position(), n);
        dst.position(dst.position() + n);
        src.position(src.position() + n);
        return n;
    }

    /** The absolute index where {@code delimiter} starts in {@code b}, at or after {@code from}; -1 if absent. */
    static int indexOf(ByteBuffer b, int from, byte[] delimiter) {
        byte first = delimiter[0];
        int last = b.limit() - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (b.get(i) != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (b.get(i + j) != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
