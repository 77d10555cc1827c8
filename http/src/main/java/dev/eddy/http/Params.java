package dev.eddy.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded name/value pairs from a query string or an urlencoded form: a name may repeat
 * ({@code ?tag=a&tag=b}), order is kept. Immutable. Build one with {@link UrlEncoded#parse}.
 */
public final class Params {

    static final Params EMPTY = new Params(Map.of());

    private final Map<String, List<String>> values;

    Params(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * The first value of {@code name}, or null.
     *
     * @param name the decoded name
     * @return the first decoded value, or null when the name is absent
     */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /**
     * The first value of {@code name}, or {@code fallback}.
     *
     * @param name the decoded name
     * @param fallback what to return when the name is absent
     * @return the first decoded value, or {@code fallback}
     */
    public String first(String name, String fallback) {
        String v = first(name);
        return v == null ? fallback : v;
    }

    /**
     * Every value of {@code name}, in order; empty when absent.
     *
     * @param name the decoded name
     * @return the decoded values, in order
     */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The distinct names, in first-seen order.
     *
     * @return the decoded names, unmodifiable
     */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * Whether there are no pairs.
     *
     * @return whether no name is present
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * All pairs as an unmodifiable map of lists.
     *
     * @return every name with its values, in first-seen order
     */
    public Map<String, List<String>> asMap() {
        return values;
    }

    static Params of(List<String[]> pairs) {
        if (pairs.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String[] p : pairs) {
            m.computeIfAbsent(p[0], k -> new ArrayList<>(1)).add(p[1]);
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new Params(Collections.unmodifiableMap(m));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
