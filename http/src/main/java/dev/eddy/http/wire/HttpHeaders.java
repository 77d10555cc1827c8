package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The header fields of a request, a response or a trailer section: an ordered list of
 * (name, value) pairs where names compare case-insensitively and a name may repeat.
 *
 * <p>One array of alternating names and values, not a map: a message has around ten
 * headers, and a linear scan of ten strings beats hashing them (Netty and Tornado make the
 * same trade); one array instead of two saves an object per message. Headers that came
 * off the wire have lower-case names (HTTP/1.1 names are case-insensitive, so nothing is
 * lost); headers a handler adds keep the case it gave.
 *
 * <p>{@link #add} and {@link #set} reject names that are not tokens and values containing
 * CR, LF or other control characters: a value with CRLF in it would let whoever controls it
 * add headers or a whole second response (response splitting).
 *
 * <p>Not thread-safe: a message belongs to one loop.
 */
public final class HttpHeaders {

    /** name0, value0, name1, value1, ... */
    private String[] fields;
    private int size;

    /** Empty headers with room for eight fields. */
    public HttpHeaders() {
        this(8);
    }

    /**
     * Room for {@code capacity} fields before the array grows.
     *
     * @param capacity how many fields fit before the storage grows; at least 1 is used
     */
    public HttpHeaders(int capacity) {
        fields = new String[2 * Math.max(capacity, 1)];
    }

    /**
     * Headers from alternating names and values: {@code of("content-type", "text/plain")}.
     *
     * @param namesAndValues names and values alternating; an even number of strings
     * @return new headers holding those fields in order
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        HttpHeaders h = new HttpHeaders(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    /**
     * The number of fields, repeated names counted each time.
     *
     * @return the field count
     */
    public int size() {
        return size;
    }

    /**
     * Whether there are no fields.
     *
     * @return whether {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The name of field {@code i} (0-based, in message order).
     *
     * @param i the field's index, from 0 to {@link #size()} - 1
     * @return the name as it was added
     */
    public String name(int i) {
        checkIndex(i);
        return fields[2 * i];
    }

    /**
     * The value of field {@code i}.
     *
     * @param i the field's index, from 0 to {@link #size()} - 1
     * @return the value, as added or parsed
     */
    public String value(int i) {
        checkIndex(i);
        return fields[2 * i + 1];
    }

    /**
     * The first value of {@code name} (any case), or null.
     *
     * @param name the field name, any case
     * @return the first value, or null when there is no such field
     */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    /**
     * Every value of {@code name} (any case), in message order; empty when absent.
     *
     * @param name the field name, any case
     * @return the values, in message order
     */
    public List<String> getAll(String name) {
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(fields[2 * i + 1]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /**
     * Whether a field of {@code name} is present.
     *
     * @param name the field name, any case
     * @return whether at least one field has that name
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * The distinct names, in first-seen order, as they were spelled first.
     *
     * @return the names, each once
     */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            boolean dup = false;
            for (String s : seen) {
                if (s.equalsIgnoreCase(fields[2 * i])) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                seen.add(fields[2 * i]);
            }
        }
        return seen;
    }

    /**
     * Calls {@code action} for every field, in order.
     *
     * @param action called with each name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    /**
     * Adds a field (keeping any others of that name).
     *
     * @param name the field name, a token
     * @param value the value; no CR, LF or other control character
     * @return these headers, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value has CR, LF
     *                                  or another control character
     */
    public HttpHeaders add(String name, String value) {
        if (!Ascii.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
        if (!Ascii.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid header value for " + name
                    + ": CR, LF and control characters are not allowed (response splitting)");
        }
        return addTrusted(name, value);
    }

    /**
     * Replaces every field of {@code name} with one field; validated like {@link #add}.
     *
     * @param name the field name, a token
     * @param value the value; no CR, LF or other control character
     * @return these headers, for chaining
     */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /**
     * Removes every field of {@code name}; true when there was one.
     *
     * @param name the field name, any case
     * @return whether any field was removed
     */
    public boolean remove(String name) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (!fields[2 * r].equalsIgnoreCase(name)) {
                fields[2 * w] = fields[2 * r];
                fields[2 * w + 1] = fields[2 * r + 1];
                w++;
            }
        }
        boolean removed = w != size;
        Arrays.fill(fields, 2 * w, 2 * size, null);
        size = w;
        return removed;
    }

    /**
     * Adds a field without validating it. For the wire parsers only, whose grammar has
     * already rejected everything {@link #add} rejects; never call it with values you did not
     * parse yourself.
     *
     * @param name the field name, as parsed
     * @param value the value, as parsed
     * @return these headers, for chaining
     */
    public HttpHeaders addTrusted(String name, String value) {
        if (2 * size == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[2 * size] = name;
        fields[2 * size + 1] = value;
        size++;
        return this;
    }

    /** Field {@code i} becomes this one ({@code i} at most {@link #size()}); for {@link HeaderBlockParser#fill}. */
    void setTrusted(int i, String name, String value) {
        if (i == size) {
            addTrusted(name, value);
        } else {
            fields[2 * i] = name;
            fields[2 * i + 1] = value;
        }
    }

    /** Keeps the first {@code n} fields and forgets the rest; for {@link HeaderBlockParser#fill}. */
    void truncate(int n) {
        Arrays.fill(fields, 2 * n, 2 * size, null);
        size = n;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("header index " + i + " of " + size);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpHeaders[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
        }
        return sb.append(']').toString();
    }
}
