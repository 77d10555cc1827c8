package dev.eddy.http;

import dev.eddy.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveAndPipeliningTest {

    /** Answers /n/{i} with "i"; odd i answer later than even ones (out of order completion). */
    private static Router numbers() {
        return new Router()
                .get("/n/{i}", r -> {
                    String i = r.pathParam("i");
                    if (Integer.parseInt(i) % 2 == 0) {
                        return r.respond(HttpResponse.text(200, i));
                    }
                    Promise<HttpResponse> later = new Promise<>(r.loop());
                    r.loop().callLater(Duration.ofMillis(1), () -> later.complete(HttpResponse.text(200, i)));
                    return later;
                })
                .get("/close", r -> r.respond(HttpResponse.text(200, "bye").header("Connection", "close")));
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers()); RawClient c = f.client()) {
            for (int i = 0; i < 5; i++) {
                RawClient.Response r = c.get("/n/" + i);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo(String.valueOf(i));
                assertThat(r.header("connection")).isNull();
                assertThat(r.header("date")).endsWith("GMT");
            }
            assertThat(f.connections()).isEqualTo(1);
        }
    }

    @Test
    void hundredPipelinedRequestsInOneWriteAreAnsweredInOrder() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers()); RawClient c = f.client()) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                all.append("GET /n/").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            c.send(all.toString());
            for (int i = 0; i < 100; i++) {
                assertThat(c.read().text()).isEqualTo(String.valueOf(i));
            }
        }
    }

    @Test
    void pipelinedResponsesThatOverflowTheSocketArriveWholeAndInOrder() throws Exception {
        // Responses are copied into the loop's direct buffer for the socket; what the socket
        // does not take is queued. A client that reads nothing until it has sent three thousand
        // requests makes the socket refuse most of them, and read batches whose responses do
        // not fit the direct buffer go out from the heap: every byte must arrive, in order.
        Router bodies = new Router().get("/b/{i}", r -> {
            int i = Integer.parseInt(r.pathParam("i"));
            return r.respond(HttpResponse.text(200, body(i)));
        });
        try (ServerFixture f = new ServerFixture(bodies); RawClient c = f.client()) {
            StringBuilder all = new StringBuilder();
            int n = 3000;
            for (int i = 0; i < n; i++) {
                all.append("GET /b/").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            c.send(all.toString());
            for (int i = 0; i < n; i++) {
                RawClient.Response r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).as("response %d", i).isEqualTo(body(i));
            }
        }
    }

    /** Response {@code i}'s body: its number, then 500 or 7,000 letters (two in three long). */
    private static String body(int i) {
        return i + ":" + String.valueOf((char) ('a' + i % 26)).repeat(i % 3 == 0 ? 500 : 7_000);
    }

    @Test
    void connectionCloseFromTheClientIsHonoured() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers()); RawClient c = f.client()) {
            c.send("GET /n/2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /n/4 HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.text()).isEqualTo("2");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();       // the second request is not answered
        }
    }

    @Test
    void connectionCloseFromTheHandlerIsHonoured() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers()); RawClient c = f.client()) {
            RawClient.Response r = c.get("/close");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers())) {
            try (RawClient c = f.client()) {
                c.send("GET /n/2 HTTP/1.0\r\n\r\n");
                assertThat(c.read().header("connection")).isEqualTo("close");
                assertThat(c.isClosedByServer()).isTrue();
            }
            try (RawClient c = f.client()) {
                c.send("GET /n/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertThat(c.read().header("connection")).isEqualTo("keep-alive");
                c.send("GET /n/3 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertThat(c.read().text()).isEqualTo("3");
            }
        }
    }

    @Test
    void requestSplitAcrossManyWritesIsServed() throws Exception {
        try (ServerFixture f = new ServerFixture(numbers()); RawClient c = f.client()) {
            String req = "GET /n/8 HTTP/1.1\r\nHost: t\r\nX-Long: " + "v".repeat(300) + "\r\n\r\n";
            for (int i = 0; i < req.length(); i += 7) {
                c.send(req.substring(i, Math.min(req.length(), i + 7)));
            }
            assertThat(c.read().text()).isEqualTo("8");
        }
    }
}
