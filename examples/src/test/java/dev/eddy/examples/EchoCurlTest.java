package dev.eddy.examples;

import dev.eddy.http.HttpServer;
import dev.eddy.net.LoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real client against the echo example's handler: curl, when it is installed. */
class EchoCurlTest {

    private static LoopGroup group;
    private static HttpServer server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Curl.works(), "curl is not installed: skipping the real-client test");
        group = new LoopGroup(1);
        server = new HttpServer(Echo::handle);
        port = server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
            group.close();
        }
    }

    private static String curl(String... args) throws Exception {
        return Curl.run(args);
    }

    @Test
    void getWithQueryAndHeaders() throws Exception {
        String out = curl("-H", "X-Test: yes", "http://127.0.0.1:" + port + "/some/path?a=1&a=2&b=%C3%A9");
        assertThat(out).contains("\"method\":\"GET\"", "\"path\":\"/some/path\"",
                "\"query\":{\"a\":[\"1\",\"2\"],\"b\":[\"é\"]}", "[\"x-test\",\"yes\"]", "\"bodyLength\":0",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void uploadsWithLengthAndChunkedAndExpectContinue(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] data = new byte[2_000_000];
        new java.util.Random(5).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String url = "http://127.0.0.1:" + port + "/upload";
        // curl sends Expect: 100-continue for large bodies: the echo handler reads, so it gets its 100
        String plain = curl("-X", "PUT", "--data-binary", "@" + file, url);
        assertThat(plain).contains("\"method\":\"PUT\"", "\"bodyLength\":2000000", sha, "100-continue");
        String chunked = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, url);
        assertThat(chunked).contains("\"method\":\"POST\"", "\"bodyLength\":2000000", sha, "chunked");
    }

    @Test
    void keepAliveAcrossTwoUrlsInOneCurl() throws Exception {
        String out = curl("-v", "http://127.0.0.1:" + port + "/one", "http://127.0.0.1:" + port + "/two");
        assertThat(out).contains("\"path\":\"/one\"", "\"path\":\"/two\"");
        assertThat(out).containsPattern("(?i)re-?using existing connection");
    }
}
