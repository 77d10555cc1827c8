package dev.eddy.tls;

import java.io.IOException;
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
                              List<String> applicationProtocols, Duration handshakeTimeout) {

    /** The default {@link #handshakeTimeout()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the components: see the class comment for their meaning and defaults. */
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
     */
    public static TlsServerConfig fromPem(Path chainPem, Path keyPem) throws IOException {
        return of(KeyMaterial.serverFromPem(chainPem, keyPem));
    }

    /** A server with the key entry (key and chain) of a PKCS#12 keystore; {@code password} opens both. */
    public static TlsServerConfig fromPkcs12(Path keystore, char[] password) throws IOException {
        return of(KeyMaterial.serverFromPkcs12(keystore, password));
    }

    /** A server with a context the caller built (its own key managers, say); defaults for the rest. */
    public static TlsServerConfig of(SSLContext context) {
        return new TlsServerConfig(context, TlsPolicy.PROTOCOLS, TlsPolicy.cipherSuites(context), List.of(),
                DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** A copy with {@code protocols} replaced, e.g. {@code withProtocols("TLSv1.3")}. */
    public TlsServerConfig withProtocols(String... versions) {
        return new TlsServerConfig(context, List.of(versions), cipherSuites, applicationProtocols, handshakeTimeout);
    }

    /** A copy with {@code applicationProtocols} replaced, e.g. {@code withApplicationProtocols("http/1.1")}. */
    public TlsServerConfig withApplicationProtocols(String... names) {
        return new TlsServerConfig(context, protocols, cipherSuites, List.of(names), handshakeTimeout);
    }

    /** A copy with {@code handshakeTimeout} replaced. */
    public TlsServerConfig withHandshakeTimeout(Duration timeout) {
        return new TlsServerConfig(context, protocols, cipherSuites, applicationProtocols, timeout);
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
