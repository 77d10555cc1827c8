package dev.eddy.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files a TLS server or client is configured with: a chain of certificates
 * ("BEGIN CERTIFICATE" blocks, leaf first) and an unencrypted PKCS#8 private key
 * ("BEGIN PRIVATE KEY", RSA or EC). PEM is base64 of DER between two marker lines; the JDK
 * parses the DER, this class only finds the blocks and says clearly what is wrong with a
 * file (an encrypted key, an old PKCS#1 key, no certificate at all), naming the
 * {@code openssl} command that converts it.
 *
 * <p>Stateless; any thread.
 */
final class PemFiles {

    /** The command that turns any PEM private key OpenSSL can read into unencrypted PKCS#8. */
    static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out key-pkcs8.pem";

    private PemFiles() {
    }

    /** One "-----BEGIN label-----" ... "-----END label-----" block, decoded. */
    record Block(String label, byte[] der) {
    }

    /** Every PEM block in {@code text}, in order; text outside blocks is ignored (like OpenSSL). */
    static List<Block> blocks(String text, String source) throws IOException {
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IOException(source + ": a PEM BEGIN line is not closed");
            }
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IOException(source + ": no \"" + endMarker + "\" line");
            }
            String body = text.substring(labelEnd + 5, end).replaceAll("\\s+", "");
            if (body.contains(":")) {       // "Proc-Type: 4,ENCRYPTED" headers of OpenSSL's legacy encryption
                throw new IOException(source + ": the " + label + " is encrypted (legacy PEM encryption); Eddy reads"
                        + " unencrypted PKCS#8 keys only: convert it with `" + CONVERT + "`");
            }
            try {
                out.add(new Block(label, Base64.getDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": the " + label + " block is not valid base64", e);
            }
            at = end + endMarker.length();
        }
    }

    /** The certificates in a PEM file, in file order (for a chain: leaf first). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(read(file), file.toString())) {
                if (b.label().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": a certificate could not be parsed: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": no \"-----BEGIN CERTIFICATE-----\" block");
        }
        return certs;
    }

    /** The one private key in a PEM file: unencrypted PKCS#8, RSA or EC (Ed25519 and RSASSA-PSS also work). */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(read(file), file.toString())) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return decodePkcs8(b.der(), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; Eddy reads unencrypted PKCS#8 keys"
                            + " only: decrypt it with `" + CONVERT + "` (it asks for the password)");
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new IOException(file + ": \"BEGIN " + b.label() + "\" is the old "
                            + (b.label().startsWith("RSA") ? "PKCS#1" : "SEC 1") + " format; Eddy reads PKCS#8"
                            + " (\"BEGIN PRIVATE KEY\"): convert it with `" + CONVERT + "`");
                default:
                    // a certificate or parameters in the same file: skip, like OpenSSL
            }
        }
        throw new IOException(file + ": no \"-----BEGIN PRIVATE KEY-----\" block");
    }

    private static PrivateKey decodePkcs8(byte[] der, Path file) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: the DER names its own, and only the right factory accepts it
            }
        }
        throw new IOException(file + ": the PKCS#8 private key is not RSA, EC or Ed25519, or is damaged");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}
