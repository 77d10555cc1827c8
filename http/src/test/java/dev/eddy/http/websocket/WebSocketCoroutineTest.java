package dev.eddy.http.websocket;

import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.net.LoopGroup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket read top to bottom in coroutines, on both continuation engines: the server's echo
 * loop awaits receive and send until the close ends it; the client awaits each echo.
 */
class WebSocketCoroutineTest {

    private static ContinuationEngine engine(String name) {
        if (name.equals("native")) {
            Assumptions.assumeTrue(ContinuationEngine.isNativeAvailable(),
                    () -> "native engine skipped: " + ContinuationEngine.nativeUnavailableReason());
            return ContinuationEngine.nativeEngine();
        }
        return ContinuationEngine.threadEngine();
    }

    /**
     * Runs {@code clientBody} in a coroutine on a connection to a server whose coroutine sends
     * every message back upper case until the close ends it; checks that the server's echo ended
     * with the client's close (1000 "done"), and returns what the client returned.
     */
    private static List<String> againstAnUpperCaseEcho(ContinuationEngine engine, Function<WebSocket, List<String>> clientBody)
            throws Exception {
        CompletableFuture<String> serverEnded = new CompletableFuture<>();
        try (LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("ws-coroutines"))) {
            IOLoop loop = group.loop(0);
            Router router = new Router().get("/echo", WebSocketUpgrade.handler(WebSocketOptions.defaults(),
                    ws -> Coroutine.async(loop, engine, () -> {
                        try {
                            while (true) {
                                WebSocketMessage m = Coroutine.await(ws.receive());
                                Coroutine.await(ws.send(((WebSocketMessage.Text) m).text().toUpperCase()));
                            }
                        } catch (WebSocketClosedException closed) {
                            serverEnded.complete(closed.status().toString());
                        }
                        return null;
                    })));
            HttpServer server = new HttpServer(router);
            int port = server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
            CompletableFuture<List<String>> client = new CompletableFuture<>();
            loop.addCallback(() -> Coroutine.async(loop, engine, () -> clientBody.apply(Coroutine.await(WebSocketClient.connect(
                    loop, URI.create("ws://127.0.0.1:" + port + "/echo"), new HttpHeaders(), WebSocketOptions.defaults()))))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            client.completeExceptionally(e);
                        } else {
                            client.complete(v);
                        }
                    }));
            List<String> echoes = client.get(10, TimeUnit.SECONDS);
            assertThat(serverEnded.get(10, TimeUnit.SECONDS)).isEqualTo("1000 done");
            server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
            return echoes;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "thread"})
    void echoLoopsAsCoroutines(String engineName) throws Exception {
        List<String> echoes = againstAnUpperCaseEcho(engine(engineName), ws -> {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Coroutine.await(ws.send("m" + i));
                got.add(((WebSocketMessage.Text) Coroutine.await(ws.receive())).text());
            }
            Coroutine.await(ws.close(1000, "done"));
            return got;
        });
        assertThat(echoes).hasSize(50).startsWith("M0", "M1").endsWith("M49");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "thread"})
    void aCoroutineEchoAnswersEveryMessageSentBeforeThePeersClose(String engineName) throws Exception {
        // The client sends twenty messages and its close without waiting for any echo; the
        // server answers the close only after its echo has answered all twenty.
        List<String> echoes = againstAnUpperCaseEcho(engine(engineName), ws -> {
            for (int i = 0; i < 20; i++) {
                Coroutine.await(ws.send("m" + i));
            }
            ws.close(1000, "done");
            List<String> got = new ArrayList<>();
            try {
                while (true) {
                    got.add(((WebSocketMessage.Text) Coroutine.await(ws.receive())).text());
                }
            } catch (WebSocketClosedException closed) {
                assertThat(Coroutine.await(ws.closed())).isEqualTo(new CloseStatus(1000, "done"));
            }
            return got;
        });
        assertThat(echoes).hasSize(20).startsWith("M0", "M1").endsWith("M19");
    }
}
