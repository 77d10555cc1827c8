package dev.eddy.http.wire;

/**
 * Bytes that break the HTTP/1.1 grammar or a configured limit, with the status code a
 * server answers them with (400, 413, 414, 417, 431, 501, 505) before closing the
 * connection. The client side uses the same exception and ignores the status.
 *
 * <p>It carries no stack trace: it is thrown on hostile input, possibly thousands of times
 * a second, and its message says everything (where in the message, what was wrong).
 */
public final class HttpProtocolException extends Exception {

    /** The HTTP status a server answers this error with. */
    private final int status;

    /**
     * An error to answer with {@code status}.
     *
     * @param status the HTTP status a server answers this with (400, 413, 414, 417, 431, 501 or
     *     505)
     * @param reason says where in the message and what was wrong; becomes the message
     */
    public HttpProtocolException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /**
     * The response status this error deserves: 400, 413, 414, 417, 431, 501 or 505.
     *
     * @return the HTTP status to answer with
     */
    public int status() {
        return status;
    }
}
