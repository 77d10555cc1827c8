package dev.eddy.tls;

import java.io.IOException;

/**
 * The peer's TCP connection ended without a TLS {@code close_notify}: whatever it was
 * sending may have been cut short by an attacker or a crash, so a reader must not take
 * the end of the stream for the end of the data. Thrown by {@link TlsTransport#read} where
 * a plain socket would return -1.
 */
public final class TlsTruncationException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message the detail message, saying which stream was cut short
     */
    public TlsTruncationException(String message) {
        super(message);
    }
}
