package dev.eddy.http.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The masking of RFC 6455 section 5.3: byte {@code j} of a payload is XORed with byte
 * {@code j % 4} of the frame's four-byte key. Masking and unmasking are the same operation.
 *
 * <p>Done a byte at a time it is the most expensive step of receiving a large message (every
 * byte a load, an index computation and a store). Done eight bytes at a time it is one XOR per
 * eight bytes: the key is repeated into a {@code long} ({@code k0 k1 k2 k3 k0 k1 k2 k3}), which
 * lines up with the payload at every multiple of eight, because eight is a multiple of four.
 * The few bytes after the last whole {@code long} are done one by one.
 *
 * <p>A frame's payload may be unmasked in pieces (it arrives in several reads), so the caller
 * says where in the frame the piece starts ({@code phase}, the payload offset modulo 4); the
 * key is rotated to start there. Stateless; any thread.
 */
final class Masking {

    /** Reads and writes a {@code long} at any byte offset of a {@code byte[]}, big-endian like the wire. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /**
     * XORs {@code bytes[off, off + n)} with {@code key}, the piece starting at payload offset
     * {@code phase} (only {@code phase % 4} matters).
     *
     * @param bytes the bytes to mask or unmask, in place
     * @param off   the first byte
     * @param n     how many bytes
     * @param key   the masking key, its first byte the most significant
     * @param phase the payload offset of {@code bytes[off]} within its frame
     */
    static void xor(byte[] bytes, int off, int n, int key, long phase) {
        int k = Integer.rotateLeft(key, 8 * (int) (phase & 3));   // the key byte for bytes[off] on top
        long k8 = (k & 0xFFFF_FFFFL) << 32 | (k & 0xFFFF_FFFFL);
        int end = off + n;
        int i = off;
        for (; i <= end - 8; i += 8) {
            LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ k8);
        }
        for (; i < end; i++) {
            bytes[i] ^= (byte) (k >>> 24);
            k = Integer.rotateLeft(k, 8);
        }
    }
}
