package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.websocket.CloseStatus;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClient;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.websocket.WebSocketUpgrade;
import dev.eddy.net.LoopGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Eddy's WebSocket against a second implementation, Node's {@code ws} (installed with npm into
 * target/ by {@link NodeWs}): Eddy's server with a Node client, and Eddy's client with a Node
 * server; text, binary, a message in fragments (split inside a character), a large message,
 * ping and pong, and the close handshake, each with and without permessage-deflate.
 *
 * <p>Not part of the default build (tag {@code interop}): {@code mvn -pl examples -am verify
 * -Pinterop} runs it, and CI does after the main build. Skipped, saying so, without node.
 */
@Tag("interop")
class NodeWsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void installWs() throws Exception {
        assumeTrue(NodeWs.node().isPresent(), "no node on the PATH; the interop tests with Node's ws are skipped");
        NodeWs.install();
    }

    @ParameterizedTest(name = "permessage-deflate: {0}")
    @ValueSource(booleans = {false, true})
    void eddysServerWithNodesClient(boolean deflate) throws Exception {
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        CompletableFuture<CloseStatus> serverClosed = new CompletableFuture<>();
        WebSocketOptions options = WebSocketOptions.defaults().withCompression(deflate);
        Router router = new Router().get("/echo", WebSocketUpgrade.handler(options, ws -> {
            opened.complete(ws);
            ws.closed().whenComplete((status, failure) -> serverClosed.complete(status));
            WsEcho.echo(ws);
        }));
        RunningServer running = RunningServer.listen(new HttpServer(router),
                new LoopGroup(1, LoopOptions.defaults().withName("interop")),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        String url = "ws://127.0.0.1:" + running.address().getPort() + "/echo";
        try (NodeWs.Script client = NodeWs.start("ws-client.cjs", url, deflate ? "deflate" : "plain")) {
            List<String> lines = client.linesThrough("closed ", WAIT);
            assertThat(lines.get(0)).startsWith(deflate ? "extensions permessage-deflate" : "extensions none");
            // Eddy answers a close with the peer's code (and no reason: the RFC asks for the code only)
            assertThat(lines.subList(1, lines.size()))
                    .containsExactly("ok text", "ok binary", "ok fragmented", "ok large", "ok ping", "closed 1000 ");
            assertThat(client.exitStatus(WAIT)).isZero();
            assertThat(opened.get(WAIT.toSeconds(), TimeUnit.SECONDS).isCompressed()).isEqualTo(deflate);
            assertThat(serverClosed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new CloseStatus(1000, "bye"));
        } finally {
            running.stop();
        }
    }

    @ParameterizedTest(name = "permessage-deflate: {0}")
    @ValueSource(booleans = {false, true})
    void eddysClientWithNodesServer(boolean deflate) throws Exception {
        try (NodeWs.Script server = NodeWs.start("ws-server.cjs", deflate ? "deflate" : "plain");
             IOLoop loop = new IOLoop()) {
            String listening = server.nextLine(WAIT);
            assertThat(listening).startsWith("listening ");
            URI uri = URI.create("ws://127.0.0.1:" + listening.substring("listening ".length()) + "/");
            WebSocket ws = loop.runSync(() -> WebSocketClient.connect(loop, uri, new HttpHeaders(),
                    WebSocketOptions.defaults().withCompression(deflate)), WAIT);
            assertThat(ws.isCompressed()).isEqualTo(deflate);
            assertThat(server.nextLine(WAIT)).startsWith(deflate ? "extensions permessage-deflate" : "extensions none");

            assertThat(echo(loop, ws, "héllo, Node")).isEqualTo(new WebSocketMessage.Text("héllo, Node"));
            byte[] bytes = {0, 1, 2, (byte) 254, (byte) 255};
            loop.runSync(() -> ws.send(ByteBuffer.wrap(bytes)), WAIT);
            assertThat(loop.runSync(ws::receive, WAIT)).isEqualTo(new WebSocketMessage.Binary(ByteBuffer.wrap(bytes)));
            String large = "0123456789abcdef".repeat(16 * 1024);
            assertThat(echo(loop, ws, large)).isEqualTo(new WebSocketMessage.Text(large));
            // the server answers this with one text message in three frames
            assertThat(echo(loop, ws, "fragment-me")).isEqualTo(new WebSocketMessage.Text("fragmented ✓"));
            // the server pings; Eddy's automatic pong carries the payload back
            assertThat(echo(loop, ws, "ping-me")).isEqualTo(new WebSocketMessage.Text("pong:p1"));

            CloseStatus status = loop.runSync(() -> ws.close(1000, "bye"), WAIT);
            assertThat(status).isEqualTo(new CloseStatus(1000, "bye"));
            assertThat(server.nextLine(WAIT)).isEqualTo("closed 1000 bye");
        }
    }

    private static WebSocketMessage echo(IOLoop loop, WebSocket ws, String text) {
        loop.runSync(() -> ws.send(text), WAIT);
        return loop.runSync(ws::receive, WAIT);
    }
}
