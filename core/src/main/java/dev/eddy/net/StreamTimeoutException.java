package dev.eddy.net;

import dev.eddy.TimeoutException;

/**
 * A stream waited longer than {@link StreamOptions#readTimeout()} for a read, or saw no
 * traffic for {@link StreamOptions#idleTimeout()}. The stream closes with this exception
 * as its reason, so the waiting read fails with a {@link StreamClosedException} whose
 * cause is this. A {@link TimeoutException}, so one {@code catch} covers every timeout.
 */
public class StreamTimeoutException extends TimeoutException {

    /**
     * An exception saying {@code message}.
     *
     * @param message says which timeout passed and after how long
     */
    public StreamTimeoutException(String message) {
        super(message);
    }
}
