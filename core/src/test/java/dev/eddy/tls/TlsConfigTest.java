package dev.eddy.tls;

import dev.eddy.testcerts.TestCertificates;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key material and the two configurations: loading, clear errors, the engine settings they make. */
class TlsConfigTest {

    static final TestCertificates CERTS = TestCertificates.get();

    @Test
    void aServerLoadsAnEcOrRsaKeyFromPemAndAKeystoreFromPkcs12() throws Exception {
        assertThat(TlsServerConfig.fromPem(CERTS.chainPem, CERTS.keyPem).context()).isNotNull();
        assertThat(TlsServerConfig.fromPem(CERTS.rsaChainPem, CERTS.rsaKeyPem).context()).isNotNull();
        assertThat(TlsServerConfig.fromPkcs12(CERTS.serverP12, TestCertificates.PASSWORD.toCharArray()).context())
                .isNotNull();
        assertThat(PemFiles.certificates(CERTS.chainPem)).hasSize(2);
    }

    @Test
    void anEncryptedKeyIsRefusedNamingTheConversionCommand(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path encrypted = Files.writeString(tmp.resolve("enc.pem"),
                TestCertificates.pemBlock("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> TlsServerConfig.fromPem(CERTS.chainPem, encrypted))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("enc.pem: the private key is encrypted")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        Path legacy = Files.writeString(tmp.resolve("legacy.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsServerConfig.fromPem(CERTS.chainPem, legacy))
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8");
    }

    @Test
    void aPkcs1KeyIsRefusedNamingTheConversionCommand(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path pkcs1 = Files.writeString(tmp.resolve("rsa1.pem"),
                TestCertificates.pemBlock("RSA PRIVATE KEY", Base64.getDecoder().decode("MAA=")));
        assertThatThrownBy(() -> TlsServerConfig.fromPem(CERTS.chainPem, pkcs1))
                .hasMessageContaining("\"BEGIN RSA PRIVATE KEY\" is the old PKCS#1 format")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aKeyOfAnotherCertificateAndFilesWithoutBlocksAreRefused(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        assertThatThrownBy(() -> TlsServerConfig.fromPem(CERTS.chainPem, CERTS.rsaKeyPem))
                .hasMessageContaining("does not belong to the first certificate");
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> TlsServerConfig.fromPem(empty, CERTS.keyPem))
                .hasMessageContaining("no \"-----BEGIN CERTIFICATE-----\" block");
        assertThatThrownBy(() -> TlsServerConfig.fromPem(CERTS.chainPem, empty))
                .hasMessageContaining("no \"-----BEGIN PRIVATE KEY-----\" block");
        assertThatThrownBy(() -> TlsServerConfig.fromPkcs12(CERTS.serverP12, "wrong".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("server.p12");
    }

    @Test
    void theCipherSuiteRuleKeepsOnlyAeadWithForwardSecrecy() throws Exception {
        assertThat(TlsPolicy.isAllowed("TLS_AES_128_GCM_SHA256")).isTrue();
        assertThat(TlsPolicy.isAllowed("TLS_CHACHA20_POLY1305_SHA256")).isTrue();
        assertThat(TlsPolicy.isAllowed("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).isTrue();
        assertThat(TlsPolicy.isAllowed("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")).isTrue();
        assertThat(TlsPolicy.isAllowed("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")).isFalse();
        assertThat(TlsPolicy.isAllowed("TLS_RSA_WITH_AES_128_GCM_SHA256")).isFalse();
        assertThat(TlsPolicy.isAllowed("TLS_ECDH_anon_WITH_AES_128_CBC_SHA")).isFalse();
        assertThat(TlsPolicy.isAllowed("SSL_RSA_WITH_3DES_EDE_CBC_SHA")).isFalse();
        assertThat(TlsPolicy.isAllowed("TLS_ECDHE_RSA_WITH_NULL_SHA")).isFalse();
        assertThat(TlsPolicy.isAllowed("SSL_RSA_WITH_RC4_128_SHA")).isFalse();
        List<String> suites = TlsPolicy.cipherSuites(SSLContext.getDefault());
        assertThat(suites).contains("TLS_AES_128_GCM_SHA256").allMatch(TlsPolicy::isAllowed);
    }

    @Test
    void onlyTls12And13AreAllowed() {
        assertThat(CERTS.server().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(CERTS.client().withProtocols("TLSv1.2").protocols()).containsExactly("TLSv1.2");
        assertThatThrownBy(() -> CERTS.server().withProtocols("TLSv1.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLSv1.1 is not allowed");
        assertThatThrownBy(() -> CERTS.client().withHandshakeTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientSendsSniAlsoForLocalhostAndVerifiesHostNames() {
        SSLEngine engine = CERTS.client().newEngine("localhost", 443);
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).allMatch(TlsPolicy::isAllowed);
        SSLEngine ip = CERTS.client().newEngine("127.0.0.1", 443);
        assertThat(ip.getSSLParameters().getServerNames()).isNullOrEmpty();        // RFC 6066: no IP literals in SNI
        assertThat(ip.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        SSLEngine dotted = CERTS.client().newEngine("example.com.", 443);
        assertThat(dotted.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("example.com"));
        assertThat(TlsClientConfig.defaults().verifyHostName()).isTrue();
    }

    @Test
    void theServerEngineOffersTheConfiguredAlpnNames() {
        SSLEngine engine = CERTS.server().withApplicationProtocols("h2", "http/1.1").newEngine();
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getSSLParameters().getApplicationProtocols()).containsExactly("h2", "http/1.1");
        assertThat(CERTS.server().handshakeTimeout()).isEqualTo(TlsServerConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    @Test
    void insecureTrustAllIsLoud() {
        Logger logger = Logger.getLogger("dev.eddy.tls");
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) {
                records.add(r);
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        boolean parents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(h);
        try {
            TlsClientConfig insecure = TlsClientConfig.insecureTrustAll();
            assertThat(insecure.verifyHostName()).isFalse();
            assertThat(insecure.newEngine("localhost", 1).getSSLParameters().getEndpointIdentificationAlgorithm())
                    .isNull();
        } finally {
            logger.removeHandler(h);
            logger.setUseParentHandlers(parents);
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("NOT verified");
        });
    }
}
