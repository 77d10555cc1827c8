package dev.eddy.tls;

import dev.eddy.net.ServerTransports;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How a server speaks TLS: its key and certificate chain (inside {@code context}), the
 * versions and cipher suites it allows, the application protocols it offers through ALPN,
 * and how long a handshake may take. Start from {@link #fromPem}, {@link #fromPkcs12} or
 * {@link #of(SSLContext)} and change what you need:
 * {@code TlsServerConfig.fromPem(chain, key).withHandshakeTimeout(Duration.ofSeconds(5))}.
 *
 * <p>It is the {@link ServerTransports} a TCP or HTTP server is given to speak TLS: for each
 * accepted socket it makes a server-side {@link TlsTransport}.
 *
 * @param context              holds the key and chain (the JDK's key manager picks them); required
 * @param protocols            versions allowed; default {@link TlsPolicy#PROTOCOLS} (TLS 1.3 and 1.2)
 * @param cipherSuites         suites allowed; default {@link TlsPolicy#cipherSuites} of the context
 * @param applicationProtocols ALPN names the server accepts, in order of preference; default
 *                             none (no ALPN). The HTTP server sets {@code http/1.1} when this is
 *                             empty. A client that offers ALPN names none of which is here is
 *                             refused (RFC 7301); a client that offers none is served.
 * @param handshakeTimeout     how long a connection may take to finish its handshake before it is
 *                             closed (a stalled or byte-by-byte peer cannot hold it); default 10 s
 */
public record TlsServerConfig(SSLContext context, List<String> protocols, List<String> cipherSuites,
                              List<String> applicationProtocols, Duration handshakeTimeout)
        implements ServerTransports {

    /** The default {@link #handshakeTimeout()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param context holds the server's key and certificate chain; not null
     * @param protocols the TLS versions allowed; not empty, each one of {@link TlsPolicy#PROTOCOLS}
     * @param cipherSuites the cipher suites allowed; not empty
     * @param applicationProtocols the ALPN names accepted, most preferred first; may be empty
     * @param handshakeTimeout how long a connection may take to finish its handshake; positive
     */
    public TlsServerConfig {
        Objects.requireNonNull(context, "context");
        protocols = TlsPolicy.checkProtocols(protocols);
        cipherSuites = checkSuites(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
        handshakeTimeout = checkTimeout(handshakeTimeout);
    }

    /**
     * A server with the certificate chain in {@code chainPem} (PEM, leaf first, intermediates
     * after it) and the leaf's private key in {@code keyPem} (unencrypted PKCS#8,
     * "BEGIN PRIVATE KEY", RSA or EC). An encrypted or PKCS#1 key, or a key that does not
     * belong to the leaf, is an {@link IOException} that says so and how to convert it.
     *
     * @param chainPem the PEM certificate chain, leaf first
     * @param keyPem the leaf's unencrypted PKCS#8 private key, PEM
     * @return a config serving that chain, with every other default
     * @throws IOException when a file cannot be read, or the key is encrypted, PKCS#1 or not the
     *     leaf's
     */
    public static TlsServerConfig fromPem(Path chainPem, Path keyPem) throws IOException {
        return of(KeyMaterial.serverFromPem(chainPem, keyPem));
    }

    /**
     * A server with the key entry (key and chain) of a PKCS#12 keystore; {@code password} opens both.
     *
     * @param keystore a PKCS#12 file holding one key entry
     * @param password opens the keystore and its key
     * @return a config serving that key and chain, with every other default
     * @throws IOException when the file cannot be read or opened with {@code password}
     */
    public static TlsServerConfig fromPkcs12(Path keystore, char[] password) throws IOException {
        return of(KeyMaterial.serverFromPkcs12(keystore, password));
    }

    /**
     * A server with a context the caller built (its own key managers, say); defaults for the rest.
     *
     * @param context the caller's context, holding its key managers
     * @return a config on that context: TLS 1.3 and 1.2, the allowed suites of the context, no
     *     ALPN, a 10 s handshake timeout
     */
    public static TlsServerConfig of(SSLContext context) {
        return new TlsServerConfig(context, TlsPolicy.PROTOCOLS, TlsPolicy.cipherSuites(context), List.of(),
                DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * A copy with {@code protocols} replaced, e.g. {@code withProtocols("TLSv1.3")}.
     *
     * @param versions the TLS versions to allow, each one of {@link TlsPolicy#PROTOCOLS}
     * @return a copy allowing only {@code versions}
     */
    public TlsServerConfig withProtocols(String... versions) {
        return new TlsServerConfig(context, List.of(versions), cipherSuites, applicationProtocols, handshakeTimeout);
    }

    /**
     * A copy with {@code applicationProtocols} replaced, e.g. {@code withApplicationProtocols("http/1.1")}.
     *
     * @param names the ALPN names to accept, most preferred first; none for no ALPN
     * @return a copy accepting {@code names}
     */
    public TlsServerConfig withApplicationProtocols(String... names) {
        return new TlsServerConfig(context, protocols, cipherSuites, List.of(names), handshakeTimeout);
    }

    /**
     * A copy with {@code handshakeTimeout} replaced.
     *
     * @param timeout how long a connection may take to finish its handshake; positive
     * @return a copy with that handshake timeout
     */
    public TlsServerConfig withHandshakeTimeout(Duration timeout) {
        return new TlsServerConfig(context, protocols, cipherSuites, applicationProtocols, timeout);
    }

    /**
     * A server-side TLS transport over {@code accepted}: {@link TlsTransport#server}.
     *
     * @param accepted the accepted socket, non-blocking
     * @return the transport, its handshake not started until it is registered
     */
    @Override
    public TlsTransport open(SocketChannel accepted) {
        return TlsTransport.server(accepted, this);
    }

    /** A server-side engine configured from this record. */
    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setCipherSuites(cipherSuites.toArray(new String[0]));
        p.setApplicationProtocols(applicationProtocols.toArray(new String[0]));
        p.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(p);
        return engine;
    }

    static List<String> checkSuites(List<String> suites) {
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite left: the context enables none that TlsPolicy allows");
        }
        return List.copyOf(suites);
    }

    static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "handshakeTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + timeout);
        }
        return timeout;
    }
}
