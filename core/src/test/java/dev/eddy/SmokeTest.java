package dev.eddy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void runSyncReturnsTheResultOfATimer() {
        try (IOLoop loop = new IOLoop()) {
            String s = loop.runSync(() -> Futures.sleep(loop, Duration.ofMillis(5)).map(v -> "slept"), Duration.ofSeconds(5));
            assertThat(s).isEqualTo("slept");
        }
    }
}
