package dev.eddy.examples;

import dev.eddy.tls.TlsClientConfig;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The TLS options the examples share: {@code --tls-cert CHAIN.pem --tls-key KEY.pem} for a
 * server (HTTPS or TLS streams instead of plain), {@code --cacert CA.pem} for a client (trust
 * exactly that CA, like curl's). A key file Eddy cannot use is a one-line failure that says
 * why (see {@link TlsServerConfig#fromPem}). Main thread only.
 */
final class TlsFlags {

    private TlsFlags() {
    }

    /** Declares {@code --tls-cert} and {@code --tls-key} on {@code cli}. */
    static CommandLine server(CommandLine cli) {
        return cli.text("--tls-cert", "CHAIN.pem", null, "serve TLS with this certificate chain (PEM, leaf first)")
                .text("--tls-key", "KEY.pem", null, "the chain's private key (unencrypted PKCS#8 PEM)");
    }

    /** Declares {@code --cacert} on {@code cli}, described for that program. */
    static CommandLine client(CommandLine cli, String description) {
        return cli.text("--cacert", "CA.pem", null, description);
    }

    /** The server config the options ask for, or null for plain; exits with one line when the files will not do. */
    static TlsServerConfig serverConfig(CommandLine cli, CommandLine.Values options) {
        String cert = options.text("--tls-cert");
        String key = options.text("--tls-key");
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw cli.error("--tls-cert and --tls-key go together");
        }
        try {
            return TlsServerConfig.fromPem(Path.of(cert), Path.of(key));
        } catch (IOException e) {
            throw cli.failure(1, e.getMessage());
        }
    }

    /** The client config {@code --cacert} asks for, or null (the JDK's trust store). */
    static TlsClientConfig clientConfig(CommandLine cli, CommandLine.Values options) {
        String ca = options.text("--cacert");
        if (ca == null) {
            return null;
        }
        try {
            return TlsClientConfig.trustingCaPem(Path.of(ca));
        } catch (IOException e) {
            throw cli.failure(1, e.getMessage());
        }
    }
}
