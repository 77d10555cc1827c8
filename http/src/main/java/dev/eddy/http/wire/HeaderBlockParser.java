package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;
import dev.eddy.http.internal.HeaderNames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser for a block of header fields ending in an empty line: the headers of
 * a request or a response, or the trailer section of a chunked body. It is fed whatever bytes
 * have arrived, stops anywhere (in the middle of a name, between CR and LF) and carries on
 * when fed again, so a message split at any byte boundary parses the same.
 *
 * <p>It copies names (lower-cased) and values (without surrounding whitespace) into one
 * growing byte array and records where each field starts and ends; strings are made only
 * when the block is complete. Per byte it does one table lookup and one store, and it
 * allocates nothing until the block ends.
 *
 * <p>Strict, because leniency here is how requests get smuggled past a proxy that reads the
 * same bytes differently (RFC 9112 sections 2.2 and 5): a bare CR or bare LF, whitespace
 * before the colon, obs-fold (a line starting with whitespace), a control character in a
 * value, or a name that is not a token are all errors (400). Too many fields or bytes give
 * the status the owner chose (431 for headers).
 *
 * <p>Not thread-safe; one per connection.
 */
final class HeaderBlockParser {

    private static final int LINE_START = 0;
    private static final int NAME = 1;
    private static final int VALUE_START = 2;
    private static final int VALUE = 3;
    private static final int VALUE_LF = 4;
    private static final int END_LF = 5;
    private static final int DONE = 6;

    private final int maxBytes;
    private final int maxCount;
    private final String what;

    private int state = LINE_START;
    private byte[] store = new byte[128];
    private int storeLen;
    /** Per field: name start, name end, value start, value end (offsets into store). */
    private int[] fields = new int[8 * 4];
    private int count;
    private int bytes;

    /**
     * A parser for header or trailer blocks within the given limits.
     *
     * @param maxBytes the most bytes the block may have (all lines, CRLFs included)
     * @param maxCount the most fields it may have
     * @param what     "header" or "trailer", for error messages
     */
    public HeaderBlockParser(int maxBytes, int maxCount, String what) {
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
        this.what = what;
    }

    /** Forgets everything; ready for the next block. Keeps the arrays (they only grow). */
    public void reset() {
        state = LINE_START;
        storeLen = 0;
        count = 0;
        bytes = 0;
        if (store.length > 4096) {
            store = new byte[128];      // one huge message should not pin memory forever
        }
    }

    /**
     * True when the block has started (some byte was consumed) but not ended.
     *
     * @return whether a block is partly parsed
     */
    public boolean inProgress() {
        return bytes > 0 && state != DONE;
    }

