package dev.eddy.http.internal;

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

    /**
     * An empty buffer.
     *
     * @param initialCapacity the bytes it holds before it first grows; positive
     */
    public OutputBuffer(int initialCapacity) {
        buf = new byte[initialCapacity];
        view = ByteBuffer.wrap(buf);
    }

    /**
     * The number of bytes held.
     *
     * @return the bytes appended since the last {@link #clear()}, less those discarded
     */
    public int length() {
        return len;
    }

    /**
     * Whether the buffer holds no bytes.
     *
     * @return whether {@link #length()} is 0
     */
    public boolean isEmpty() {
        return len == 0;
    }

    /** Empties the buffer, keeping its array. */
    public void clear() {
        len = 0;
    }

    /**
     * Drops the first {@code n} bytes (they were written).
     *
     * @param n how many bytes to drop, at most {@link #length()}
     */
    public void discard(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /**
     * The bytes as a buffer (position 0, limit length); valid until the next put.
     *
     * @return a buffer over the bytes, reused by every call
     */
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

    /**
     * Appends one byte.
     *
     * @param b the byte to append
     * @return this buffer
     */
    public OutputBuffer put(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /**
     * Appends all of {@code bytes}.
     *
     * @param bytes the bytes to append
     * @return this buffer
     */
    public OutputBuffer put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    /**
     * Appends {@code n} bytes of {@code bytes} from {@code off}.
     *
     * @param bytes the array to copy from
     * @param off the first byte to copy
     * @param n how many bytes to copy
     * @return this buffer
     */
    public OutputBuffer put(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    /**
     * Copies the remaining bytes of {@code src} (its position moves to its limit).
     *
     * @param src the bytes to append, from its position to its limit
     * @return this buffer
     */
    public OutputBuffer put(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(buf, len, n);
        len += n;
        return this;
    }

    /**
     * Each char as one byte (ISO-8859-1); callers have validated the characters.
     *
     * @param s the text to append; every char must be below 256
     * @return this buffer
     */
    public OutputBuffer putLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len + i] = (byte) s.charAt(i);
        }
        len += n;
        return this;
    }

    /**
     * Appends CR LF.
     *
     * @return this buffer
     */
    public OutputBuffer putCrlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    /**
     * Appends {@code v} in decimal ASCII digits.
     *
     * @param v the number to write; must not be negative
     * @return this buffer
     */
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

    /**
     * Appends {@code v} in lower-case hex digits, no leading zeros (a chunk size).
     *
     * @param v the number to write, read as unsigned
     * @return this buffer
     */
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
