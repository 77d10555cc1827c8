package dev.eddy.http.wire;

/**
 * How much a peer may send before the parser refuses it, and with which status. Every limit
 * protects the server's memory or CPU from one client: without them a single connection
 * could make the server buffer an endless header or body.
 *
 * @param maxRequestLineBytes method + target + version; longer gets 414 (default 8 KiB, like
 *                            nginx's large buffers and Netty's 4 KiB initial line, rounded up)
 * @param maxHeaderBytes      all header lines of one message together; more gets 431
 *                            (default 16 KiB)
 * @param maxHeaderCount      header lines in one message; more gets 431 (default 100)
 * @param maxBodyBytes        request body size; a larger declared Content-Length gets 413
 *                            before any of the body is read, a chunked body gets 413 when it
 *                            crosses the limit (default 16 MiB; raise it for large uploads,
 *                            which the streaming body API reads in bounded memory)
 * @param maxTrailerBytes     the trailer section after a chunked body (default 8 KiB)
 * @param maxChunkExtensionBytes the bytes after a chunk size ({@code ;name=value}) that are
 *                            read and ignored (default 1 KiB)
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount,
                         long maxBodyBytes, int maxTrailerBytes, int maxChunkExtensionBytes) {

    /**
     * Checks that every limit is positive.
     *
     * @param maxRequestLineBytes the longest request line accepted
     * @param maxHeaderBytes the most bytes of header lines in one message
     * @param maxHeaderCount the most header lines in one message
     * @param maxBodyBytes the largest request body accepted
     * @param maxTrailerBytes the most bytes of trailer section after a chunked body
     * @param maxChunkExtensionBytes the most bytes of chunk extension read and ignored per chunk
     * @throws IllegalArgumentException when a limit is zero or negative
     */
    public HttpLimits {
        positive(maxRequestLineBytes, "maxRequestLineBytes");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxHeaderCount, "maxHeaderCount");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(maxTrailerBytes, "maxTrailerBytes");
        positive(maxChunkExtensionBytes, "maxChunkExtensionBytes");
    }

    /**
     * The limits given in the class comment as defaults.
     *
     * @return 8 KiB request line, 16 KiB of headers, 100 header lines, 16 MiB body, 8 KiB trailer,
     *     1 KiB chunk extensions
     */
    public static HttpLimits defaults() {
        return new HttpLimits(8 * 1024, 16 * 1024, 100, 16L * 1024 * 1024, 8 * 1024, 1024);
    }

    /**
     * A copy with {@code maxRequestLineBytes} replaced.
     *
     * @param v the longest request line accepted, in bytes; positive
     * @return the copy
     */
    public HttpLimits withMaxRequestLineBytes(int v) {
        return new HttpLimits(v, maxHeaderBytes, maxHeaderCount, maxBodyBytes, maxTrailerBytes, maxChunkExtensionBytes);
    }

    /**
     * A copy with {@code maxHeaderBytes} replaced.
     *
     * @param v the most bytes of header lines in one message; positive
     * @return the copy
     */
    public HttpLimits withMaxHeaderBytes(int v) {
        return new HttpLimits(maxRequestLineBytes, v, maxHeaderCount, maxBodyBytes, maxTrailerBytes, maxChunkExtensionBytes);
    }

    /**
     * A copy with {@code maxHeaderCount} replaced.
     *
     * @param v the most header lines in one message; positive
     * @return the copy
     */
    public HttpLimits withMaxHeaderCount(int v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, v, maxBodyBytes, maxTrailerBytes, maxChunkExtensionBytes);
    }

    /**
     * A copy with {@code maxBodyBytes} replaced.
     *
     * @param v the largest request body accepted, in bytes; positive
     * @return the copy
     */
    public HttpLimits withMaxBodyBytes(long v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, v, maxTrailerBytes, maxChunkExtensionBytes);
    }

    /**
     * A copy with {@code maxTrailerBytes} replaced.
     *
     * @param v the most bytes of trailer section; positive
     * @return the copy
     */
    public HttpLimits withMaxTrailerBytes(int v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, v, maxChunkExtensionBytes);
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }
}
