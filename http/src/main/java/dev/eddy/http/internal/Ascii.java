package dev.eddy.http.internal;

/**
 * Byte classes of the HTTP grammar (RFC 9110 section 5.6), as one 256-entry table so the
 * parsers classify a byte with one array load instead of a chain of comparisons.
 *
 * <ul>
 *   <li>TOKEN: {@code tchar}, the characters of methods, header names and transfer codings;</li>
 *   <li>FIELD: what a header value may contain: visible ASCII, obs-text (0x80-0xFF), space
 *       and tab. Never CR, LF, NUL or another control character;</li>
 *   <li>TARGET: what a request target may contain: visible ASCII only (0x21-0x7E);</li>
 *   <li>HOST: the characters of a host name in a Host header (RFC 3986's unreserved and
 *       sub-delims, without the comma; see the wire format's {@code HostField}).</li>
 * </ul>
 */
public final class Ascii {

    /** The {@code tchar} class: methods, header names and transfer codings. */
    public static final byte TOKEN = 1;
    /** What a header value may contain: visible ASCII, obs-text, space and tab. */
    public static final byte FIELD = 2;
    /** What a request target may contain: visible ASCII only. */
    public static final byte TARGET = 4;
    /** What a host name in a Host header may contain. */
    public static final byte HOST = 8;

    private static final byte[] CLASS = new byte[256];
    static {
        for (int c = 0x21; c <= 0x7E; c++) {
            CLASS[c] |= FIELD | TARGET;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            CLASS[c] |= FIELD;
        }
        CLASS[' '] |= FIELD;
        CLASS['\t'] |= FIELD;
        String tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < tchar.length(); i++) {
            CLASS[tchar.charAt(i)] |= TOKEN;
        }
        String hostChar = "-._~!$&'()*+;=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < hostChar.length(); i++) {
            CLASS[hostChar.charAt(i)] |= HOST;
        }
    }

    private Ascii() {
    }

    /**
     * True when byte {@code b} is in class {@code cls}.
     *
     * @param b the byte to classify; any value, including obs-text (0x80-0xFF)
     * @param cls one class constant, or several OR-ed together to test for any of them
     * @return whether {@code b} belongs to {@code cls}
     */
    public static boolean is(byte b, byte cls) {
        return (CLASS[b & 0xFF] & cls) != 0;
    }

    /**
     * ASCII lower case of a byte; other bytes unchanged.
     *
     * @param b any byte
     * @return {@code b} with 'A'-'Z' mapped to 'a'-'z'
     */
    public static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /**
     * True when every char of {@code s} is a tchar and s is not empty.
     *
     * @param s the characters to check
     * @return whether {@code s} is a valid token (a method, header name or transfer coding)
     */
    public static boolean isToken(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || (CLASS[c] & TOKEN) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code s} may be sent as a header value: no CR, LF, NUL or other control.
     *
     * @param s the value to check
     * @return whether {@code s} is safe to write as a header value
     */
    public static boolean isFieldValue(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF || (CLASS[c] & FIELD) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of a hex digit, or -1.
     *
     * @param b the byte to read as a hex digit, either case
     * @return 0-15, or -1 when {@code b} is not a hex digit
     */
    public static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = b | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
