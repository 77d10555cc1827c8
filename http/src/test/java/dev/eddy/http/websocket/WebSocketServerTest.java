package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

import static dev.eddy.http.websocket.Frames.client;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upgrade from a route of the HTTP server: the answers to bad upgrades, the hand-over, and talking. */
class WebSocketServerTest {

    private final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    private ServerFixture fixture;
    private HttpServer server;
    private int port;

    private void start(WebSocketOptions options) throws Exception {
        Router router = new Router()
                .get("/plain", r -> Future.succeeded(r.loop(), HttpResponse.text(200, "plain")))
                .get("/ws", WebSocketUpgrade.handler(options, ws -> {
                    opened.add(ws);
                    echo(ws);
                }));
        fixture = new ServerFixture(router);
        server = fixture.server;
        port = fixture.port;
    }

    /** Echoes until the peer closes: receive, send back, again. */
    private static void echo(WebSocket ws) {
        ws.receive().whenComplete((m, failure) -> {
            if (failure != null) {
                return;
            }
            Future<Void> sent = m instanceof WebSocketMessage.Text t ? ws.send(t.text())
                    : ws.send(((WebSocketMessage.Binary) m).data());
            sent.whenComplete((v, e) -> echo(ws));
        });
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IOLoop loop() {
        return fixture.loop();
    }

    private <T> T await(Callable<Future<T>> task) throws Exception {
        return fixture.await(task);
    }

    private WebSocket connect(String path, WebSocketOptions options) throws Exception {
        return await(() -> WebSocketClient.connect(loop(), URI.create("ws://127.0.0.1:" + port + path),
                new HttpHeaders(), options));
    }

    @Test
    void aRouteUpgradesAndTheConnectionEchoes() throws Exception {
        start(WebSocketOptions.defaults());
        WebSocket c = connect("/ws", WebSocketOptions.defaults());
        await(() -> c.send("hello"));
        assertThat(await(c::receive)).isEqualTo(new WebSocketMessage.Text("hello"));
        await(() -> c.send(java.nio.ByteBuffer.wrap(new byte[]{1, 2})));
        assertThat(await(c::receive)).isEqualTo(new WebSocketMessage.Binary(java.nio.ByteBuffer.wrap(new byte[]{1, 2})));
        // the upgraded connection no longer counts as one of the HTTP server's
        assertThat(await(() -> Future.succeeded(loop(), server.connectionCount()))).isZero();
        CloseStatus clientSide = await(() -> c.close());
        assertThat(clientSide).isEqualTo(new CloseStatus(1000, ""));
        WebSocket s = opened.poll(5, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        CloseStatus serverSide = await(s::closed);
        assertThat(serverSide).isEqualTo(new CloseStatus(1000, ""));
    }

    @Test
    void compressionAndSubprotocolAreNegotiated() throws Exception {
        start(WebSocketOptions.defaults().withCompression(true).withSubprotocols("v2", "v1"));
        WebSocket c = connect("/ws", WebSocketOptions.defaults().withCompression(true).withSubprotocols("v1", "v2"));
        assertThat(c.subprotocol()).isEqualTo("v2");
        assertThat(c.isCompressed()).isTrue();
        String text = "compress me ".repeat(200);
        await(() -> c.send(text));
        assertThat(await(c::receive)).isEqualTo(new WebSocketMessage.Text(text));
    }

    @Test
    void framesRightBehindTheUpgradeRequestReachTheWebSocket() throws Exception {
        start(WebSocketOptions.defaults());
        try (RawWebSocketClient raw = new RawWebSocketClient(port)) {
            String head = raw.handshake("/ws", client(true, Opcodes.TEXT, utf8("early")));
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(raw.readFrame().text()).isEqualTo("early");       // echoed
        }
    }

    @Test
    void aPipelinedRequestBeforeTheUpgradeIsAnsweredFirst() throws Exception {
        start(WebSocketOptions.defaults());
        try (RawWebSocketClient raw = new RawWebSocketClient(port)) {
            raw.send(utf8("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n" + RawWebSocketClient.upgradeRequest("/ws")));
            String first = raw.readHead();
            assertThat(first).startsWith("HTTP/1.1 200 ");
            assertThat(new String(raw.readBytes(5), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("plain");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
            raw.send(client(true, Opcodes.TEXT, utf8("x")));
            assertThat(raw.readFrame().text()).isEqualTo("x");
        }
    }

    @Test
    void badUpgradesGetTheirExactAnswers() throws Exception {
        start(WebSocketOptions.defaults().withAllowedOrigin(origin -> origin == null || origin.equals("https://good.example")));
        assertThat(answer(RawWebSocketClient.upgradeRequest("/ws").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")))
                .startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
        assertThat(answer("GET /ws HTTP/1.1\r\nHost: t\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(answer(RawWebSocketClient.upgradeRequest("/ws").replace("dGhlIHNhbXBsZSBub25jZQ==", "short")))
                .startsWith("HTTP/1.1 400 ");
        assertThat(answer(RawWebSocketClient.upgradeRequest("/ws").replace("Host: test\r\n", "Host: test\r\nOrigin: https://evil.example\r\n")))
                .startsWith("HTTP/1.1 403 ");
        assertThat(answer(RawWebSocketClient.upgradeRequest("/ws").replace("Host: test\r\n", "Host: test\r\nOrigin: https://good.example\r\n")))
                .startsWith("HTTP/1.1 101 ");
        assertThatThrownBy(() -> connect("/plain", WebSocketOptions.defaults()))
                .isInstanceOf(WebSocketHandshakeException.class).hasMessageContaining("200");
    }

    private String answer(String request) throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(port)) {
            raw.send(utf8(request));
            return raw.readHead();
        }
    }
}
