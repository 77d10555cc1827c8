package dev.eddy.http;

import dev.eddy.http.internal.DateCache;
import dev.eddy.http.internal.HeaderNames;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.internal.StatusLines;
import dev.eddy.http.wire.HttpHeaders;

/**
 * Writes a response head: status line, the handler's headers, then the headers the server
 * owns because they frame the message ({@code Content-Length} or
 * {@code Transfer-Encoding: chunked}, {@code Connection: close}) and the cached
 * {@code Date}. Framing headers the handler set itself are dropped: only the connection
 * knows how the body is really sent, and two framing headers are what smuggling is made of.
 */
final class ResponseHeadEncoder {

    /** {@code contentLength} value: the body is chunked. */
    public static final long CHUNKED = -1;
    /** {@code contentLength} value: no framing header (1xx/204/304, or HTTP/1.0 until close). */
    public static final long NO_FRAMING = -2;

    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] CHUNKED_LINE = "Transfer-Encoding: chunked\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSE_LINE = "Connection: close\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] KEEP_ALIVE_LINE = "Connection: keep-alive\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] UPGRADE_LINE = "Connection: Upgrade\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private ResponseHeadEncoder() {
    }

    /**
     * Encodes a response head into {@code out}: the status line, Content-Type, the handler's
     * headers (framing headers left out), Date unless the handler set one, the framing, Connection
     * and the empty line.
     *
     * @param out           where the head is appended
     * @param status        the response status, 100-599
     * @param contentType   written as {@code Content-Type} before the headers, or null
     * @param headers       the handler's headers, or null
     * @param contentLength the body length, {@link #CHUNKED} or {@link #NO_FRAMING}
     * @param connection    0: say nothing, 1: {@code Connection: close},
     *                      2: {@code Connection: keep-alive} (for HTTP/1.0 clients that asked),
     *                      3: {@code Connection: Upgrade} (a 101 that switches protocols)
     * @param dateLine      from {@link DateCache#dateLine()}
     */
    public static void encode(OutputBuffer out, int status, String contentType, HttpHeaders headers,
                              long contentLength, int connection, byte[] dateLine) {
        out.put(StatusLines.line(status));
        if (contentType != null) {
            out.put(CONTENT_TYPE).putLatin1(contentType).putCrlf();
        }
        boolean hasDate = false;
        if (headers != null) {
            for (int i = 0, n = headers.size(); i < n; i++) {
                String name = headers.name(i);
                if (isFraming(name)) {
                    continue;
                }
                if (name.length() == 4 && name.equalsIgnoreCase(HeaderNames.DATE)) {
                    hasDate = true;
                }
                out.putLatin1(name).put((byte) ':').put((byte) ' ').putLatin1(headers.value(i)).putCrlf();
            }
        }
        if (!hasDate) {
            out.put(dateLine);
        }
        if (contentLength >= 0) {
            out.put(CONTENT_LENGTH).putDecimal(contentLength).putCrlf();
        } else if (contentLength == CHUNKED) {
            out.put(CHUNKED_LINE);
        }
        if (connection == 1) {
            out.put(CLOSE_LINE);
        } else if (connection == 2) {
            out.put(KEEP_ALIVE_LINE);
        } else if (connection == 3) {
            out.put(UPGRADE_LINE);
        }
        out.putCrlf();
    }

    private static boolean isFraming(String name) {
        int n = name.length();
        return (n == 14 && name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH))
                || (n == 17 && name.equalsIgnoreCase(HeaderNames.TRANSFER_ENCODING))
                || (n == 10 && name.equalsIgnoreCase(HeaderNames.CONNECTION));
    }

    // ---------------------------------------------------------------- chunked encoding

    /**
     * The line before a chunk of {@code n} bytes (n > 0): hex size, CRLF.
     *
     * @param out where the line is appended
     * @param n the chunk's length in bytes; positive
     */
    public static void chunkHeader(OutputBuffer out, long n) {
        out.putHex(n).putCrlf();
    }

    /**
     * The end of a chunked body: the last chunk, trailer fields (may be null), CRLF.
     *
     * @param out where the bytes are appended
     * @param trailers the trailer fields to send, or null for none
     */
    public static void lastChunk(OutputBuffer out, HttpHeaders trailers) {
        out.put((byte) '0').putCrlf();
        if (trailers != null) {
            for (int i = 0, n = trailers.size(); i < n; i++) {
                out.putLatin1(trailers.name(i)).put((byte) ':').put((byte) ' ').putLatin1(trailers.value(i)).putCrlf();
            }
        }
        out.putCrlf();
    }
}
