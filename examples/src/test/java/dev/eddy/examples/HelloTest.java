package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hello server listens on loopback unless told otherwise; a taken port is one line, not a
 * stack trace; {@code --unix PATH} serves the same routes on a Unix-domain socket;
 * {@code --trust-proxy} believes that proxy's {@code X-Forwarded-For} and no one else's.
 */
class HelloTest {

    @Test
    void listensOn127001ByDefault() throws Exception {
        RunningServer running = Hello.start(Hello.CLI.parse("--port", "0"));
        try (IOLoop loop = new IOLoop()) {
            assertThat(running.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            HttpClient client = new HttpClient(loop);
            ClientResponse r = loop.runSync(() -> client.fetch("http://127.0.0.1:" + running.address().getPort()
                    + "/plaintext"), Duration.ofSeconds(10));
            assertThat(r.bodyText()).isEqualTo("Hello, World!");
        } finally {
            running.stop();
        }
    }

    @Test
    void withStatsItServesTheLoopsAndTheServerAsJsonAndPrometheusText() throws Exception {
        RunningServer running = Hello.start(Hello.CLI.parse("--port", "0", "--stats"));
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            String base = "http://127.0.0.1:" + running.address().getPort();
            loop.runSync(() -> client.fetch(base + "/plaintext"), Duration.ofSeconds(10));
            ClientResponse json = loop.runSync(() -> client.fetch(base + "/stats"), Duration.ofSeconds(10));
            assertThat(json.header("content-type")).isEqualTo("application/json");
            assertThat(json.bodyText()).startsWith("{\"loops\":[{\"name\":\"hello-0\"")
                    .contains("\"servers\":[{\"name\":\"hello\",\"openConnections\":1");
            ClientResponse text = loop.runSync(() -> client.fetch(base + "/stats?format=prometheus"),
                    Duration.ofSeconds(10));
            assertThat(text.bodyText()).contains("eddy_http_responses_total{server=\"hello\",code=\"2xx\"} 2\n");
        } finally {
            running.stop();
        }
    }

    @Test
    void withoutStatsThereIsNoStatsRoute() throws Exception {
        RunningServer running = Hello.start(Hello.CLI.parse("--port", "0"));
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            ClientResponse r = loop.runSync(() -> client.fetch("http://127.0.0.1:" + running.address().getPort()
                    + "/stats"), Duration.ofSeconds(10));
            assertThat(r.status()).isEqualTo(404);
        } finally {
            running.stop();
        }
    }

    @Test
    void aPortInUseIsOneLineWithStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Launch l = Launch.run("hello", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(l.status()).isEqualTo(1);
            assertThat(l.stdout()).isEmpty();
            assertThat(l.stderr()).startsWith("hello: error: ").doesNotContain("\tat ");
            assertThat(l.stderr().lines()).hasSize(1);
        }
    }

    @TempDir
    Path dir;

    @Test
    void servesTheSameRoutesOnAUnixDomainSocket() throws Exception {
        Path socket = dir.resolve("hello.sock");
        RunningServer running = Hello.start(Hello.CLI.parse("--unix", socket.toString()));
        try (IOLoop loop = new IOLoop()) {
            assertThat(running.where()).isEqualTo("unix:" + socket);
            HttpClient client = new HttpClient(loop, ClientOptions.defaults().withUnixSocket(socket));
            assertThat(loop.runSync(() -> client.fetch("http://localhost/plaintext"), Duration.ofSeconds(10)).bodyText())
                    .isEqualTo("Hello, World!");
            assertThat(loop.runSync(() -> client.fetch("http://localhost/json"), Duration.ofSeconds(10)).bodyText())
                    .isEqualTo("{\"message\":\"Hello, World!\"}");
        } finally {
            running.stop();
        }
        assertThat(Files.exists(socket)).as("the socket file is removed at shutdown").isFalse();
    }

    @Test
    void curlReachesItOverTheUnixSocket() throws Exception {
        assumeTrue(Curl.works(), "curl is not installed: skipping curl --unix-socket against hello --unix");
        Path socket = dir.resolve("curl.sock");
        RunningServer running = Hello.start(Hello.CLI.parse("--unix", socket.toString()));
        try {
            assertThat(Curl.run("--unix-socket", socket.toString(), "http://localhost/plaintext"))
                    .isEqualTo("Hello, World!");
        } finally {
            running.stop();
        }
    }

    @Test
    void aTrustedProxyNamesTheClientAndAnyoneElseIsIgnored() throws Exception {
        RunningServer trusting = Hello.start(Hello.CLI.parse("--port", "0", "--trust-proxy", "127.0.0.1"));
        RunningServer wary = Hello.start(Hello.CLI.parse("--port", "0", "--trust-proxy", "10.0.0.0/8"));
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            for (RunningServer s : new RunningServer[] {trusting, wary}) {
                ClientResponse r = loop.runSync(() -> client.fetch(ClientRequest.get("http://127.0.0.1:"
                        + s.address().getPort() + "/whoami").header("X-Forwarded-For", "203.0.113.5")
                        .header("X-Forwarded-Proto", "https").build()), Duration.ofSeconds(10));
                assertThat(r.bodyText()).startsWith(s == trusting ? "client=203.0.113.5 scheme=https pid="
                        : "client=127.0.0.1 scheme=http pid=");
            }
        } finally {
            trusting.stop();
            wary.stop();
        }
    }

    @Test
    void usageMistakesAboutProxiesAndSocketsAreOneLine() throws Exception {
        Launch badProxy = Launch.run("hello", "--trust-proxy", "proxy.example");
        assertThat(badProxy.status()).isEqualTo(2);
        assertThat(badProxy.stderr()).startsWith("hello: error: ").contains("proxy.example");
        assertThat(badProxy.stderr().lines()).hasSize(1);

        dev.eddy.testcerts.TestCertificates certs = dev.eddy.testcerts.TestCertificates.get();
        Launch unixTls = Launch.run("hello", "--unix", dir.resolve("x.sock").toString(),
                "--tls-cert", certs.chainPem.toString(), "--tls-key", certs.keyPem.toString());
        assertThat(unixTls.status()).isEqualTo(2);
        assertThat(unixTls.stderr()).startsWith("hello: error: --unix");
    }
}
