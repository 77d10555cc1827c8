package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;
/**
 * Checks the value of a request's {@code Host} header against RFC 9112 section 3.2:
 * {@code uri-host [ ":" port ]}, where the host is a registered name or IPv4 address
 * ({@code example.com}, {@code 127.0.0.1}) or a bracketed IPv6 address ({@code [::1]}), as
 * in RFC 3986's authority, but without user information.
 *
 * <p>Why the server refuses the rest with 400: a Host is what virtual hosting, absolute URLs
 * and proxies build on, and a value such as {@code a.com/evil}, {@code user@a.com},
 * {@code a.com b.com} or {@code a.com,b.com} means different things to different
 * implementations (the comma, which RFC 3986 would allow in a name, makes two hosts for
 * anything that reads the field as a list). Stricter than RFC 3986 in three places: no
 * comma, a port is at most 65535, and an IP literal is an IPv6 address without a zone
 * (no {@code IPvFuture}). An empty value is allowed, as RFC 9112 requires.
 *
 * <p>Works on the parser's bytes; allocates nothing.
 */
final class HostField {

    /** Colons, hex digits and dots: "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1" (45 at most). */
    private static final int MAX_IPV6_LENGTH = 45;

    private HostField() {
    }

    /** True when bytes[s, e) is a valid Host value. */
    static boolean isValid(byte[] bytes, int s, int e) {
        if (s == e) {
            return true;
        }
        int i;
        if (bytes[s] == '[') {
            int close = s + 1;
            while (close < e && bytes[close] != ']') {
                close++;
            }
            if (close == e || !isIpv6(bytes, s + 1, close)) {
                return false;
            }
            i = close + 1;
        } else {
            i = s;
            while (i < e && bytes[i] != ':') {
                if (bytes[i] == '%') {          // pct-encoded: %XX
                    if (i + 2 >= e || Ascii.hexValue(bytes[i + 1]) < 0 || Ascii.hexValue(bytes[i + 2]) < 0) {
                        return false;
                    }
                    i += 3;
                } else if (Ascii.is(bytes[i], Ascii.HOST)) {
                    i++;
                } else {
                    return false;
                }
            }
            if (i == s) {
                return false;                   // a port without a host
            }
        }
        return i == e || bytes[i] == ':' && isPort(bytes, i + 1, e);
    }

    /** Hex digits, colons and dots, with at least two colons; the JDK parses it later if needed. */
    private static boolean isIpv6(byte[] bytes, int s, int e) {
        if (e - s > MAX_IPV6_LENGTH) {
            return false;
        }
        int colons = 0;
        for (int i = s; i < e; i++) {
            byte b = bytes[i];
            if (b == ':') {
                colons++;
            } else if (b != '.' && Ascii.hexValue(b) < 0) {
                return false;
            }
        }
        return colons >= 2;
    }

    /** Empty (RFC 3986 allows "host:"), or up to five digits no larger than 65535. */
    private static boolean isPort(byte[] bytes, int s, int e) {
        if (e - s > 5) {
            return false;
        }
        int port = 0;
        for (int i = s; i < e; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
            port = port * 10 + (bytes[i] - '0');
        }
        return port <= 65535;
    }
}
