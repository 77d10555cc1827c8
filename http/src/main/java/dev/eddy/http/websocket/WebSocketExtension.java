package dev.eddy.http.websocket;

import dev.eddy.http.internal.Ascii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header: an extension name and its
 * parameters, in order (RFC 6455 section 9.1):
 *
 * <pre>
 *  Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate
 *                            └─ name ─────────┘  └─ parameter ────────┘  └─ a second offer ┘
 * </pre>
 *
 * <p>A client lists offers in the order it prefers them; the same extension may be offered
 * twice with different parameters. A parameter value is a token or a quoted string whose
 * content must itself be a token.
 *
 * @param name   the extension name, lower case
 * @param params the parameters in the order they appeared (a name may repeat: that is for the
 *               extension to judge)
 */
public record WebSocketExtension(String name, List<Param> params) {

    /**
     * One {@code name[=value]} parameter; {@code value} is null when there is no {@code =}.
     *
     * @param name the parameter name, lower case
     * @param value the parameter value, unquoted, or null
     */
    public record Param(String name, String value) {
    }

    /**
     * Copies the parameter list.
     *
     * @param name the extension name, lower case
     * @param params the parameters in the order they appeared
     */
    public WebSocketExtension {
        params = List.copyOf(params);
    }

    /**
     * Parses every header line of a {@code Sec-WebSocket-Extensions} field.
     *
     * @param headerValues every {@code Sec-WebSocket-Extensions} line of the message
     * @return the extensions, in the order they appeared
     * @throws IllegalArgumentException when a line breaks the grammar
     */
    public static List<WebSocketExtension> parse(List<String> headerValues) {
        List<WebSocketExtension> out = new ArrayList<>();
        for (String value : headerValues) {
            new Reader(value).extensionList(out);
        }
        return out;
    }

    /** The header form: {@code name; p1; p2=v}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        for (Param p : params) {
            sb.append("; ").append(p.name());
            if (p.value() != null) {
                sb.append('=').append(p.value());
            }
        }
        return sb.toString();
    }

    /** A cursor over one header line. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        void extensionList(List<WebSocketExtension> out) {
            while (true) {
                skipSpace();
                if (i == s.length()) {
                    return;
                }
                if (s.charAt(i) == ',') {          // empty list elements are allowed (RFC 9110 5.6.1)
                    i++;
                    continue;
                }
                String name = token().toLowerCase(Locale.ROOT);
                List<Param> params = new ArrayList<>();
                skipSpace();
                while (i < s.length() && s.charAt(i) == ';') {
                    i++;
                    skipSpace();
                    String pname = token().toLowerCase(Locale.ROOT);
                    skipSpace();
                    String pvalue = null;
                    if (i < s.length() && s.charAt(i) == '=') {
                        i++;
                        skipSpace();
                        pvalue = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
                        skipSpace();
                    }
                    params.add(new Param(pname, pvalue));
                }
                out.add(new WebSocketExtension(name, params));
                if (i < s.length()) {
                    if (s.charAt(i) != ',') {
                        throw new IllegalArgumentException("expected ',' at " + i + " in extensions: " + s);
                    }
                    i++;
                }
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && s.charAt(i) <= 0xFF && Ascii.is((byte) s.charAt(i), Ascii.TOKEN)) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a token at " + i + " in extensions: " + s);
            }
            return s.substring(start, i);
        }

        /** A quoted string whose content, unescaped, must be a token (RFC 6455 section 9.1). */
        private String quoted() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                sb.append(c);
            }
            if (i == s.length()) {
                throw new IllegalArgumentException("unterminated quoted string in extensions: " + s);
            }
            i++;
            if (!Ascii.isToken(sb)) {
                throw new IllegalArgumentException("quoted extension parameter is not a token: " + s);
            }
            return sb.toString();
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }
}
