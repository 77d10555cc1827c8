package dev.eddy.tls;

import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a handler may want to know about the TLS under its connection, as an immutable value.
 *
 * @param protocol            "TLSv1.3" or "TLSv1.2"
 * @param cipherSuite         the suite agreed, e.g. "TLS_AES_128_GCM_SHA256"
 * @param serverName          the host name the client sent as SNI (on a server), or null
 * @param applicationProtocol the protocol agreed through ALPN ("http/1.1"), or null
 * @param peerCertificates    the peer's chain, leaf first; empty when the peer sent none
 *                            (a client without a certificate)
 */
public record TlsInfo(String protocol, String cipherSuite, String serverName, String applicationProtocol,
                      List<Certificate> peerCertificates) {

    /**
     * Copies the list.
     *
     * @param protocol the TLS version agreed
     * @param cipherSuite the cipher suite agreed
     * @param serverName the SNI host name, or null
     * @param applicationProtocol the ALPN protocol agreed, or null
     * @param peerCertificates the peer's chain, leaf first; copied
     */
    public TlsInfo {
        peerCertificates = List.copyOf(peerCertificates);
    }

    static TlsInfo of(SSLSession session, String serverName, String applicationProtocol) {
        List<Certificate> peer;
        try {
            peer = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            peer = List.of();
        }
        return new TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName, applicationProtocol, peer);
    }

    /**
     * The connection's SNI host name: on a client, the one it sends; on a server, the one its
     * client asked for (from the handshake's session until {@code handshakeDone}), or null.
     */
    static String serverName(SSLEngine engine, boolean handshakeDone) {
        if (engine.getUseClientMode()) {
            return firstHostName(engine.getSSLParameters().getServerNames());
        }
        SSLSession session = handshakeDone ? engine.getSession() : engine.getHandshakeSession();
        return session instanceof ExtendedSSLSession ext ? firstHostName(ext.getRequestedServerNames()) : null;
    }

    private static String firstHostName(List<SNIServerName> names) {
        if (names != null) {
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
