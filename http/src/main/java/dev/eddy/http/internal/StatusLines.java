package dev.eddy.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reason phrases and the ready-encoded status line ({@code HTTP/1.1 200 OK\r\n}) for every
 * status code, built once so a response head starts with a single array copy.
 */
public final class StatusLines {

    private static final byte[][] LINES = new byte[600][];
    private static final String[] REASONS = new String[600];
    static {
        Object[] table = {
                100, "Continue", 101, "Switching Protocols", 200, "OK", 201, "Created", 202, "Accepted",
                204, "No Content", 206, "Partial Content", 301, "Moved Permanently", 302, "Found",
                303, "See Other", 304, "Not Modified", 307, "Temporary Redirect", 308, "Permanent Redirect",
                400, "Bad Request", 401, "Unauthorized", 403, "Forbidden", 404, "Not Found",
                405, "Method Not Allowed", 406, "Not Acceptable", 408, "Request Timeout", 409, "Conflict",
                410, "Gone", 411, "Length Required", 412, "Precondition Failed", 413, "Content Too Large",
                414, "URI Too Long", 415, "Unsupported Media Type", 417, "Expectation Failed",
                422, "Unprocessable Content", 429, "Too Many Requests", 431, "Request Header Fields Too Large",
                500, "Internal Server Error", 501, "Not Implemented", 502, "Bad Gateway",
                503, "Service Unavailable", 504, "Gateway Timeout", 505, "HTTP Version Not Supported",
        };
        for (int i = 0; i < table.length; i += 2) {
            REASONS[(Integer) table[i]] = (String) table[i + 1];
        }
    }

    private StatusLines() {
    }

    /**
     * The reason phrase for {@code status}, or "" when it has none here.
     *
     * @param status an HTTP status, 100-599
     * @return the standard reason phrase, or "" for a status it does not know
     */
    public static String reason(int status) {
        check(status);
        String r = REASONS[status];
        return r == null ? "" : r;
    }

    /**
     * {@code HTTP/1.1 <status> <reason>\r\n}. Do not modify the array.
     *
     * @param status an HTTP status, 100-599
     * @return the status line, shared between calls
     */
    public static byte[] line(int status) {
        check(status);
        byte[] l = LINES[status];
        if (l == null) {
            // benign race: two threads may both build the same immutable line
            l = ("HTTP/1.1 " + status + " " + reason(status) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            LINES[status] = l;
        }
        return l;
    }

    private static void check(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range 100..599: " + status);
        }
    }

    /**
     * True when a response with this status never has a body (1xx, 204, 304).
     *
     * @param status an HTTP status
     * @return whether a response with that status has no body
     */
    public static boolean forbidsBody(int status) {
        return status < 200 || status == 204 || status == 304;
    }
}
