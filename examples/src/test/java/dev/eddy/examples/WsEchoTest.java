package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.websocket.CloseStatus;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClient;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.testcerts.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** ws-echo echoes text as text and binary as binary; wscat talks to it from stdin to stdout. */
class WsEchoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RunningServer running;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        running = WsEcho.start(WsEcho.CLI.parse("--port", "0"));
        url = "ws://127.0.0.1:" + running.address().getPort() + "/echo";
    }

    @AfterAll
    static void stop() {
        running.stop();
    }

    @Test
    void textComesBackAsTextAndBinaryAsBinary() {
        try (IOLoop loop = new IOLoop()) {
            WebSocket ws = loop.runSync(() -> WebSocketClient.connect(loop, URI.create(url), new HttpHeaders(),
                    WebSocketOptions.defaults()), WAIT);
            loop.runSync(() -> ws.send("héllo"), WAIT);
            assertThat(loop.runSync(ws::receive, WAIT)).isEqualTo(new WebSocketMessage.Text("héllo"));
            loop.runSync(() -> ws.send(ByteBuffer.wrap(new byte[]{0, 1, (byte) 255})), WAIT);
            assertThat(loop.runSync(ws::receive, WAIT))
                    .isEqualTo(new WebSocketMessage.Binary(ByteBuffer.wrap(new byte[]{0, 1, (byte) 255})));
            CloseStatus status = loop.runSync(() -> ws.close(), WAIT);
            assertThat(status.isNormal()).isTrue();
        }
    }

    @Test
    void wscatSendsStdinLinesAndPrintsTheEchoes() throws Exception {
        Launch l = withStdin("one\ntwo\nthree\n", () -> Launch.run("wscat", url));
        assertThat(l.stderr()).isEmpty();
        assertThat(l.status()).isZero();
        assertThat(l.stdoutText()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void wscatFailsWithOneLineWhenTheHandshakeFails() throws Exception {
        Launch wrongPath = withStdin("", () -> Launch.run("wscat", url.replace("/echo", "/nope")));
        assertThat(wrongPath.status()).isEqualTo(1);
        assertThat(wrongPath.stderr()).startsWith("wscat: error: ").contains("404").doesNotContain("\tat ");
        assertThat(wrongPath.stderr().strip().lines()).hasSize(1);

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Launch refused = withStdin("", () -> Launch.run("wscat", "ws://127.0.0.1:" + closedPort + "/"));
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.stderr().strip().lines()).hasSize(1);

        Launch notWs = withStdin("", () -> Launch.run("wscat", "http://127.0.0.1/"));
        assertThat(notWs.status()).isEqualTo(2);
    }

    @Test
    void wsEchoServesWssAndWscatTrustsTheCaFile() throws Exception {
        TestCertificates certs = TestCertificates.get();
        RunningServer secure = WsEcho.start(WsEcho.CLI.parse("--port", "0",
                "--tls-cert", certs.chainPem.toString(), "--tls-key", certs.keyPem.toString()));
        try {
            String wss = "wss://localhost:" + secure.address().getPort() + "/echo";
            Launch ok = withStdin("over tls\n", () -> Launch.run("wscat", "--cacert", certs.caPem.toString(), wss));
            assertThat(ok.stderr()).isEmpty();
            assertThat(ok.status()).isZero();
            assertThat(ok.stdoutText()).isEqualTo("over tls\n");

            Launch untrusted = withStdin("", () -> Launch.run("wscat", wss));     // the JDK's trust store
            assertThat(untrusted.status()).isEqualTo(1);
            assertThat(untrusted.stderr().strip().lines()).hasSize(1);
        } finally {
            secure.stop();
        }
    }

    @Test
    void wsEchoWithAMissingKeyFileIsOneLine() throws Exception {
        Launch l = Launch.run("ws-echo", "--port", "0", "--tls-cert", "no-such-chain.pem", "--tls-key", "no-such-key.pem");
        assertThat(l.status()).isEqualTo(1);
        assertThat(l.stderr()).startsWith("ws-echo: ").doesNotContain("\tat ");
        assertThat(l.stderr().strip().lines()).hasSize(1);
    }

    private interface Run {
        Launch run() throws Exception;
    }

    private static Launch withStdin(String text, Run run) throws Exception {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.run();
        } finally {
            System.setIn(in);
        }
    }
}
