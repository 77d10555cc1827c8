package dev.eddy.http.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that response heads (and small bodies) are encoded into before one
 * write to the socket. Encoding into a plain array is cheaper than many small puts into a
 * {@link ByteBuffer}; {@link #view()} then hands the bytes to the channel without a copy.
 *
 * <p>The server keeps one per loop and empties it after every flush, so pipelined
 * responses of one read batch leave in one write. Not thread-safe.
 */
public final class OutputBuffer {

    private byte[] buf;
    private int len;
    private ByteBuffer view;

    public OutputBuffer(int initialCapacity) {
        buf = new byte[initialCapacity];
        view = ByteBuffer.wrap(buf);
    }

    public int length() {
        return len;
    }

    public boolean isEmpty() {
        return len == 0;
    }

    public void clear() {
        len = 0;
    }

    /** Drops the first {@code n} bytes (they were written). */
    public void discard(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** The bytes as a buffer (position 0, limit length); valid until the next put. */
    public ByteBuffer view() {
        view.limit(len).position(0);
        return view;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            view = ByteBuffer.wrap(buf);
        }
    }

    public OutputBuffer put(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    public OutputBuffer put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    public OutputBuffer put(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    /** Copies the remaining bytes of {@code src} (its position moves to its limit). */
    public OutputBuffer put(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(buf, len, n);
        len += n;
        return this;
    }

    /** Each char as one byte (ISO-8859-1); callers have validated the characters. */
    public OutputBuffer putLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len + i] = (byte) s.charAt(i);
        }
        len += n;
        return this;
    }

    public OutputBuffer putCrlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    public OutputBuffer putDecimal(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        ensure(20);
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        reverse(start, len - 1);
        return this;
    }

    public OutputBuffer putHex(long v) {
        ensure(16);
        int start = len;
        do {
            buf[len++] = (byte) "0123456789abcdef".charAt((int) (v & 0xF));
            v >>>= 4;
        } while (v != 0);
        reverse(start, len - 1);
        return this;
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = buf[i];
            buf[i++] = buf[j];
            buf[j--] = t;
        }
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
