package dev.eddy.jmh;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the load programs that run against a throwaway certificate: the certificate itself,
 * made with the JDK's {@code keytool} ({@link IdleConnectionsMemory}'s {@code tls} mode), an
 * {@code SSLContext} trusting exactly one CA certificate ({@link HttpClientLoad}'s JDK client),
 * and blocking client sockets on it that check the host name. TEST ONLY: a key made here lives
 * for one run and is deleted with its folder; never serve anything real with it.
 */
final class ThrowawayTls {

    /** Opens the throwaway keystore and its key; no secret, the key lives for one run. */
    static final String PASSWORD = "idle-test-only";

    /** A throwaway PKCS#12 keystore (key and self-signed certificate) and the certificate as PEM. */
    record Throwaway(Path keystore, Path certificate) {
    }

    private ThrowawayTls() {
    }

    /** Makes an EC P-256 key and a self-signed certificate for localhost and 127.0.0.1 in {@code dir}. */
    static Throwaway throwawayCertificate(Path dir) throws IOException, InterruptedException {
        Throwaway made = new Throwaway(dir.resolve("key.p12"), dir.resolve("cert.pem"));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(List.of(keytool, "-genkeypair", "-alias", "idle", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", made.keystore().toString(), "-storepass", PASSWORD));
        keytool(List.of(keytool, "-exportcert", "-rfc", "-alias", "idle", "-keystore", made.keystore().toString(),
                "-storepass", PASSWORD, "-file", made.certificate().toString()));
        return made;
    }

    private static void keytool(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /**
     * Plain sockets when {@code caPem} is null; else TLS sockets trusting only the certificate in
     * {@code caPem}, verifying the host name (an IP address against the certificate's IP names).
     */
    static SocketFactory socketFactory(Path caPem) throws IOException, GeneralSecurityException {
        return caPem == null ? SocketFactory.getDefault() : new Verifying(contextTrusting(caPem).getSocketFactory());
    }

    /** A TLS context whose only trust anchor is the certificate in {@code caPem} (PEM or DER). */
    static SSLContext contextTrusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            anchors.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Connects, turns on host name verification, and finishes the handshake before returning. */
    private static final class Verifying extends SocketFactory {
        private final SSLSocketFactory tls;

        Verifying(SSLSocketFactory tls) {
            this.tls = tls;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            SSLSocket socket = (SSLSocket) tls.createSocket(host, port);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(InetAddress.getByName(host), port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("not used here");
        }
    }
}
