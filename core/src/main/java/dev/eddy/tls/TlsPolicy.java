package dev.eddy.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * Which protocol versions and cipher suites Eddy allows, written down as a rule rather than
 * a list so that it follows the JDK as the JDK improves.
 *
 * <h2>Versions</h2>
 * TLS 1.3 and TLS 1.2 only. Everything older has known weaknesses and is disabled by
 * current JDKs anyway; naming the two here keeps an older or reconfigured JDK from offering
 * more.
 *
 * <h2>Cipher suites</h2>
 * Start from the suites the {@link SSLContext} enables by default (the JDK already drops
 * most weak ones and orders the rest well), then keep a suite only if it is
 * <ul>
 *   <li>a TLS 1.3 suite ({@code TLS_AES_*}, {@code TLS_CHACHA20_*}): all of them are AEAD
 *       with forward secrecy, or</li>
 *   <li>a TLS 1.2 suite with an ephemeral key exchange ({@code _ECDHE_} or {@code _DHE_}:
 *       forward secrecy) and an AEAD cipher ({@code _GCM_} or {@code _CHACHA20_POLY1305_}).</li>
 * </ul>
 * That rule alone removes NULL, anonymous, export, RC4, DES and 3DES suites, every CBC
 * suite (padding oracles; and with them SHA-1 MACs) and static RSA key exchange (no
 * forward secrecy). The signalling value {@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV} is kept:
 * it is not a cipher, it tells the peer that this side does secure renegotiation (which Eddy
 * then refuses anyway, see {@link TlsTransport}).
 *
 * <p>Stateless; any thread.
 */
public final class TlsPolicy {

    /** The protocol versions Eddy enables, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final String SCSV = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";

    private TlsPolicy() {
    }

    /**
     * The cipher suites of {@code context}'s defaults that pass the rule in the class comment, in the JDK's order.
     *
     * @param context the context whose default cipher suites are filtered
     * @return the allowed suites, never empty for the JDK's own contexts
     */
    public static List<String> cipherSuites(SSLContext context) {
        List<String> out = new ArrayList<>();
        for (String suite : context.getDefaultSSLParameters().getCipherSuites()) {
            if (isAllowed(suite)) {
                out.add(suite);
            }
        }
        return List.copyOf(out);
    }

    /**
     * True when {@code suite} passes the rule in the class comment.
     *
     * @param suite a cipher suite's standard name, in any case
     * @return whether the suite is allowed
     */
    public static boolean isAllowed(String suite) {
        String s = suite.toUpperCase(Locale.ROOT);
        if (s.equals(SCSV)) {
            return true;
        }
        if (s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")) {
            return true;                        // TLS 1.3: AEAD and ephemeral keys by design
        }
        boolean ephemeral = s.contains("_ECDHE_") || s.contains("_DHE_");
        boolean aead = s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305_");
        boolean weak = s.contains("_NULL_") || s.contains("_ANON_") || s.contains("_EXPORT")
                || s.contains("_RC4_") || s.contains("_DES") || s.contains("_3DES_");
        return ephemeral && aead && !weak;
    }

    /** The versions of {@code wanted} that Eddy allows; fails when none is left. */
    static List<String> checkProtocols(List<String> wanted) {
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol version given");
        }
        for (String p : wanted) {
            if (!PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("TLS protocol version " + p + " is not allowed; use "
                        + String.join(" or ", PROTOCOLS));
            }
        }
        return List.copyOf(wanted);
    }
}
