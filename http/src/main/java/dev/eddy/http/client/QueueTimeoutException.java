package dev.eddy.http.client;

import dev.eddy.TimeoutException;

/**
 * A request waited longer than {@link ClientOptions#queueTimeout()} for a connection: every
 * connection it may use was busy (the per-host or total limit was reached). Nothing was
 * sent. Usually a sign that the server is slow or the limits are too low for the load.
 */
public class QueueTimeoutException extends TimeoutException {

    /**
     * A queue timeout saying {@code message}.
     *
     * @param message the detail message
     */
    public QueueTimeoutException(String message) {
        super(message);
    }
}
