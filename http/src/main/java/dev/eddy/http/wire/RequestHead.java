package dev.eddy.http.wire;


/**
 * A parsed request line and header section, with the framing the parser derived from them:
 * how long the body is, whether the connection stays open, whether the client waits for
 * {@code 100 Continue}. The parser has already rejected every ambiguous combination, so the
 * fields here are the one true reading of the message.
 *
 * @param method         the method, a shared constant for the standard ones
 * @param target         the request target as sent (origin-form {@code /path?query},
 *                       absolute-form, or {@code *})
 * @param minorVersion   0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers        the header fields (names lower case)
 * @param contentLength  the declared body length; 0 when there is no body; -1 when chunked
 * @param chunked        the body is chunked ({@code Transfer-Encoding: chunked})
 * @param keepAlive      the client lets the connection stay open after this exchange
 * @param expectContinue the client waits for {@code 100 Continue} before sending the body
 */
public record RequestHead(String method, String target, int minorVersion, HttpHeaders headers,
                          long contentLength, boolean chunked, boolean keepAlive, boolean expectContinue) {

    /**
     * True when a body follows the head.
     *
     * @return whether a chunked or non-empty body follows the head
     */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }
}