    /**
     * Consumes bytes from {@code in} (from its position) up to and including the empty line
     * that ends the block, or all of them if it is not there yet.
     *
     * @param in the received bytes, from its position to its limit
     * @return true when the block is complete; {@code in}'s position is then just after it
     * @throws HttpProtocolException malformed (400) or over a limit (431)
     */
    public boolean parse(ByteBuffer in) throws HttpProtocolException {
        int pos = in.position();
        final int limit = in.limit();
        int startPos = pos;
        try {
            while (pos < limit) {
                switch (state) {
                    case LINE_START -> {
                        byte b = in.get(pos++);
                        if (b == '\r') {
                            state = END_LF;
                        } else if (Ascii.is(b, Ascii.TOKEN)) {
                            if (count == maxCount) {
                                throw new HttpProtocolException(431, "more than " + maxCount + " " + what + " fields");
                            }
                            ensureFieldSlot();
                            fields[count * 4] = storeLen;
                            append(Ascii.lower(b));
                            state = NAME;
                        } else if (b == ' ' || b == '\t') {
                            throw new HttpProtocolException(400, count == 0
                                    ? "whitespace before the first " + what + " field"
                                    : "obsolete line folding (a " + what + " line starting with whitespace)");
                        } else if (b == '\n') {
                            throw new HttpProtocolException(400, "bare LF in " + what + " section");
                        } else {
                            throw new HttpProtocolException(400, "invalid character in " + what + " name");
                        }
                    }
                    case NAME -> {
                        while (pos < limit) {
                            byte b = in.get(pos++);
                            if (Ascii.is(b, Ascii.TOKEN)) {
                                append(Ascii.lower(b));
                            } else if (b == ':') {
                                fields[count * 4 + 1] = storeLen;
                                state = VALUE_START;
                                break;
                            } else if (b == ' ' || b == '\t') {
                                throw new HttpProtocolException(400, "whitespace between " + what + " name and colon");
                            } else {
                                throw new HttpProtocolException(400, "invalid character in " + what + " name");
                            }
                        }
                    }
                    case VALUE_START -> {
                        byte b = in.get(pos);
                        if (b == ' ' || b == '\t') {
                            pos++;
                        } else {
                            fields[count * 4 + 2] = storeLen;
                            state = VALUE;
                        }
                    }
                    case VALUE -> {
                        // most bytes of a head are value bytes: scan them with one table
                        // lookup each, then copy the run in one go
                        int start = pos;
                        while (pos < limit && Ascii.is(in.get(pos), Ascii.FIELD)) {
                            pos++;
                        }
                        appendRun(in, start, pos - start);
                        if (pos < limit) {
                            byte b = in.get(pos++);
                            if (b == '\r') {
                                state = VALUE_LF;
                            } else if (b == '\n') {
                                throw new HttpProtocolException(400, "bare LF in " + what + " value");
                            } else {
                                throw new HttpProtocolException(400, "control character in " + what + " value");
                            }
                        }
                    }
                    case VALUE_LF -> {
                        if (in.get(pos++) != '\n') {
                            throw new HttpProtocolException(400, "bare CR in " + what + " value");
                        }
                        int end = storeLen;     // trailing whitespace is not part of the value
                        int valueStart = fields[count * 4 + 2];
                        while (end > valueStart && (store[end - 1] == ' ' || store[end - 1] == '\t')) {
                            end--;
                        }
                        fields[count * 4 + 3] = end;
                        storeLen = end;
                        count++;
                        state = LINE_START;
                    }
                    case END_LF -> {
                        if (in.get(pos++) != '\n') {
                            throw new HttpProtocolException(400, "bare CR at the end of the " + what + " section");
                        }
                        state = DONE;
                        return true;
                    }
                    default -> {
                        return true;
                    }
                }
            }
            return state == DONE;
        } finally {
            bytes += pos - startPos;
            in.position(pos);
            if (bytes > maxBytes) {
                // checked after the fact: at most one buffer's worth over, never stored beyond it
                throw new HttpProtocolException(431, what + " section larger than " + maxBytes + " bytes");
            }
        }
    }

    private void append(byte b) throws HttpProtocolException {
        if (storeLen == store.length) {
            if (storeLen >= maxBytes) {
                throw new HttpProtocolException(431, what + " section larger than " + maxBytes + " bytes");
            }
            store = Arrays.copyOf(store, Math.min(store.length * 2, maxBytes + 1));
        }
        store[storeLen++] = b;
    }

    /** Copies {@code n} bytes of {@code in} from {@code from} into the store. */
    private void appendRun(ByteBuffer in, int from, int n) throws HttpProtocolException {
        if (storeLen + n > store.length) {
            if (storeLen + n > maxBytes) {
                throw new HttpProtocolException(431, what + " section larger than " + maxBytes + " bytes");
            }
            store = Arrays.copyOf(store, Math.min(Math.max(store.length * 2, storeLen + n), maxBytes));
        }
        in.get(from, store, storeLen, n);
        storeLen += n;
    }

