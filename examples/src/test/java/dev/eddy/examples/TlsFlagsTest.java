package dev.eddy.examples;

import dev.eddy.LoopOptions;
import dev.eddy.net.IOStream;
import dev.eddy.net.LoopGroup;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.testcerts.TestCertificates;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The TLS flags: echo and hello over HTTPS, fetch and tcp-client with --cacert, and their mistakes. */
class TlsFlagsTest {

    static final TestCertificates CERTS = TestCertificates.get();

    private String[] serverArgs() {
        return new String[] {"--port", "0", "--tls-cert", CERTS.chainPem.toString(), "--tls-key", CERTS.keyPem.toString()};
    }

    @Test
    void echoServesHttpsAndFetchTrustsTheCaFile() throws Exception {
        RunningServer echo = Echo.start(Echo.CLI.parse(serverArgs()));
        try {
            String url = "https://localhost:" + echo.address().getPort() + "/plaintext";
            Launch ok = Launch.run("fetch", "--cacert", CERTS.caPem.toString(), url);
            assertThat(ok.status()).as(ok.stderr()).isZero();
            assertThat(ok.stdoutText()).isEqualTo("Hello, World!");
            Launch untrusted = Launch.run("fetch", url);                // the JDK's trust store: not the test CA
            assertThat(untrusted.status()).isEqualTo(1);
            assertThat(untrusted.stderr()).contains("not trusted").hasLineCount(1);
            Launch plain = Launch.run("fetch", "http://localhost:" + echo.address().getPort() + "/plaintext");
            assertThat(plain.status()).isEqualTo(1);                     // HTTPS only on --port
        } finally {
            echo.stop();
        }
    }

    @Test
    void curlTalksToHelloOverHttps() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        RunningServer hello = Hello.start(Hello.CLI.parse(serverArgs()));
        try {
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert",
                    CERTS.caPem.toString(), "https://localhost:" + hello.address().getPort() + "/plaintext"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).isEqualTo("Hello, World!");
        } finally {
            hello.stop();
        }
    }

    @Test
    void tcpClientSpeaksTlsWithCacert() throws Exception {
        LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("tls-echo"));
        try {
            TcpServer server = TcpServer.listenStreams(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    dev.eddy.net.TcpServerOptions.defaults(), StreamOptions.defaults(), CERTS.server(), TlsFlagsTest::echo);
            Launch run = Launch.run("tcp-client", "--host", "localhost", "--port", String.valueOf(server.port()),
                    "--cacert", CERTS.caPem.toString(), "over tls");
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(run.stdoutText()).startsWith("echo: over tls\n");
        } finally {
            group.close();
        }
    }

    private static dev.eddy.Future<Void> echo(IOStream s) {
        s.readUntil(new byte[] {'\n'}, 1024).addDoneCallback(line -> {
            if (line.isSucceeded()) {
                s.write(line.join()).addDoneCallback(w -> {
                    if (w.isSucceeded()) {
                        echo(s);        // not after a failed write: the loop may be closing
                    }
                });
            } else {
                s.close();
            }
        });
        return null;
    }

    @Test
    void mistakesWithTheTlsFlagsAreOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Launch half = Launch.run("echo", "--port", "0", "--tls-cert", CERTS.chainPem.toString());
        assertThat(half.status()).isEqualTo(2);
        assertThat(half.stderr()).contains("--tls-cert and --tls-key go together").hasLineCount(1);
        Path pkcs1 = Files.writeString(dir.resolve("old.pem"),
                TestCertificates.pemBlock("RSA PRIVATE KEY", new byte[] {48, 0}));
        Launch old = Launch.run("hello", "--port", "0", "--tls-cert", CERTS.chainPem.toString(), "--tls-key",
                pkcs1.toString());
        assertThat(old.status()).isEqualTo(1);
        assertThat(old.stderr()).contains("PKCS#1").contains("openssl pkcs8 -topk8 -nocrypt").hasLineCount(1);
        Launch noCa = Launch.run("fetch", "--cacert", dir.resolve("missing.pem").toString(), "https://localhost:1/");
        assertThat(noCa.status()).isEqualTo(1);
        assertThat(noCa.stderr()).contains("missing.pem").hasLineCount(1);
    }
}
