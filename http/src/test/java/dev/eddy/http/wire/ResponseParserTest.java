package dev.eddy.http.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseParserTest {

    private static ResponseHead parse(String response, String method, int cut) throws HttpProtocolException {
        byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
        ResponseParser p = new ResponseParser(HttpLimits.defaults());
        ResponseHead h = p.parse(ByteBuffer.wrap(b, 0, cut), method);
        if (h == null) {
            ByteBuffer rest = ByteBuffer.wrap(b, cut, b.length - cut);
            h = p.parse(rest, method);
        }
        return h;
    }

    private static ResponseHead parse(String response, String method) throws HttpProtocolException {
        return parse(response, method, response.length());
    }

    @Test
    void parsesAtEverySplitPoint() throws Exception {
        String r = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nX-A: b\r\n\r\n";
        for (int cut = 1; cut <= r.length(); cut++) {
            ResponseHead h = parse(r, "GET", cut);
            assertThat(h.status()).isEqualTo(404);
            assertThat(h.reason()).isEqualTo("Not Found");
            assertThat(h.contentLength()).isEqualTo(9);
            assertThat(h.headers().get("x-a")).isEqualTo("b");
            assertThat(h.keepAlive()).isTrue();
        }
    }

    @Test
    void framingRules() throws Exception {
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "GET").chunked()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD").hasBody()).isFalse();
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n", "GET").hasBody()).isFalse();
        assertThat(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "GET").hasBody()).isFalse();
        ResponseHead untilClose = parse("HTTP/1.0 200 OK\r\n\r\n", "GET");
        assertThat(untilClose.untilClose()).isTrue();
        assertThat(untilClose.keepAlive()).isFalse();
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "GET").untilClose()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", "GET").keepAlive()).isFalse();
        assertThat(parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", "GET").reason()).isEmpty();
    }

    @Test
    void malformedResponsesAreRefused() {
        for (String bad : new String[]{
                "HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
                "HTTP/1.1 200 OK\rX\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX : y\r\n\r\n"}) {
            assertThatThrownBy(() -> parse(bad, "GET")).as(bad).isInstanceOf(HttpProtocolException.class);
        }
    }
}
