package dev.eddy.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Methods beyond the common ones (WebDAV's PROPFIND, the QUERY method with a body) travel
 * over a real socket to the handler; a method nothing serves gets 501 and the connection
 * stays usable, while a method too long to be real is refused by the parser and closed.
 */
class ExtensionMethodsTest {

    private static ServerFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .route("PROPFIND", "/files/{name}", r -> r.respond(HttpResponse.text(207,
                        "PROPFIND " + r.pathParam("name") + " depth " + r.headers().get("depth"))))
                .route("QUERY", "/search", r -> r.body().readAll().map(b -> HttpResponse.text(200,
                        "QUERY " + new String(b, java.nio.charset.StandardCharsets.UTF_8))))
                .get("/", r -> r.respond(HttpResponse.text(200, "ok")));
        fixture = new ServerFixture(router);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void propfindAndQueryReachTheirHandlers() throws Exception {
        try (RawClient c = fixture.client()) {
            c.send("PROPFIND /files/notes.txt HTTP/1.1\r\nHost: a\r\nDepth: 1\r\n\r\n");
            RawClient.Response propfind = c.read();
            assertThat(propfind.status()).isEqualTo(207);
            assertThat(propfind.text()).isEqualTo("PROPFIND notes.txt depth 1");

            c.send("QUERY /search HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nkind=book");
            RawClient.Response query = c.read();
            assertThat(query.status()).isEqualTo(200);
            assertThat(query.text()).isEqualTo("QUERY kind=book");
        }
    }

    @Test
    void aMethodNothingServesIs501AndTheConnectionCarriesOn() throws Exception {
        try (RawClient c = fixture.client()) {
            c.send("BREW / HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(501);
            assertThat(c.get("/").text()).isEqualTo("ok");
        }
    }

    @Test
    void aMethodLongerThanAnyRealOneIs501AndClosed() throws Exception {
        try (RawClient c = fixture.client()) {
            c.send("A".repeat(40) + " / HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(501);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }
}
