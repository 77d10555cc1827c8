package dev.eddy.http;

import dev.eddy.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpServerOptions#reuseRequests()}: a finished request object carries a later request,
 * and nothing of the earlier one shows through (headers, body, query, path parameters); off,
 * every request is its own object and stays readable after its exchange.
 */
class ReusedRequestsTest {

    private static final HttpResponse PREPARED = HttpResponse.text(200, "prepared");

    /** What a handler saw, written down while its exchange was in progress. */
    record Seen(HttpRequest request, String line, String headers, String query, String id, long bodyLength) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private HttpHandler recorder() {
        return new Router()
                .get("/items/{id}", this::record)
                .get("/plain", this::record)
                .post("/upload", r -> r.body().readAll().flatMap(b -> {
                    record(r);
                    return r.respond(HttpResponse.text(200, "got " + b.length));
                }));
    }

    private Future<HttpResponse> record(HttpRequest r) {
        StringBuilder h = new StringBuilder();
        r.headers().forEach((n, v) -> h.append(n).append('=').append(v).append(';'));
        seen.add(new Seen(r, r.method() + " " + r.path() + " " + r.version(), h.toString(),
                r.query().toString(), r.pathParam("id"), r.body().contentLength()));
        return r.respond(PREPARED);
    }

    private static HttpServerOptions reusing() {
        return HttpServerOptions.defaults().withReuseRequests(true);
    }

    @Test
    void reuseIsOffByDefault() {
        assertThat(HttpServerOptions.defaults().reuseRequests()).isFalse();
        HttpServerOptions o = HttpServerOptions.defaults().withIdleTimeout(java.time.Duration.ofSeconds(3))
                .withReuseRequests(true);
        assertThat(o.reuseRequests()).isTrue();
        assertThat(o.idleTimeout()).hasSeconds(3);
        assertThat(o.withBacklog(7).reuseRequests()).as("other withers keep it").isTrue();
    }

    @Test
    void aLaterRequestOnTheSameConnectionIsCarriedByTheSameObjectWithNothingLeftOver() throws Exception {
        try (ServerFixture f = new ServerFixture(recorder(), reusing()); RawClient c = f.client()) {
            c.send("GET /items/7?x=1&y=2 HTTP/1.1\r\nHost: a\r\nX-First: 1\r\nX-Second: 2\r\nX-Third: 3\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("prepared");
            c.send("GET /plain HTTP/1.1\r\nHost: b\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("prepared");

            assertThat(seen).hasSize(2);
            Seen first = seen.get(0);
            Seen second = seen.get(1);
            assertThat(second.request()).isSameAs(first.request());
            assertThat(first.line()).isEqualTo("GET /items/7 HTTP/1.1");
            assertThat(first.headers()).isEqualTo("host=a;x-first=1;x-second=2;x-third=3;");
            assertThat(first.query()).contains("x").contains("y");
            assertThat(first.id()).isEqualTo("7");
            assertThat(second.line()).isEqualTo("GET /plain HTTP/1.1");
            assertThat(second.headers()).isEqualTo("host=b;");
            assertThat(second.query()).doesNotContain("x");
            assertThat(second.id()).isNull();
            assertThat(f.onLoop(() -> second.request().headers().size())).isEqualTo(1);
        }
    }

    @Test
    void aBodyOfAnEarlierRequestDoesNotShowThroughTheReusedObject() throws Exception {
        try (ServerFixture f = new ServerFixture(recorder(), reusing()); RawClient c = f.client()) {
            c.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(c.read().text()).isEqualTo("got 5");
            c.send("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("prepared");
            c.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("got 3");

            assertThat(seen).extracting(Seen::bodyLength).containsExactly(5L, 0L, -1L);
            assertThat(seen.get(1).request()).isSameAs(seen.get(0).request()).isSameAs(seen.get(2).request());
        }
    }

    @Test
    void pipelinedRequestsEachSeeTheirOwnHead() throws Exception {
        try (ServerFixture f = new ServerFixture(recorder(), reusing()); RawClient c = f.client()) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                all.append("GET /items/").append(i).append(" HTTP/1.1\r\nHost: h").append(i)
                        .append(i % 2 == 0 ? "\r\nX-Even: yes" : "").append("\r\n\r\n");
            }
            c.send(all.toString().getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 20; i++) {
                assertThat(c.read().status()).isEqualTo(200);
            }
            assertThat(seen).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(seen.get(i).id()).isEqualTo(String.valueOf(i));
                assertThat(seen.get(i).headers()).isEqualTo("host=h" + i + ";" + (i % 2 == 0 ? "x-even=yes;" : ""));
            }
        }
    }

    @Test
    void withoutReuseEveryRequestIsItsOwnObjectAndStaysReadableAfterItsExchange() throws Exception {
        try (ServerFixture f = new ServerFixture(recorder()); RawClient c = f.client()) {
            c.send("GET /items/1 HTTP/1.1\r\nHost: a\r\nX-Only-First: 1\r\n\r\n");
            c.read();
            c.send("GET /items/2 HTTP/1.1\r\nHost: b\r\n\r\n");
            c.read();

            HttpRequest first = seen.get(0).request();
            assertThat(seen.get(1).request()).isNotSameAs(first);
            assertThat(f.onLoop(() -> first.header("x-only-first") + " " + first.pathParam("id") + " " + first.header("host")))
                    .isEqualTo("1 1 a");
            assertThat(f.onLoop(() -> first.head().headers().size())).isEqualTo(2);
        }
    }

    @Test
    void answeringWithThePreparedResponseAgainReturnsTheSameFinishedFuture() throws Exception {
        List<Future<HttpResponse>> answers = new CopyOnWriteArrayList<>();
        HttpResponse other = HttpResponse.text(200, "other");
        HttpHandler h = r -> {
            Future<HttpResponse> a = r.respond(r.path().equals("/other") ? other : PREPARED);
            answers.add(a);
            return a;
        };
        try (ServerFixture f = new ServerFixture(h); RawClient c = f.client()) {
            assertThat(c.get("/").text()).isEqualTo("prepared");
            assertThat(c.get("/").text()).isEqualTo("prepared");
            assertThat(c.get("/other").text()).isEqualTo("other");
            assertThat(c.get("/").text()).isEqualTo("prepared");
        }
        assertThat(answers.get(1)).isSameAs(answers.get(0));
        assertThat(answers.get(2)).isNotSameAs(answers.get(0));
        assertThat(answers.get(2).isDone()).isTrue();
        assertThat(answers.get(2).getNow()).isSameAs(other);
        assertThat(answers.get(3).getNow()).isSameAs(PREPARED);
    }
}
