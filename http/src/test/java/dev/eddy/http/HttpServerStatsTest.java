package dev.eddy.http;

import dev.eddy.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpServerStatsTest {

    @Test
    void countsConnectionsRequestsStatusClassesErrorsAndBytes() throws Exception {
        Router router = new Router()
                .get("/ok", r -> r.respond(HttpResponse.text(200, "ok")))
                .get("/fail", r -> {
                    throw new IllegalStateException("broken handler");
                });
        try (LogCapture log = LogCapture.of(HttpConnection.LOG.getName()).expect(System.Logger.Level.ERROR,
                "handler failed on GET /fail");
             ServerFixture f = new ServerFixture(router)) {
            long sent = 0;
            long received = 0;
            try (RawClient c = f.client()) {
                for (String target : new String[] {"/ok", "/missing", "/fail"}) {
                    String request = "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
                    c.send(request);
                    sent += request.length();
                    RawClient.Response r = c.read();
                    received += r.head().length() + r.body().length;
                }
            }
            try (RawClient bad = f.client()) {
                String garbage = "NOT HTTP\r\n\r\n";
                bad.send(garbage);
                sent += garbage.length();
                RawClient.Response r = bad.read();
                assertThat(r.status()).isEqualTo(400);
                received += r.head().length() + r.body().length;
                assertThat(bad.isClosedByServer()).isTrue();
            }
            f.awaitNoConnections();
            HttpServerStats stats = f.onLoop(f.server::stats);
            assertThat(stats.openConnections()).isZero();
            assertThat(stats.connectionsAccepted()).isEqualTo(2);
            assertThat(stats.requests()).as("request heads parsed; the garbage is not one").isEqualTo(3);
            assertThat(stats.responses2xx()).isEqualTo(1);
            assertThat(stats.responses4xx()).as("404 and 400").isEqualTo(2);
            assertThat(stats.responses5xx()).isEqualTo(1);
            assertThat(stats.responses1xx()).isZero();
            assertThat(stats.responses3xx()).isZero();
            assertThat(stats.responses()).isEqualTo(4);
            assertThat(stats.handlerErrors()).isEqualTo(1);
            assertThat(stats.protocolErrors()).isEqualTo(1);
            assertThat(stats.bytesIn()).isEqualTo(sent);
            assertThat(stats.bytesOut()).isEqualTo(received);
        }
    }

    @Test
    void openConnectionsAreCountedWhileOpen() throws Exception {
        try (ServerFixture f = new ServerFixture(r -> r.respond(HttpResponse.text(200, "ok")));
             RawClient a = f.client(); RawClient b = f.client()) {
            assertThat(a.get("/").status()).isEqualTo(200);
            assertThat(b.get("/").status()).isEqualTo(200);
            HttpServerStats stats = f.onLoop(f.server::stats);
            assertThat(stats.openConnections()).isEqualTo(2);
            assertThat(stats.bytesOut()).isPositive();
        }
    }
}
