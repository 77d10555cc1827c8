package dev.eddy.http.internal;

/**
 * The header names almost every message carries, as shared lower-case constants. The parser
 * looks a parsed name up here before making a string of it, so the common names cost no
 * allocation, and code that compares names (content-length, transfer-encoding, ...) uses
 * these constants.
 */
public final class HeaderNames {

    /** {@code Host}: the authority a request is for. */
    public static final String HOST = "host";
    /** {@code Content-Length}: the body's length in bytes. */
    public static final String CONTENT_LENGTH = "content-length";
    /** {@code Content-Type}: the body's media type. */
    public static final String CONTENT_TYPE = "content-type";
    /** {@code Transfer-Encoding}: the codings applied to the body, such as chunked. */
    public static final String TRANSFER_ENCODING = "transfer-encoding";
    /** {@code Connection}: options for this connection only, such as close. */
    public static final String CONNECTION = "connection";
    /** {@code Expect}: {@code 100-continue} when the client waits before sending its body. */
    public static final String EXPECT = "expect";
    /** {@code Date}: when the response was made. */
    public static final String DATE = "date";
    /** {@code Server}: the software that answered. */
    public static final String SERVER = "server";
    /** {@code Allow}: the methods a resource supports, sent with a 405. */
    public static final String ALLOW = "allow";
    /** {@code Trailer}: the fields that will follow a chunked body. */
    public static final String TRAILER = "trailer";

    private static final String[] KNOWN = {
            HOST, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING, CONNECTION, EXPECT, DATE, SERVER,
            ALLOW, TRAILER, "accept", "accept-encoding", "accept-language", "user-agent", "cookie",
            "referer", "origin", "cache-control", "pragma", "upgrade", "te", "keep-alive", "authorization",
            "if-none-match", "if-modified-since", "x-forwarded-for", "x-forwarded-proto", "x-request-id",
            "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest", "upgrade-insecure-requests", "dnt",
    };
    /** KNOWN bucketed by length, so a lookup compares against a handful of candidates. */
    private static final String[][] BY_LENGTH = new String[32][];
    static {
        for (String k : KNOWN) {
            String[] b = BY_LENGTH[k.length()];
            String[] nb = b == null ? new String[1] : java.util.Arrays.copyOf(b, b.length + 1);
            nb[nb.length - 1] = k;
            BY_LENGTH[k.length()] = nb;
        }
    }

    private HeaderNames() {
    }

    /**
     * The constant equal to {@code bytes[off, off+len)}, so a parsed header name costs no new
     * string when it is a common one.
     *
     * @param bytes the bytes holding the name, already lower case
     * @param off   where the name starts
     * @param len   how many bytes it has
     * @return the interned constant with those characters, or null when it is not a known name
     */
    public static String lookup(byte[] bytes, int off, int len) {
        if (len >= BY_LENGTH.length || BY_LENGTH[len] == null) {
            return null;
        }
        outer:
        for (String k : BY_LENGTH[len]) {
            for (int i = 0; i < len; i++) {
                if (bytes[off + i] != k.charAt(i)) {
                    continue outer;
                }
            }
            return k;
        }
        return null;
    }
}
