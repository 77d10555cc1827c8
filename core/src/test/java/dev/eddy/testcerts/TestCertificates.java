package dev.eddy.testcerts;

import dev.eddy.tls.TlsClientConfig;
import dev.eddy.tls.TlsServerConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TEST-ONLY key material, made fresh in a temporary directory the first time a test asks
 * for it (once per test JVM: keytool starts a JVM per step, which takes a few seconds).
 * Nothing here is checked in; every key lives only as long as the test run.
 *
 * <p>The JDK's {@code keytool} makes a root CA, an intermediate CA signed by it, and leaf
 * certificates signed by the intermediate: one for {@code localhost} and 127.0.0.1, an
 * expired one, one for another host name (all three with the same EC key), and an RSA
 * leaf. A second, unrelated root ("rogue") is the CA a client trusts when the server's
 * certificate should look untrusted. Keys are written as unencrypted PKCS#8 PEM
 * ({@code PrivateKey.getEncoded()} is PKCS#8), chains as PEM, leaf first.
 */
public final class TestCertificates {

    /** The password of every keystore made here. */
    public static final String PASSWORD = "test-only";

    private static TestCertificates instance;

    /** The root CA's certificate (what a client trusts). */
    public final Path caPem;
    /** Leaf (localhost, 127.0.0.1, ::1) + intermediate. */
    public final Path chainPem;
    /** The leaf's EC key, PKCS#8. */
    public final Path keyPem;
    /** The same key and chain as a PKCS#12 keystore (password {@link #PASSWORD}). */
    public final Path serverP12;
    /** An expired leaf (same key) + intermediate. */
    public final Path expiredChainPem;
    /** A leaf for other.example only (same key) + intermediate. */
    public final Path otherHostChainPem;
    /** A root CA that signed nothing here. */
    public final Path rogueCaPem;
    /** An RSA leaf for localhost + intermediate, and its key. */
    public final Path rsaChainPem;
    public final Path rsaKeyPem;
    /** The directory everything is in. */
    public final Path dir;

    private TestCertificates(Path dir) throws IOException {
        this.dir = dir;
        // four rounds; the steps of a round are independent and run at once (each is a JVM start)
        parallel(
                () -> keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=Eddy TEST-ONLY Root CA", "-ext", "bc:c=ca:true",
                        "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "30", "-keystore", "ca.p12"),
                () -> keytool(dir, "-genkeypair", "-alias", "rogue", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=Eddy TEST-ONLY Rogue CA", "-ext", "bc:c=ca:true", "-validity", "30",
                        "-keystore", "rogue.p12"),
                () -> keytool(dir, "-genkeypair", "-alias", "inter", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=Eddy TEST-ONLY Intermediate CA", "-keystore", "inter.p12"),
                () -> keytool(dir, "-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-keystore", "leaf.p12"),
                () -> keytool(dir, "-genkeypair", "-alias", "rsa", "-keyalg", "RSA", "-keysize", "2048",
                        "-dname", "CN=localhost", "-keystore", "rsa.p12"));
        parallel(
                () -> keytool(dir, "-certreq", "-alias", "inter", "-keystore", "inter.p12", "-file", "inter.csr"),
                () -> keytool(dir, "-certreq", "-alias", "leaf", "-keystore", "leaf.p12", "-file", "leaf.csr"),
                () -> keytool(dir, "-certreq", "-alias", "rsa", "-keystore", "rsa.p12", "-file", "rsa.csr"));
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "inter.csr", "-outfile", "inter.pem",
                "-rfc", "-validity", "30", "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=keyCertSign,cRLSign");
        parallel(
                () -> signLeaf(dir, "leaf.csr", "leaf.pem", "san=dns:localhost,ip:127.0.0.1,ip:::1", null),
                () -> signLeaf(dir, "leaf.csr", "expired.pem", "san=dns:localhost,ip:127.0.0.1", "-3d"),
                () -> signLeaf(dir, "leaf.csr", "other.pem", "san=dns:other.example", null),
                () -> signLeaf(dir, "rsa.csr", "rsa.pem", "san=dns:localhost,ip:127.0.0.1", null));

        String inter = pem(dir, "inter.pem");
        caPem = write(dir.resolve("ca-cert.pem"), certificatePem(cert(dir.resolve("ca.p12"), "ca")));
        rogueCaPem = write(dir.resolve("rogue-ca.pem"),
                certificatePem(cert(dir.resolve("rogue.p12"), "rogue")));
        chainPem = write(dir.resolve("chain.pem"), pem(dir, "leaf.pem") + inter);
        expiredChainPem = write(dir.resolve("expired-chain.pem"), pem(dir, "expired.pem") + inter);
        otherHostChainPem = write(dir.resolve("other-chain.pem"), pem(dir, "other.pem") + inter);
        rsaChainPem = write(dir.resolve("rsa-chain.pem"), pem(dir, "rsa.pem") + inter);
        keyPem = write(dir.resolve("key.pem"), keyPem(load(dir.resolve("leaf.p12")), "leaf"));
        rsaKeyPem = write(dir.resolve("rsa-key.pem"), keyPem(load(dir.resolve("rsa.p12")), "rsa"));
        serverP12 = dir.resolve("server.p12");
        try {
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(null, null);
            PrivateKey key = (PrivateKey) load(dir.resolve("leaf.p12")).getKey("leaf", PASSWORD.toCharArray());
            Certificate[] chain;
            try (InputStream in = Files.newInputStream(chainPem)) {
                chain = java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(in).toArray(new Certificate[0]);
            }
            p12.setKeyEntry("server", key, PASSWORD.toCharArray(), chain);
            try (var out = Files.newOutputStream(serverP12)) {
                p12.store(out, PASSWORD.toCharArray());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The key material of this test JVM, made on first use. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("eddy-test-certs");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
                instance = new TestCertificates(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A server config with the localhost chain and key. */
    public TlsServerConfig server() {
        try {
            return TlsServerConfig.fromPem(chainPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client config trusting exactly the test root CA. */
    public TlsClientConfig client() {
        try {
            return TlsClientConfig.trustingCaPem(caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void parallel(Step... steps) throws IOException {
        List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
        for (Step step : steps) {
            all.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    step.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> new Thread(r, "keytool").start()));
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(all.toArray(new java.util.concurrent.CompletableFuture[0])).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }

    private static void signLeaf(Path dir, String csr, String out, String san, String startDate) throws IOException {
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "inter", "-keystore", "inter.p12",
                "-infile", csr, "-outfile", out, "-rfc", "-ext", san, "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature,keyEncipherment"));
        if (startDate != null) {
            args.addAll(List.of("-startdate", startDate, "-validity", "1"));
        } else {
            args.addAll(List.of("-validity", "30"));
        }
        keytool(dir, args.toArray(new String[0]));
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));     // a short-lived JVM: start fast
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(output);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + cmd + "\n" + output);
        }
    }

    private static Certificate cert(Path p12, String alias) throws IOException {
        try {
            return load(p12).getCertificate(alias);
        } catch (java.security.KeyStoreException e) {
            throw new IOException(e);
        }
    }

    private static KeyStore load(Path p12) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String keyPem(KeyStore store, String alias) throws IOException {
        try {
            PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD.toCharArray());
            return pemBlock("PRIVATE KEY", key.getEncoded());         // getEncoded() is PKCS#8
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String certificatePem(Certificate cert) throws IOException {
        try {
            return pemBlock("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** A PEM block of {@code der}, 64 base64 characters a line. */
    public static String pemBlock(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static String pem(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII).strip() + "\n";
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
