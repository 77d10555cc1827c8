package dev.eddy.http.client;

import dev.eddy.TimeoutException;

/**
 * The whole request (queue, connect, send, response, redirects) took longer than its
 * request timeout. The connection it was using is closed, never returned to the pool: the
 * server may still be sending the old response, which the next request would read as its own.
 */
public class RequestTimeoutException extends TimeoutException {

    /**
     * A request timeout saying {@code message}.
     *
     * @param message the detail message
     */
    public RequestTimeoutException(String message) {
        super(message);
    }
}
