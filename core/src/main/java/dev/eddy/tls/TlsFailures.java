package dev.eddy.tls;

import dev.eddy.tls.TlsHandshakeException.Reason;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Turns the JDK's handshake exceptions, whose messages are written for JDK developers
 * ("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:
 * unable to find valid certification path to requested target"), into
 * {@link TlsHandshakeException}s whose one-line messages say what failed. The JDK's
 * exception stays attached as the cause.
 *
 * <p>Stateless; any thread.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    /** The exception to report for {@code e}, thrown while handshaking with {@code peer} ("host:port"). */
    static TlsHandshakeException describe(Throwable e, String peer, boolean client) {
        if (e instanceof TlsHandshakeException t) {
            return t;
        }
        String them = client ? "the server's" : "the client's";
        String prefix = "TLS handshake with " + peer + " failed: ";
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return new TlsHandshakeException(Reason.EXPIRED, prefix + them + " certificate has expired ("
                        + c.getMessage() + ")", e);
            }
            if (c instanceof CertificateNotYetValidException) {
                return new TlsHandshakeException(Reason.EXPIRED, prefix + them + " certificate is not valid yet ("
                        + c.getMessage() + ")", e);
            }
        }
        String all = messages(e);
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return new TlsHandshakeException(Reason.HOST_NAME_MISMATCH, prefix + "host name mismatch: "
                    + them + " certificate is not for " + host(peer) + " (" + firstMatching(e, "No ") + ")", e);
        }
        if (lower.contains("pkix path building failed") || lower.contains("unable to find valid certification path")) {
            return new TlsHandshakeException(Reason.UNTRUSTED, prefix + them + " certificate is not trusted"
                    + " (it does not chain to a trusted CA)", e);
        }
        if (lower.contains("pkix path validation failed") || lower.contains("signature check failed")) {
            return new TlsHandshakeException(Reason.UNTRUSTED, prefix + them + " certificate chain is not valid ("
                    + rootMessage(e) + ")", e);
        }
        if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("plaintext connection")) {
            return new TlsHandshakeException(Reason.NOT_TLS, prefix + "the peer does not speak TLS"
                    + " (plain text sent to a TLS port?)", e);
        }
        if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")
                || lower.contains("protocol versions") || lower.contains("handshake_failure")
                || lower.contains("no negotiable cipher suite") || lower.contains("insufficient_security")) {
            return new TlsHandshakeException(Reason.PROTOCOL_VERSION, prefix + "no protocol version or cipher suite"
                    + " both sides accept (this side allows " + String.join(", ", TlsPolicy.PROTOCOLS) + "; "
                    + rootMessage(e) + ")", e);
        }
        if (!(e instanceof javax.net.ssl.SSLException) && e instanceof java.io.IOException) {
            return new TlsHandshakeException(Reason.CONNECTION_CLOSED, prefix + "the connection broke during the"
                    + " handshake (" + rootMessage(e) + ")", e);     // reset, broken pipe: the peer gave up or timed out
        }
        if (lower.contains("received fatal alert")) {
            return new TlsHandshakeException(Reason.REJECTED_BY_PEER, prefix + "the peer refused the handshake ("
                    + firstMatching(e, "Received fatal alert") + ")", e);
        }
        return new TlsHandshakeException(Reason.OTHER, prefix + rootMessage(e), e);
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** The first message in the cause chain that starts with {@code start}, else the root message. */
    private static String firstMatching(Throwable e, String start) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().startsWith(start)) {
                return c.getMessage();
            }
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    private static String host(String peer) {
        int colon = peer.lastIndexOf(':');
        return colon > 0 ? peer.substring(0, colon) : peer;
    }
}
