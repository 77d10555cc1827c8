package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import dev.eddy.http.websocket.CloseCodes;
import dev.eddy.http.websocket.CloseStatus;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClient;
import dev.eddy.http.websocket.WebSocketHandshakeException;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat example without a browser: the page is served, a message from one member reaches
 * every member, the loop's figures arrive once a second, and the limits (message size, origin)
 * hold. {@code ChatBrowserTest} does the same through real browser pages.
 */
class ChatTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RunningServer running;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        running = Chat.start(Chat.CLI.parse("--port", "0"));
        port = running.address().getPort();
    }

    @AfterAll
    static void stop() {
        running.stop();
    }

    @Test
    void thePageIsServedAsHtmlAndOpensTheChatSocket() {
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            ClientResponse page = loop.runSync(() -> client.fetch("http://127.0.0.1:" + port + "/"), WAIT);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.bodyText()).startsWith("<!DOCTYPE html>").contains("\"/chat\"").contains("<canvas");
            client.close();
        }
    }

    @Test
    void aMessageFromOneMemberReachesEveryMember() {
        try (IOLoop loop = new IOLoop()) {
            WebSocket alice = join(loop);
            WebSocket bob = join(loop);
            String aliceName = nameIn(nextOfType(loop, alice, "welcome"));
            loop.runSync(() -> alice.send("  hello, room  "), WAIT);
            String expected = "{\"type\":\"chat\",\"from\":\"" + aliceName + "\",\"text\":\"hello, room\"}";
            assertThat(nextOfType(loop, bob, "chat")).isEqualTo(expected);
            assertThat(nextOfType(loop, alice, "chat")).isEqualTo(expected);    // the sender sees it too
            loop.runSync(() -> alice.send("\"quoted\" <b>"), WAIT);
            assertThat(nextOfType(loop, bob, "chat")).contains("\"text\":\"\\\"quoted\\\" <b>\"");
            closeBoth(loop, alice, bob);
        }
    }

    @Test
    void theLoopsFiguresArriveEverySecondWithTheNumberOfConnections() {
        try (IOLoop loop = new IOLoop()) {
            WebSocket alice = join(loop);
            WebSocket bob = join(loop);
            String stats = nextOfType(loop, alice, "stats");
            while (!stats.contains("\"connections\":2")) {      // the first may predate bob
                stats = nextOfType(loop, alice, "stats");
            }
            assertThat(stats).containsPattern("\"messagesPerSecond\":\\d+")
                    .containsPattern("\"lagMillis\":\\d+\\.\\d+")
                    .containsPattern("\"worstLagMillis\":\\d+\\.\\d+")
                    .containsPattern("\"callbacksPerSecond\":\\d+")     // 0 in a second with nothing to run
                    .containsPattern("\"busyPercent\":\\d+\\.\\d+");
            closeBoth(loop, alice, bob);
        }
    }

    @Test
    void aMessageOverTheLimitClosesItsSenderWith1009() {
        try (IOLoop loop = new IOLoop()) {
            WebSocket ws = join(loop);
            loop.runSync(() -> ws.send("x".repeat(Chat.MAX_MESSAGE_BYTES + 1)), WAIT);
            CloseStatus status = loop.runSync(ws::closed, WAIT);
            assertThat(status.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void anotherSitesPageIsRefusedAndTheOwnPageIsAccepted() {
        try (IOLoop loop = new IOLoop()) {
            HttpHeaders evil = new HttpHeaders();
            evil.add("Origin", "http://evil.example");
            assertThatThrownBy(() -> loop.runSync(() -> WebSocketClient.connect(loop, chatUri(), evil,
                    WebSocketOptions.defaults()), WAIT))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class).hasMessageContaining("403");
            HttpHeaders own = new HttpHeaders();
            own.add("Origin", "http://127.0.0.1:" + port);
            WebSocket ws = loop.runSync(() -> WebSocketClient.connect(loop, chatUri(), own, WebSocketOptions.defaults()), WAIT);
            assertThat(nextOfType(loop, ws, "welcome")).contains("guest-");
            loop.runSync(ws::close, WAIT);
        }
        assertThat(Chat.isOwnPage("http://localhost:" + port, "127.0.0.1", port)).isTrue();
        assertThat(Chat.isOwnPage("http://127.0.0.1:" + (port + 1), "127.0.0.1", port)).isFalse();
        assertThat(Chat.isOwnPage("https://127.0.0.1:" + port, "127.0.0.1", port)).isFalse();
        assertThat(Chat.isOwnPage("not a uri", "127.0.0.1", port)).isFalse();
    }

    private static URI chatUri() {
        return URI.create("ws://127.0.0.1:" + port + "/chat");
    }

    private static WebSocket join(IOLoop loop) {
        return loop.runSync(() -> WebSocketClient.connect(loop, chatUri()), WAIT);
    }

    /** The next text message of the given type, skipping others (stats arrive at any time). */
    private static String nextOfType(IOLoop loop, WebSocket ws, String type) {
        while (true) {
            WebSocketMessage m = loop.runSync(ws::receive, WAIT);
            String text = ((WebSocketMessage.Text) m).text();
            if (text.startsWith("{\"type\":\"" + type + "\"")) {
                return text;
            }
        }
    }

    private static String nameIn(String welcome) {
        return welcome.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
    }

    private static void closeBoth(IOLoop loop, WebSocket a, WebSocket b) {
        assertThat(loop.runSync(a::close, WAIT).isNormal()).isTrue();
        assertThat(loop.runSync(b::close, WAIT).isNormal()).isTrue();
    }
}
