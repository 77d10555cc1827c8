package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code Sec-WebSocket-Extensions} grammar of RFC 6455 section 9.1. */
class WebSocketExtensionTest {

    @Test
    void namesParametersAndSeveralLines() {
        List<WebSocketExtension> ext = WebSocketExtension.parse(List.of(
                "permessage-deflate; client_max_window_bits, Permessage-Deflate ;Server_Max_Window_Bits = 10",
                " , x-foo"));
        assertThat(ext).containsExactly(
                new WebSocketExtension("permessage-deflate", List.of(new WebSocketExtension.Param("client_max_window_bits", null))),
                new WebSocketExtension("permessage-deflate", List.of(new WebSocketExtension.Param("server_max_window_bits", "10"))),
                new WebSocketExtension("x-foo", List.of()));
        assertThat(ext.get(1).toString()).isEqualTo("permessage-deflate; server_max_window_bits=10");
    }

    @Test
    void quotedValuesMustHoldTokens() {
        assertThat(WebSocketExtension.parse(List.of("a; b=\"10\"")).get(0).params())
                .containsExactly(new WebSocketExtension.Param("b", "10"));
        assertThat(WebSocketExtension.parse(List.of("a; b=\"1\\0\"")).get(0).params())
                .containsExactly(new WebSocketExtension.Param("b", "10"));
        assertThatThrownBy(() -> WebSocketExtension.parse(List.of("a; b=\"1 0\""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSocketExtension.parse(List.of("a; b=\"10"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedLines() {
        for (String bad : List.of("a b", "; b", "a;", "a; =1", "a; b=", "a; b=c d", "a/b")) {
            assertThatThrownBy(() -> WebSocketExtension.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(WebSocketExtension.parse(List.of("", " , "))).isEmpty();
    }
}
