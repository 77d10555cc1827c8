package dev.eddy.http.wire;

import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpHeadersTest {

    @Test
    void namesAreCaseInsensitiveAndMultiValued() {
        HttpHeaders h = new HttpHeaders(1).add("Set-Cookie", "a=1").add("set-cookie", "b=2").add("X-One", "1");
        assertThat(h.get("SET-COOKIE")).isEqualTo("a=1");
        assertThat(h.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(h.getAll("missing")).isEmpty();
        assertThat(h.names()).containsExactly("Set-Cookie", "X-One");
        assertThat(h.contains("x-one")).isTrue();
        h.set("set-cookie", "c=3");
        assertThat(h.getAll("Set-Cookie")).containsExactly("c=3");
        assertThat(h.remove("X-ONE")).isTrue();
        assertThat(h.remove("X-ONE")).isFalse();
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void valuesWithCrOrLfAreRejected() {
        HttpHeaders h = new HttpHeaders();
        assertThatThrownBy(() -> h.add("X", "a\r\nSet-Cookie: x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response splitting");
        assertThatThrownBy(() -> h.add("X", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("X", "a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpResponse.of(200).header("X", "\r")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.add("X", "tab\tand obs-text \u00e9").get("x")).isEqualTo("tab\tand obs-text \u00e9");
    }

    @Test
    void ofNeedsPairs() {
        assertThat(HttpHeaders.of("a", "1", "b", "2").size()).isEqualTo(2);
        assertThatThrownBy(() -> HttpHeaders.of("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpHeaders.of().name(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void responseContentTypeShowsInItsHeadersAndIsValidated() {
        HttpResponse r = HttpResponse.json(200, "{}");
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
        HttpResponse t = HttpResponse.text(200, "x").header("X-A", "1");
        assertThat(t.headers().getAll("Content-Type")).containsExactly("text/plain; charset=utf-8");
        assertThat(t.headers().size()).isEqualTo(2);
        assertThatThrownBy(() -> HttpResponse.bytes(200, "text/plain\r\nX: y", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpResponse.of(204).headers().isEmpty()).isTrue();
    }
}
