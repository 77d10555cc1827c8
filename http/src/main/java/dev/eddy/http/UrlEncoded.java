package dev.eddy.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding of {@code application/x-www-form-urlencoded} text: query strings and HTML form
 * bodies. {@code a=1&b=x+y&c=%C3%A9} gives a=1, b="x y", c="é" (percent escapes are UTF-8
 * bytes). A malformed escape ({@code %zz}, a lone {@code %}) is kept as literal text rather
 * than failing the request: a query string is user input, and a handler can still validate
 * the value it gets.
 */
public final class UrlEncoded {

    private UrlEncoded() {
    }

    /**
     * Parses {@code a=1&b=2}; a name without {@code =} gets the value "".
     *
     * @param encoded the text, without a leading {@code ?}; null or empty gives no pairs
     * @return the decoded pairs
     */
    public static Params parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Params.EMPTY;
        }
        List<String[]> pairs = new ArrayList<>();
        int i = 0;
        int n = encoded.length();
        while (i <= n) {
            int amp = encoded.indexOf('&', i);
            if (amp < 0) {
                amp = n;
            }
            if (amp > i) {
                int eq = encoded.indexOf('=', i);
                if (eq < 0 || eq > amp) {
                    pairs.add(new String[]{decode(encoded, i, amp, true), ""});
                } else {
                    pairs.add(new String[]{decode(encoded, i, eq, true), decode(encoded, eq + 1, amp, true)});
                }
            }
            i = amp + 1;
        }
        return Params.of(pairs);
    }

    /**
     * Parses a form body (bytes are ASCII by the format's definition).
     *
     * @param body the form body's bytes
     * @return the decoded pairs
     */
    public static Params parse(byte[] body) {
        return parse(new String(body, StandardCharsets.ISO_8859_1));
    }

    /**
     * Percent-decodes (UTF-8) s; {@code +} means space only when {@code plusIsSpace}.
     *
     * @param s the text to decode
     * @param plusIsSpace whether {@code +} stands for a space (forms and queries) or for itself
     *     (paths)
     * @return the decoded text; malformed escapes are kept as they are
     */
    public static String decode(String s, boolean plusIsSpace) {
        return decode(s, 0, s.length(), plusIsSpace);
    }

    static String decode(String s, int from, int to, boolean plusIsSpace) {
        int i = from;
        while (i < to && s.charAt(i) != '%' && (s.charAt(i) != '+' || !plusIsSpace)) {
            i++;
        }
        if (i == to) {
            return s.substring(from, to);       // the common case: nothing to decode
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        byte[] prefix = s.substring(from, i).getBytes(StandardCharsets.UTF_8);
        out.write(prefix, 0, prefix.length);
        while (i < to) {
            char c = s.charAt(i);
            if (c == '+' && plusIsSpace) {
                out.write(' ');
                i++;
            } else if (c == '%' && hex(s, i + 1, to) >= 0 && hex(s, i + 2, to) >= 0) {
                out.write(hex(s, i + 1, to) * 16 + hex(s, i + 2, to));
                i += 3;
            } else {
                int start = i++;      // a run of plain text (or a malformed '%', kept as is)
                while (i < to && s.charAt(i) != '%' && (s.charAt(i) != '+' || !plusIsSpace)) {
                    i++;
                }
                byte[] b = s.substring(start, i).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(String s, int i, int to) {
        if (i >= to) {
            return -1;
        }
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
