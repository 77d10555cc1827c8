package dev.eddy.tls;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS handshake failed, with a one-line message that says what went wrong in words a
 * person can act on ("the server's certificate has expired", "host name mismatch", ...)
 * and a {@link Reason} a program can test. The JDK's own exception is the cause.
 */
public final class TlsHandshakeException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Reason {
        /** The peer's certificate is past its "not after" date (or before its "not before"). */
        EXPIRED,
        /** The peer's certificate does not lead to a trusted CA. */
        UNTRUSTED,
        /** The certificate is valid but not for the host name (or IP address) that was dialled. */
        HOST_NAME_MISMATCH,
        /** The two sides share no protocol version (or no cipher suite). */
        PROTOCOL_VERSION,
        /** The peer does not speak TLS at all (plain HTTP to a TLS port, say). */
        NOT_TLS,
        /** The peer refused the handshake with an alert (it did not trust this side, say). */
        REJECTED_BY_PEER,
        /** The handshake did not finish within the configured time. */
        TIMEOUT,
        /** The connection ended during the handshake. */
        CONNECTION_CLOSED,
        /** Anything else; the message carries the JDK's words. */
        OTHER
    }

    /** What went wrong, for a program to test. */
    private final Reason reason;

    /**
     * An exception for {@code reason} with a one-line message and the JDK's exception as cause.
     *
     * @param reason what went wrong, for a program to test
     * @param message one line saying what went wrong, for a person
     * @param cause the JDK's exception, or null when Eddy found the failure itself (a timeout, say)
     */
    public TlsHandshakeException(Reason reason, String message, Throwable cause) {
        super(message);
        this.reason = reason;
        if (cause != null) {
            initCause(cause);
        }
    }

    /**
     * What went wrong.
     *
     * @return what went wrong, for a program to test
     */
    public Reason reason() {
        return reason;
    }
}
