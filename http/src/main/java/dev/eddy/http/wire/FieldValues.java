package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;
/**
 * Readers for the few header values that decide how a message is framed
 * (Content-Length, Transfer-Encoding, Connection, Expect), working directly on the parser's
 * bytes so deciding the framing allocates nothing. Each one is strict: where two servers
 * could read a value differently, it is an error.
 */
final class FieldValues {

    private FieldValues() {
    }

    /**
     * The Content-Length in bytes[s, e): one or more comma-separated decimal numbers, all
     * equal (RFC 9110 section 8.6 allows a repeated identical value), and equal to
     * {@code previous} when an earlier Content-Length line gave one (previous >= 0).
     */
    static long contentLength(byte[] bytes, int s, int e, long previous) throws HttpProtocolException {
        long result = previous;
        int i = s;
        while (true) {
            long v = 0;
            int digits = 0;
            while (i < e && bytes[i] >= '0' && bytes[i] <= '9') {
                if (v > (Long.MAX_VALUE - 9) / 10) {
                    throw new HttpProtocolException(400, "Content-Length too large");
                }
                v = v * 10 + (bytes[i++] - '0');
                digits++;
            }
            if (digits == 0) {
                throw new HttpProtocolException(400, "invalid Content-Length");
            }
            if (result >= 0 && result != v) {
                throw new HttpProtocolException(400, "differing Content-Length values");
            }
            result = v;
            i = skipOws(bytes, i, e);
            if (i == e) {
                return result;
            }
            if (bytes[i] != ',') {
                throw new HttpProtocolException(400, "invalid Content-Length");
            }
            i = skipOws(bytes, i + 1, e);
        }
    }

    /**
     * Checks a Transfer-Encoding value: the only coding this server implements is
     * {@code chunked}, once. Anything else is 501 (not implemented), a repeated chunked or
     * an empty element is 400.
     *
     * @return true (the body is chunked)
     */
    static boolean checkTransferEncoding(byte[] bytes, int s, int e) throws HttpProtocolException {
        int chunked = 0;
        int i = s;
        while (true) {
            int start = i;
            while (i < e && bytes[i] != ',' && bytes[i] != ' ' && bytes[i] != '\t') {
                i++;
            }
            if (i == start) {
                throw new HttpProtocolException(400, "empty transfer coding");
            }
            if (!equalsIgnoreCase(bytes, start, i, "chunked")) {
                throw new HttpProtocolException(501, "transfer coding not implemented (only chunked is)");
            }
            if (++chunked > 1) {
                throw new HttpProtocolException(400, "chunked applied more than once");
            }
            i = skipOws(bytes, i, e);
            if (i == e) {
                return true;
            }
            if (bytes[i] != ',') {
                throw new HttpProtocolException(400, "invalid Transfer-Encoding");
            }
            i = skipOws(bytes, i + 1, e);
        }
    }

    /** True when the comma-separated list in bytes[s, e) has {@code token} (any case). */
    static boolean hasToken(byte[] bytes, int s, int e, String token) {
        int i = s;
        while (i < e) {
            i = skipOws(bytes, i, e);
            int start = i;
            while (i < e && bytes[i] != ',') {
                i++;
            }
            int end = i;
            while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
                end--;
            }
            if (equalsIgnoreCase(bytes, start, end, token)) {
                return true;
            }
            i++;
        }
        return false;
    }

    /** True when bytes[s, e) is {@code lower} in any ASCII case. */
    static boolean equalsIgnoreCase(byte[] bytes, int s, int e, String lower) {
        if (e - s != lower.length()) {
            return false;
        }
        for (int k = 0; k < e - s; k++) {
            if (Ascii.lower(bytes[s + k]) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int skipOws(byte[] bytes, int i, int e) {
        while (i < e && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }
}
