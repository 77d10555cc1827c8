package dev.eddy.http;

import dev.eddy.http.wire.HttpLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit and smuggling case, sent over a real socket: the server must answer with the
 * right status and {@code Connection: close}, then close, and stay healthy for others.
 */
class ProtocolErrorsOverSocketsTest {

    private static ServerFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxRequestLineBytes(100).withMaxHeaderBytes(300)
                .withMaxHeaderCount(10).withMaxBodyBytes(20);
        Router router = new Router()
                .get("/", r -> r.respond(HttpResponse.text(200, "ok")))
                .post("/", r -> r.body().readAll().map(b -> HttpResponse.text(200, "got " + b.length)));
        fixture = new ServerFixture(router, HttpServerOptions.defaults().withLimits(limits));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "request line too long  | GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 414",
            "header too big         | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\\r\\n\\r\\n | 431",
            "too many headers       | GET / HTTP/1.1\\r\\nHost: a\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\nA: 1\\r\\n\\r\\n | 431",
            "declared body too big  | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 21\\r\\n\\r\\n | 413",
            "chunked body too big   | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10\\r\\n0123456789abcdef\\r\\n10\\r\\n0123456789abcdef\\r\\n0\\r\\n\\r\\n | 413",
            "HTTP/2.0               | GET / HTTP/2.0\\r\\nHost: a\\r\\n\\r\\n | 505",
            "method too long        | ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 501",
            "unknown expectation    | GET / HTTP/1.1\\r\\nHost: a\\r\\nExpect: magic\\r\\n\\r\\n | 417",
            "CL and TE              | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400",
            "differing CL           | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd | 400",
            "TE not chunked         | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
            "TE chunked not final   | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n | 501",
            "obs-fold               | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\r\\n b\\r\\n\\r\\n | 400",
            "space before colon     | GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n | 400",
            "bare CR                | GET / HTTP/1.1\\r\\nHost: a\\rX: b\\r\\n\\r\\n | 400",
            "invalid token          | GET / HTTP/1.1\\r\\nHost: a\\r\\nX@Y: b\\r\\n\\r\\n | 400",
            "invalid chunk size     | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400",
            "chunk size overflow    | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1ffffffffffffffff\\r\\n | 400",
            "missing host           | GET / HTTP/1.1\\r\\n\\r\\n | 400",
            "host with a space      | GET / HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n | 400",
            "host with a path       | GET / HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n | 400",
            "host with userinfo     | GET / HTTP/1.1\\r\\nHost: u@a\\r\\n\\r\\n | 400",
    })
    void refusedWithStatusThenClosed(String name, String request, int status) throws Exception {
        try (RawClient c = fixture.client()) {
            c.send(request.trim().replace("\\r", "\r").replace("\\n", "\n"));
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (RawClient c = fixture.client()) {
            assertThat(c.get("/").text()).isEqualTo("ok");       // the server carries on
        }
    }

    @Test
    void errorAfterGoodPipelinedRequestsComesInOrder() throws Exception {
        try (RawClient c = fixture.client()) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/9.9\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(505);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void routerAnswers404And405WithAllow() throws Exception {
        try (RawClient c = fixture.client()) {
            assertThat(c.get("/missing").status()).isEqualTo(404);
            c.send("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET, POST, HEAD");
        }
    }
}
