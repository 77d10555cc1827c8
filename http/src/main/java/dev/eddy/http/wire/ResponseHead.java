package dev.eddy.http.wire;


/**
 * A parsed status line and header section, with the body framing derived from them (for the
 * HTTP client).
 *
 * @param status        the status code, 100..599
 * @param reason        the reason phrase (may be empty; meaningless, kept for logs)
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers       the header fields (names lower case)
 * @param contentLength the body length when declared; -1 when chunked or read until close
 * @param chunked       the body is chunked
 * @param untilClose    the body ends when the server closes the connection
 * @param keepAlive     the connection may be reused after this response
 */
public record ResponseHead(int status, String reason, int minorVersion, HttpHeaders headers,
                           long contentLength, boolean chunked, boolean untilClose, boolean keepAlive) {

    /**
     * True when a body follows the head.
     *
     * @return whether a body follows the head: chunked, delimited by close, or of positive length
     */
    public boolean hasBody() {
        return chunked || untilClose || contentLength > 0;
    }
}
