package dev.eddy.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop parses every head that arrives whole with one shared parser, and a connection
 * owns a parser only while a head of its own is cut off: heads interleaved across
 * connections, and errors on one, never mix into another.
 */
class SharedParserTest {

    private static final HttpHandler PATH = r -> r.respond(HttpResponse.text(200, r.path()));

    @Test
    void aHeadCutOffOnOneConnectionSurvivesWholeHeadsOnAnother() throws Exception {
        try (ServerFixture f = new ServerFixture(PATH); RawClient a = f.client(); RawClient b = f.client()) {
            a.send("GET /first-half-of-a");
            assertThat(b.get("/b1").text()).isEqualTo("/b1");      // parsed by the shared parser meanwhile
            a.send("-and-the-rest HTTP/1.1\r\nHo");
            assertThat(b.get("/b2").text()).isEqualTo("/b2");
            a.send("st: t\r\n\r\n");
            assertThat(a.read().text()).isEqualTo("/first-half-of-a-and-the-rest");
            assertThat(a.get("/a2").text()).isEqualTo("/a2");
        }
    }

    @Test
    void aMalformedHeadOnOneConnectionLeavesTheSharedParserClean() throws Exception {
        try (ServerFixture f = new ServerFixture(PATH); RawClient bad = f.client(); RawClient good = f.client()) {
            bad.send("GET /x HTTP/1.1\r\nBad Header: y\r\n\r\n");
            assertThat(bad.read().status()).isEqualTo(400);
            assertThat(good.get("/fine").text()).isEqualTo("/fine");
            good.send("GET /split HTTP/1.1\r\nHost: t\r\n");
            good.send("\r\n");
            assertThat(good.read().text()).isEqualTo("/split");
        }
    }

    /** Polls {@code condition} on the loop until it holds (5 s deadline). */
    private static void awaitOnLoop(ServerFixture f, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!f.onLoop(condition::getAsBoolean)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 5 s");
            }
        }
    }

    @Test
    void anIdleConnectionOwnsNoParserAndNoBodyReader() throws Exception {
        try (ServerFixture f = new ServerFixture(PATH); RawClient c = f.client()) {
            c.send("GET /partly HTTP/1.1\r\n");
            awaitOnLoop(f, () -> f.server.openConnections().stream().anyMatch(x -> x.held != null && x.held.parser() != null));   // cut off: its own
            c.send("Host: t\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("/partly");
            HttpConnection idle = f.onLoop(() -> f.server.openConnections().get(0));
            assertThat(f.onLoop(() -> idle.held == null && idle.body == null && idle.ending == null)).isTrue();
        }
    }
}
