package dev.eddy.http.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RequestParser#complete} and {@link RequestParser#headersInto}: the allocation-free way
 * to parse, for a server that reuses its request objects. It must read exactly what
 * {@link RequestParser#parse} reads, and overwrite reused headers completely.
 */
class ParsingInPlaceTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void completeReadsTheSameHeadAsParse() throws Exception {
        String request = "POST /a?b=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc";
        RequestHead head = new RequestParser(HttpLimits.defaults()).parse(bytes(request));

        RequestParser p = new RequestParser(HttpLimits.defaults());
        ByteBuffer in = bytes(request);
        assertThat(p.complete(in)).isTrue();
        assertThat(in.remaining()).as("stops at the body").isEqualTo(3);
        HttpHeaders h = new HttpHeaders();
        p.headersInto(h);
        assertThat(new RequestHead(p.method(), p.target(), p.minorVersion(), h, p.contentLength(), p.chunked(),
                p.keepAlive(), p.expectContinue()).toString()).isEqualTo(head.toString());
        assertThat(p.method()).isSameAs("POST");
        assertThat(p.expectContinue()).isTrue();
    }

    @Test
    void aHeadSplitAnywhereCompletesOnlyAtItsEnd() throws Exception {
        String request = "GET /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int cut = 1; cut < request.length(); cut++) {
            RequestParser p = new RequestParser(HttpLimits.defaults());
            assertThat(p.complete(bytes(request.substring(0, cut)))).as("cut at %d", cut).isFalse();
            assertThat(p.complete(bytes(request.substring(cut)))).isTrue();
            assertThat(p.chunked()).isTrue();
            assertThat(p.contentLength()).isEqualTo(-1);
            assertThat(p.target()).isEqualTo("/x");
        }
    }

    @Test
    void headersIntoReplacesEveryFieldAndKeepsEqualStrings() throws Exception {
        RequestParser p = new RequestParser(HttpLimits.defaults());
        HttpHeaders reused = new HttpHeaders(1);
        p.complete(bytes("GET / HTTP/1.1\r\nHost: same\r\nAccept: a\r\nX-Gone: 1\r\nX-Gone-Too: 2\r\n\r\n"));
        p.headersInto(reused);
        assertThat(reused.size()).isEqualTo(4);
        String host = reused.value(0);
        String accept = reused.name(1);
        p.reset();

        p.complete(bytes("GET / HTTP/1.1\r\nHost: same\r\nAccept: b\r\n\r\n"));
        p.headersInto(reused);
        assertThat(reused.size()).isEqualTo(2);
        assertThat(reused.value(0)).isSameAs(host);
        assertThat(reused.name(1)).isSameAs(accept);
        assertThat(reused.value(1)).isEqualTo("b");
        assertThat(reused.get("x-gone")).isNull();
        assertThat(reused.names()).containsExactly("host", "accept");
        p.reset();

        p.complete(bytes("GET / HTTP/1.1\r\nHost: other\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n"));
        p.headersInto(reused);
        assertThat(reused.size()).isEqualTo(6);
        assertThat(reused.get("host")).isEqualTo("other");
        assertThat(reused.get("e")).isEqualTo("5");
    }

    @Test
    void aBadHeadFailsCompleteAsItFailsParse() {
        RequestParser p = new RequestParser(HttpLimits.defaults());
        assertThatThrownBy(() -> p.complete(bytes("GET / HTTP/1.1\r\n\r\n")))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("Host");
    }
}
