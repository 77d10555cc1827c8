package dev.eddy.http.client;

/**
 * The server's bytes are not a valid HTTP/1.1 response (a bad status line, a header that
 * breaks the grammar, invalid chunked framing, a corrupt gzip body). The connection is
 * closed: after a framing error nobody can tell where the next response would start.
 */
public class MalformedResponseException extends RuntimeException {

    /**
     * An exception saying what was malformed.
     *
     * @param message says what was wrong and where
     * @param cause the error underneath (a parse or inflater error), or null
     */
    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
