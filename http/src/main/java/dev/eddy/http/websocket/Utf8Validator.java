package dev.eddy.http.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8, incrementally: a text message may arrive in many
 * fragments, split anywhere, even inside a character, and RFC 6455 wants an endpoint to fail
 * the connection as soon as the bytes cannot be UTF-8 (not only once the message is whole). So
 * the validator keeps the state of a half-read character between calls.
 *
 * <p>The rules are those of the Unicode Standard, table 3-7 "Well-Formed UTF-8 Byte Sequences":
 * the first byte of a character says how many continuation bytes follow, and for four lead bytes
 * the first continuation byte has a narrower range than 80..BF. Those narrower ranges are what
 * shut out overlong forms (E0 80..9F, F0 80..8F), UTF-16 surrogates (ED A0..BF) and code points
 * past U+10FFFF (F4 90..BF):
 *
 * <pre>
 *  lead byte      continuation bytes
 *  00..7F         (none)
 *  C2..DF         80..BF
 *  E0             A0..BF  80..BF
 *  E1..EC, EE..EF 80..BF  80..BF
 *  ED             80..9F  80..BF
 *  F0             90..BF  80..BF  80..BF
 *  F1..F3         80..BF  80..BF  80..BF
 *  F4             80..8F  80..BF  80..BF
 * </pre>
 *
 * Everything else (C0, C1, F5..FF as a lead, a continuation byte where a lead is expected) is
 * never valid. Not thread-safe; one per direction of a connection.
 */
public final class Utf8Validator {

    /** Eight bytes of a {@code byte[]} at any offset, to test them for ASCII at once. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** A validator at the start of a text: no character begun, nothing expected. */
    public Utf8Validator() {
    }

    /** Continuation bytes still expected for the current character. */
    private int needed;
    /** The range the next continuation byte must fall in (unsigned byte values). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Forgets any half-read character: ready for the next message. */
    public void reset() {
        needed = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /**
     * Checks {@code bytes[off, off + len)} as the continuation of what came before.
     *
     * @param bytes holds the next bytes of the text
     * @param off the first byte to check
     * @param len how many bytes to check
     * @return false as soon as the bytes cannot be UTF-8, whatever follows
     */
    public boolean update(byte[] bytes, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (needed == 0) {
                // ASCII is by far the most common case: skip it without touching the state,
                // eight bytes at a time while no byte of the eight has its top bit set.
                while (i <= end - 8 && ((long) LONGS.get(bytes, i) & 0x8080_8080_8080_8080L) == 0) {
                    i += 8;
                }
                while (i < end && bytes[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    return true;
                }
                if (!lead(bytes[i++] & 0xFF)) {
                    return false;
                }
            } else {
                int b = bytes[i++] & 0xFF;
                if (b < lower || b > upper) {
                    return false;
                }
                needed--;
                lower = 0x80;
                upper = 0xBF;
            }
        }
        return true;
    }

    /**
     * True when no character is left half-read: the bytes so far end on a character boundary.
     *
     * @return whether the text so far ends on a character boundary
     */
    public boolean isComplete() {
        return needed == 0;
    }

    /**
     * Checks a complete piece of text on its own (a close frame's reason).
     *
     * @param bytes holds the text
     * @param off the first byte of the text
     * @param len the text's length in bytes
     * @return whether the bytes are complete, valid UTF-8
     */
    public static boolean isValid(byte[] bytes, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.update(bytes, off, len) && v.isComplete();
    }

    /** Sets up the state for a non-ASCII lead byte; false when it cannot start a character. */
    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b == 0xE0) {
            needed = 2;
            lower = 0xA0;
        } else if (b == 0xED) {
            needed = 2;
            upper = 0x9F;
        } else if (b >= 0xE1 && b <= 0xEF) {
            needed = 2;
        } else if (b == 0xF0) {
            needed = 3;
            lower = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            needed = 3;
        } else if (b == 0xF4) {
            needed = 3;
            upper = 0x8F;
        } else {
            return false;
        }
        return true;
    }
}
