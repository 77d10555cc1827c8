package dev.eddy.http;

import dev.eddy.http.body.BodyWriter;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A response carries a streamed body or a connection upgrade, never both, and says which. */
class HttpResponseTest {

    private static final ConnectionUpgrade TAKE_OVER = (transport, leftover) -> ops -> { };

    @Test
    void aStreamedResponseHasItsWriterAndNoUpgrade() {
        Consumer<BodyWriter> writer = stream -> { };
        HttpResponse r = HttpResponse.streamed(200, writer);
        assertThat(r.isStreamed()).isTrue();
        assertThat(r.writer()).isSameAs(writer);
        assertThat(r.upgradeOrNull()).isNull();
    }

    @Test
    void anUpgradeIsNotAStreamedBody() {
        HttpResponse r = HttpResponse.of(101).upgrade(TAKE_OVER);
        assertThat(r.upgradeOrNull()).isSameAs(TAKE_OVER);
        assertThat(r.isStreamed()).isFalse();
        assertThat(r.writer()).isNull();
    }

    @Test
    void onlyA101WithoutABodyUpgrades() {
        assertThatThrownBy(() -> HttpResponse.of(200).upgrade(TAKE_OVER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a 101");
        assertThatThrownBy(() -> HttpResponse.streamed(101, stream -> { }).upgrade(TAKE_OVER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no body");
    }
}
