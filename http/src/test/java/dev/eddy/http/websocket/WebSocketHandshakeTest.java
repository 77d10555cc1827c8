package dev.eddy.http.websocket;

import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The opening handshake of RFC 6455 section 4, both sides' checks. */
class WebSocketHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static HttpHeaders upgrade(String... extra) {
        HttpHeaders h = HttpHeaders.of("host", "server.example.com", "upgrade", "websocket",
                "connection", "Upgrade", "sec-websocket-key", KEY, "sec-websocket-version", "13");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                h.remove(extra[i]);
            } else {
                h.set(extra[i], extra[i + 1]);
            }
        }
        return h;
    }

    @Test
    void theRfcsAcceptValue() {
        assertThat(WebSocketHandshake.acceptFor(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void newKeysAreSixteenRandomBytes() {
        SplittableRandom random = new SplittableRandom(1);
        String a = WebSocketHandshake.newKey(random);
        assertThat(Base64.getDecoder().decode(a)).hasSize(16);
        assertThat(WebSocketHandshake.newKey(random)).isNotEqualTo(a);
    }

    @Test
    void aValidUpgradeGivesItsKey() throws Exception {
        assertThat(WebSocketHandshake.checkRequest("GET", 1, upgrade())).isEqualTo(KEY);
        // tokens are compared without case and found in lists
        assertThat(WebSocketHandshake.checkRequest("GET", 1,
                upgrade("upgrade", "WebSocket", "connection", "keep-alive, Upgrade"))).isEqualTo(KEY);
    }

    @Test
    void badUpgradesGet400() {
        assertStatus("POST", 1, upgrade(), 400);
        assertStatus("GET", 0, upgrade(), 400);
        assertStatus("GET", 1, upgrade("upgrade", null), 400);
        assertStatus("GET", 1, upgrade("upgrade", "h2c"), 400);
        assertStatus("GET", 1, upgrade("connection", "keep-alive"), 400);
        assertStatus("GET", 1, upgrade("sec-websocket-key", null), 400);
        assertStatus("GET", 1, upgrade("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ"), 400);
        assertStatus("GET", 1, upgrade("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZSE="), 400);   // 17 bytes
        assertStatus("GET", 1, upgrade("sec-websocket-key", "!!!!!!!!!!!!!!!!!!!!!!=="), 400);
        HttpHeaders twoKeys = upgrade().add("sec-websocket-key", KEY);
        assertStatus("GET", 1, twoKeys, 400);
    }

    @Test
    void otherVersionsGet426NamingVersion13() throws Exception {
        assertStatus("GET", 1, upgrade("sec-websocket-version", "8"), 426);
        assertStatus("GET", 1, upgrade("sec-websocket-version", null), 426);
        WebSocketHandshakeException e = catchHandshake("GET", 1, upgrade("sec-websocket-version", "14"));
        HttpResponse r = WebSocketHandshake.rejection(e);
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(WebSocketHandshake.rejection(new WebSocketHandshakeException(400, "x")).headers()
                .contains("Sec-WebSocket-Version")).isFalse();
    }

    @Test
    void theServerPicksItsFavouriteOfTheOfferedSubprotocols() {
        HttpHeaders h = upgrade("sec-websocket-protocol", "chat, superchat");
        assertThat(WebSocketHandshake.selectSubprotocol(h, List.of("superchat", "chat"))).isEqualTo("superchat");
        assertThat(WebSocketHandshake.selectSubprotocol(h, List.of("other"))).isNull();
        assertThat(WebSocketHandshake.selectSubprotocol(upgrade(), List.of("chat"))).isNull();
    }

    @Test
    void theSwitchingProtocolsAnswer() throws Exception {
        HttpResponse r = WebSocketHandshake.switchingProtocols(KEY, "chat", new PerMessageDeflate(false, true, 0));
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.headers().get("upgrade")).isEqualTo("websocket");
        assertThat(r.headers().get("connection")).isEqualTo("Upgrade");
        assertThat(r.headers().get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(r.headers().get("sec-websocket-protocol")).isEqualTo("chat");
        assertThat(r.headers().get("sec-websocket-extensions")).isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThatThrownBy(() -> HttpResponse.of(200).upgrade((t, leftover) -> null))
                .isInstanceOf(IllegalStateException.class);
        HttpResponse plain = WebSocketHandshake.switchingProtocols(KEY, null, null);
        assertThat(plain.headers().contains("sec-websocket-protocol")).isFalse();
        assertThat(plain.headers().contains("sec-websocket-extensions")).isFalse();
    }

    @Test
    void deflateNegotiationFromRequestHeaders() throws Exception {
        assertThat(WebSocketHandshake.negotiateDeflate(upgrade())).isNull();
        assertThat(WebSocketHandshake.negotiateDeflate(upgrade("sec-websocket-extensions", "permessage-deflate; client_max_window_bits")))
                .isEqualTo(new PerMessageDeflate(false, false, 0));
        assertThatThrownBy(() -> WebSocketHandshake.negotiateDeflate(upgrade("sec-websocket-extensions", "permessage-deflate;")))
                .isInstanceOf(WebSocketHandshakeException.class).extracting("status").isEqualTo(400);
    }

    @Test
    void theClientAcceptsAValidAnswer() throws Exception {
        HttpHeaders answer = HttpHeaders.of("upgrade", "websocket", "connection", "upgrade",
                "sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "sec-websocket-protocol", "chat",
                "sec-websocket-extensions", "permessage-deflate; server_no_context_takeover");
        WebSocketHandshake.Agreement a = WebSocketHandshake.checkResponse(101, answer, KEY, List.of("chat"), true);
        assertThat(a.subprotocol()).isEqualTo("chat");
        assertThat(a.deflate()).isEqualTo(new PerMessageDeflate(true, false, 0));
        HttpHeaders bare = HttpHeaders.of("upgrade", "websocket", "connection", "upgrade",
                "sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(WebSocketHandshake.checkResponse(101, bare, KEY, List.of("chat"), true))
                .isEqualTo(new WebSocketHandshake.Agreement(null, null));
    }

    @Test
    void theClientRejectsAnythingElse() {
        HttpHeaders good = HttpHeaders.of("upgrade", "websocket", "connection", "upgrade",
                "sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertClientRejects(200, good, List.of(), false);
        assertClientRejects(101, copyWith(good, "sec-websocket-accept", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), List.of(), false);
        assertClientRejects(101, copyWith(good, "upgrade", "h2c"), List.of(), false);
        assertClientRejects(101, copyWith(good, "connection", "close"), List.of(), false);
        assertClientRejects(101, copyWith(good, "sec-websocket-protocol", "chat"), List.of(), false);
        assertClientRejects(101, copyWith(good, "sec-websocket-protocol", "a, b"), List.of("a", "b"), false);
        assertClientRejects(101, copyWith(good, "sec-websocket-extensions", "permessage-deflate"), List.of(), false);
        assertClientRejects(101, copyWith(good, "sec-websocket-extensions", "permessage-deflate; client_max_window_bits=9"),
                List.of(), true);
    }

    private static HttpHeaders copyWith(HttpHeaders h, String name, String value) {
        HttpHeaders c = new HttpHeaders();
        h.forEach(c::add);
        return c.set(name, value);
    }

    private static void assertClientRejects(int status, HttpHeaders h, List<String> protocols, boolean deflate) {
        assertThatThrownBy(() -> WebSocketHandshake.checkResponse(status, h, KEY, protocols, deflate))
                .isInstanceOf(WebSocketHandshakeException.class).extracting("status").isEqualTo(status);
    }

    private static void assertStatus(String method, int minor, HttpHeaders h, int status) {
        assertThat(catchHandshake(method, minor, h).status()).isEqualTo(status);
    }

    private static WebSocketHandshakeException catchHandshake(String method, int minor, HttpHeaders h) {
        try {
            WebSocketHandshake.checkRequest(method, minor, h);
        } catch (WebSocketHandshakeException e) {
            return e;
        }
        throw new AssertionError("accepted: " + h);
    }
}
