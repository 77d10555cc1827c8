package dev.eddy.tls;

import dev.eddy.net.ClientTransports;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a client speaks TLS: whom it trusts (inside {@code context}), the versions and cipher
 * suites it allows, the ALPN names it offers, how long a handshake may take, and whether it
 * checks that the certificate is for the host it dialled. Start from {@link #defaults()}
 * (the JDK's trust store, host names verified) or {@link #trustingCaPem(Path)}.
 *
 * <p>Every engine made from a config sends the host name as SNI, also a single-label name
 * such as {@code localhost} (an {@link SSLEngine} leaves those out unless told; IP
 * literals are never sent, as RFC 6066 says), and verifies it with the same rules as HTTPS
 * (RFC 2818: the subject alternative names, IP addresses against IP entries).
 *
 * <p>It is the {@link ClientTransports} a TCP client is given to speak TLS: for each socket
 * it makes a client-side {@link TlsTransport} for the host and port dialled.
 *
 * @param context              holds the trust managers; required
 * @param protocols            versions allowed; default {@link TlsPolicy#PROTOCOLS} (TLS 1.3 and 1.2)
 * @param cipherSuites         suites allowed; default {@link TlsPolicy#cipherSuites} of the context
 * @param applicationProtocols ALPN names offered, in order of preference; default none (the HTTP
 *                             client offers {@code http/1.1} when this is empty)
 * @param handshakeTimeout     how long a handshake may take; default 10 s
 * @param verifyHostName       check the certificate against the host name; default true, false
 *                             only in {@link #insecureTrustAll()}
 */
public record TlsClientConfig(SSLContext context, List<String> protocols, List<String> cipherSuites,
                              List<String> applicationProtocols, Duration handshakeTimeout,
                              boolean verifyHostName) implements ClientTransports {

    private static final System.Logger LOG = System.getLogger("dev.eddy.tls");

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param context holds the trust managers (and any client key); not null
     * @param protocols the TLS versions allowed; not empty, each one of {@link TlsPolicy#PROTOCOLS}
     * @param cipherSuites the cipher suites allowed; not empty
     * @param applicationProtocols the ALPN names offered, most preferred first; may be empty
     * @param handshakeTimeout how long a handshake may take; positive
     * @param verifyHostName whether the certificate must be for the host that was dialled
     */
    public TlsClientConfig {
        Objects.requireNonNull(context, "context");
        protocols = TlsPolicy.checkProtocols(protocols);
        cipherSuites = TlsServerConfig.checkSuites(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
        handshakeTimeout = TlsServerConfig.checkTimeout(handshakeTimeout);
    }

    /**
     * Trusts the JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}).
     *
     * @return a config trusting the JDK's default CAs, with every other default
     */
    public static TlsClientConfig defaults() {
        try {
            return of(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    /**
     * Trusts exactly the CA certificates in a PEM file and nothing else (like curl's {@code --cacert}).
     *
     * @param caPem a PEM file of one or more CA certificates
     * @return a config trusting only those CAs, with every other default
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static TlsClientConfig trustingCaPem(Path caPem) throws IOException {
        return of(KeyMaterial.clientTrustingPem(caPem));
    }

    /**
     * Trusts exactly the certificates in a trust store file (PKCS12 or JKS).
     *
     * @param trustStore a PKCS12 or JKS file of trusted certificates
     * @param password opens the store; null when it has none
     * @return a config trusting only those certificates, with every other default
     * @throws IOException when the file cannot be read or opened with {@code password}
     */
    public static TlsClientConfig trustingStore(Path trustStore, char[] password) throws IOException {
        return of(KeyMaterial.clientTrustingStore(trustStore, password));
    }

    /**
     * Trusts exactly the certificates of a loaded trust store.
     *
     * @param trustStore a loaded key store whose certificates are trusted
     * @return a config trusting only those certificates, with every other default
     */
    public static TlsClientConfig trustingStore(KeyStore trustStore) {
        try {
            return of(KeyMaterial.clientTrusting(trustStore));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust this key store: " + e.getMessage(), e);
        }
    }

    /**
     * A client with a context the caller built (client certificates, say); defaults for the rest.
     *
     * @param context the caller's context, holding its trust managers and any client key
     * @return a config on that context: TLS 1.3 and 1.2, the allowed suites of the context, no
     *     ALPN, host names verified
     */
    public static TlsClientConfig of(SSLContext context) {
        return new TlsClientConfig(context, TlsPolicy.PROTOCOLS, TlsPolicy.cipherSuites(context), List.of(),
                TlsServerConfig.DEFAULT_HANDSHAKE_TIMEOUT, true);
    }

    /**
     * INSECURE: accepts any certificate for any host name, so anyone on the path can read and
     * change the traffic. For a throwaway test against a self-signed server only; prefer
     * {@link #trustingCaPem(Path)} with the server's certificate. Logs a WARNING each time a
     * config like this is made.
     *
     * @return a config that trusts every certificate and verifies no host name
     */
    public static TlsClientConfig insecureTrustAll() {
        LOG.log(System.Logger.Level.WARNING, "TLS client configured with insecureTrustAll(): certificates and host"
                + " names are NOT verified; the connection is encrypted but not authenticated");
        try {
            SSLContext context = KeyMaterial.clientContext(new TrustManager[] {new TrustingEverything()});
            return new TlsClientConfig(context, TlsPolicy.PROTOCOLS, TlsPolicy.cipherSuites(context), List.of(),
                    TlsServerConfig.DEFAULT_HANDSHAKE_TIMEOUT, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /**
     * A copy with {@code protocols} replaced, e.g. {@code withProtocols("TLSv1.2")}.
     *
     * @param versions the TLS versions to allow, each one of {@link TlsPolicy#PROTOCOLS}
     * @return a copy allowing only {@code versions}
     */
    public TlsClientConfig withProtocols(String... versions) {
        return new TlsClientConfig(context, List.of(versions), cipherSuites, applicationProtocols, handshakeTimeout,
                verifyHostName);
    }

    /**
     * A copy with {@code applicationProtocols} replaced, e.g. {@code withApplicationProtocols("h2", "http/1.1")}.
     *
     * @param names the ALPN names to offer, most preferred first; none for no ALPN
     * @return a copy offering {@code names}
     */
    public TlsClientConfig withApplicationProtocols(String... names) {
        return new TlsClientConfig(context, protocols, cipherSuites, List.of(names), handshakeTimeout, verifyHostName);
    }

    /**
     * A copy with {@code handshakeTimeout} replaced.
     *
     * @param timeout how long a handshake may take; positive
     * @return a copy with that handshake timeout
     */
    public TlsClientConfig withHandshakeTimeout(Duration timeout) {
        return new TlsClientConfig(context, protocols, cipherSuites, applicationProtocols, timeout, verifyHostName);
    }

    /**
     * A client-side TLS transport over {@code channel} to {@code host}: {@link TlsTransport#client}.
     *
     * @param channel the socket, connected or connecting, non-blocking
     * @param host the host name dialled: sent as SNI and checked against the certificate
     * @param port the port dialled (0 over a Unix-domain socket); with {@code host}, it lets the JDK resume a session
     * @return the transport, its handshake not started until it is registered and connected
     */
    @Override
    public TlsTransport open(SocketChannel channel, String host, int port) {
        return TlsTransport.client(channel, this, host, port);
    }

    /** A client-side engine for {@code host:port}, configured from this record (SNI, host name check). */
    SSLEngine newEngine(String host, int port) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);      // "example.com." is "example.com" on the wire
        }
        SSLEngine engine = context.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setCipherSuites(cipherSuites.toArray(new String[0]));
        p.setApplicationProtocols(applicationProtocols.toArray(new String[0]));
        if (!isIpLiteral(name)) {
            try {
                p.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                // not a valid DNS name (an underscore, say): no SNI, the host name check still runs
            }
        }
        if (verifyHostName) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** True for IPv4 and IPv6 literals, which SNI must not carry. */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
    }

    /** The trust manager behind {@link #insecureTrustAll()}: checks nothing. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