    private void ensureFieldSlot() {
        if ((count + 1) * 4 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
    }

    /**
     * Fields parsed so far.
     *
     * @return how many fields have been parsed in the current block
     */
    public int count() {
        return count;
    }

    /**
     * True when field {@code i}'s (lower-case) name is {@code lowerName}. No allocation.
     *
     * @param i the field's index, from 0 to {@link #count()} - 1
     * @param lowerName the name to compare with, in lower case
     * @return whether field {@code i} has that name
     */
    public boolean nameIs(int i, String lowerName) {
        int s = fields[i * 4];
        int len = fields[i * 4 + 1] - s;
        if (len != lowerName.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (store[s + k] != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Field {@code i}'s name: a shared constant for well-known names, else a new string.
     *
     * @param i the field's index, from 0 to {@link #count()} - 1
     * @return the field's name in lower case
     */
    public String name(int i) {
        int s = fields[i * 4];
        int e = fields[i * 4 + 1];
        String known = HeaderNames.lookup(store, s, e - s);
        return known != null ? known : new String(store, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /**
     * Field {@code i}'s value; returns {@code reuse} itself when it has the same characters,
     * so a connection that sends the same header on every request costs no new string.
     *
     * @param i the field's index, from 0 to {@link #count()} - 1
     * @param reuse a string to return if it equals the value, or null
     * @return the field's value, without surrounding whitespace
     */
    public String value(int i, String reuse) {
        int s = fields[i * 4 + 2];
        int len = fields[i * 4 + 3] - s;
        if (reuse != null && reuse.length() == len) {
            int k = 0;
            while (k < len && (store[s + k] & 0xFF) == reuse.charAt(k)) {
                k++;
            }
            if (k == len) {
                return reuse;
            }
        }
        return new String(store, s, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Field {@code i}'s value bytes are in {@link #store()} from this offset ...
     *
     * @param i the field's index, from 0 to {@link #count()} - 1
     * @return the offset of the value's first byte in {@link #store()}
     */
    public int valueStart(int i) {
        return fields[i * 4 + 2];
    }

    /**
     * ... to this one (exclusive).
     *
     * @param i the field's index, from 0 to {@link #count()} - 1
     * @return the offset just after the value's last byte in {@link #store()}
     */
    public int valueEnd(int i) {
        return fields[i * 4 + 3];
    }

    /**
     * The bytes the offsets point into; read-only by convention.
     *
     * @return the parser's byte store; reused for the next block
     */
    public byte[] store() {
        return store;
    }

    /**
     * The parsed block as {@link HttpHeaders}. {@code previous} (may be null) is the block
     * parsed before on this connection: its strings are reused where they are equal.
     *
     * @param previous the previous block's headers on this connection, or null
     * @return a new {@link HttpHeaders} holding the fields in the order they arrived
     */
    public HttpHeaders toHeaders(HttpHeaders previous) {
        HttpHeaders h = new HttpHeaders(count);      // exact: parsed headers are rarely added to
        for (int i = 0; i < count; i++) {
            String name;
            String reuse = null;
            if (previous != null && i < previous.size() && nameIs(i, previous.name(i))) {
                name = previous.name(i);
                reuse = previous.value(i);
            } else {
                name = name(i);
            }
            h.addTrusted(name, value(i, reuse));
        }
        return h;
    }

    /**
     * The parsed block written into {@code target}, replacing its fields: where a field has
     * the same name (and value) as the field {@code target} held at the same index, that
     * string is kept, so a request like the one before it allocates nothing.
     *
     * @param target the headers to overwrite, usually the previous block's
     */
    public void fill(HttpHeaders target) {
        for (int i = 0; i < count; i++) {
            String name;
            String reuse = null;
            if (i < target.size() && nameIs(i, target.name(i))) {
                name = target.name(i);
                reuse = target.value(i);
            } else {
                name = name(i);
            }
            target.setTrusted(i, name, value(i, reuse));
        }
        target.truncate(count);
    }
}
