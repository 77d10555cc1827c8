package dev.eddy.examples;

import dev.eddy.Promise;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.net.LoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** fetch writes the body byte for byte, and every failure is one line on stderr with a non-zero status. */
class FetchTest {

    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    private static LoopGroup group;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        group = new LoopGroup(1);
        server = new HttpServer(new Router()
                .get("/bytes", r -> r.respond(HttpResponse.bytes(200, "application/octet-stream", ALL_BYTES)))
                .get("/missing", r -> r.respond(HttpResponse.text(404, "nope")))
                .get("/never", r -> new Promise<>(r.loop())));
        base = "http://127.0.0.1:" + server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
        group.close();
    }

    @Test
    void theBodyIsWrittenAsRawBytesWithNothingAppended() throws Exception {
        Launch l = Launch.run("fetch", base + "/bytes");
        assertThat(l.status()).isZero();
        assertThat(l.stderr()).isEmpty();
        assertThat(l.stdout()).isEqualTo(ALL_BYTES);
    }

    @Test
    void dashIPutsTheHeadBeforeTheBody() throws Exception {
        Launch l = Launch.run("fetch", "-i", base + "/bytes");
        assertThat(l.status()).isZero();
        String text = new String(l.stdout(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n");
        byte[] body = text.substring(text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(body).isEqualTo(ALL_BYTES);
    }

    @Test
    void anErrorStatusIsASuccessLikeCurlUnlessDashF() throws Exception {
        Launch plain = Launch.run("fetch", base + "/missing");
        assertThat(plain.status()).isZero();
        assertThat(plain.stdoutText()).isEqualTo("nope");
        Launch failing = Launch.run("fetch", "-f", base + "/missing");
        assertThat(failing.status()).isEqualTo(Fetch.HTTP_ERROR_STATUS);
        assertThat(failing.stdout()).isEmpty();
        assertThat(failing.stderr()).isEqualTo("fetch: error: the server answered 404 Not Found" + System.lineSeparator());
    }

    @Test
    void aClosedPortIsOneLineAndStatusOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = s.getLocalPort();
        }
        Launch l = Launch.run("fetch", "http://127.0.0.1:" + closed + "/");
        assertThat(l.status()).isEqualTo(1);
        assertThat(l.stdout()).isEmpty();
        assertThat(l.stderr()).isEqualTo("fetch: error: connection to 127.0.0.1:" + closed + " refused"
                + System.lineSeparator());
    }

    @Test
    void aTimeoutIsOneLineAndStatusOne() throws Exception {
        Launch l = Launch.run("fetch", "--timeout-ms", "200", base + "/never");
        assertThat(l.status()).isEqualTo(1);
        assertThat(l.stdout()).isEmpty();
        assertThat(l.stderr()).startsWith("fetch: error: ").doesNotContain("\tat ");
        assertThat(l.stderr().lines()).hasSize(1);
    }

    @Test
    void aBadUrlIsAUsageErrorBeforeAnythingStarts() throws Exception {
        String[][] cases = {
                {"not a url", "malformed URL 'not a url': Illegal character in path"},
                {"ftp://127.0.0.1/", "URL 'ftp://127.0.0.1/' must start with http:// or https://"},
                {"http:///path", "URL 'http:///path' has no host (or a malformed one)"},
                {"http://127.0.0.1:99999/", "URL 'http://127.0.0.1:99999/' has port 99999, above 65535"},
        };
        for (String[] c : cases) {
            Launch l = Launch.run("fetch", c[0]);
            assertThat(l.status()).as(c[0]).isEqualTo(2);
            assertThat(l.stdout()).isEmpty();
            assertThat(l.stderr()).isEqualTo("fetch: error: " + c[1] + " (see 'fetch --help')" + System.lineSeparator());
        }
    }
}
