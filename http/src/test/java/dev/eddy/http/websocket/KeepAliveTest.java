package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection makes a {@link KeepAlive} only when its options ask for pings or an idle
 * timeout: an idle WebSocket without either carries no timer state (the loopback tests show
 * the keep-alive itself working).
 */
class KeepAliveTest {

    @Test
    void isWantedOnlyWithPingsOrAnIdleTimeout() {
        assertThat(KeepAlive.isWanted(WebSocketOptions.defaults())).isFalse();
        assertThat(KeepAlive.isWanted(WebSocketOptions.defaults().withKeepAlive(Duration.ofSeconds(30), Duration.ZERO))).isTrue();
        assertThat(KeepAlive.isWanted(WebSocketOptions.defaults().withKeepAlive(Duration.ZERO, Duration.ofMinutes(2)))).isTrue();
    }
}
