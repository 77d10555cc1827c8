package dev.eddy.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns key material (PEM files, a PKCS#12 keystore, a trust store) into the
 * {@link SSLContext} the configurations hold. The JDK's key and trust managers do the real
 * work; this class only loads files and says clearly which file is wrong and why.
 *
 * <p>Stateless; any thread.
 */
final class KeyMaterial {

    private static final char[] NO_PASSWORD = new char[0];

    private KeyMaterial() {
    }

    /** A server context from a PEM chain (leaf first) and the leaf's unencrypted PKCS#8 key. */
    static SSLContext serverFromPem(Path chainPem, Path keyPem) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(chainPem);
        PrivateKey key = PemFiles.privateKey(keyPem);
        checkKeyMatches(key, chain.get(0), chainPem, keyPem);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            return serverContext(store, NO_PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + chainPem + " and " + keyPem + ": " + e.getMessage(), e);
        }
    }

    /** A server context from a PKCS#12 keystore holding one key entry (key and chain). */
    static SSLContext serverFromPkcs12(Path keystore, char[] password) throws IOException {
        KeyStore store = load(keystore, "PKCS12", password);
        try {
            return serverContext(store, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key in " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext serverContext(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts exactly the CA certificates in {@code caPem} (like curl's --cacert). */
    static SSLContext clientTrustingPem(Path caPem) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : PemFiles.certificates(caPem)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return clientTrusting(store);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates in " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** A client context that trusts the certificates of a trust store file (PKCS12 or JKS). */
    static SSLContext clientTrustingStore(Path trustStore, char[] password) throws IOException {
        KeyStore store = load(trustStore, KeyStore.getDefaultType(), password);
        try {
            return clientTrusting(store);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates in " + trustStore + ": " + e.getMessage(), e);
        }
    }

    static SSLContext clientTrusting(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return clientContext(tmf.getTrustManagers());
    }

    static SSLContext clientContext(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    /** Loads a keystore file; "keystore" (PKCS12 since JDK 9) reads PKCS12 and JKS alike. */
    private static KeyStore load(Path file, String type, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": cannot read the keystore: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IOException(file + ": wrong keystore password", e);
            }
            throw new IOException(file + ": cannot read the keystore: " + e.getMessage(), e);
        }
    }

    /**
     * Signs a few bytes with {@code key} and checks the signature with the leaf certificate:
     * a key from the wrong file would otherwise only show up as a failed handshake.
     */
    private static void checkKeyMatches(PrivateKey key, X509Certificate leaf, Path chainPem, Path keyPem)
            throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;                    // RSASSA-PSS and others: left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = {'e', 'd', 'd', 'y'};
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;                    // e.g. an EC key against an RSA certificate
        }
        if (!matches) {
            throw new IOException(keyPem + ": the private key does not belong to the first certificate in " + chainPem
                    + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
    }
}
