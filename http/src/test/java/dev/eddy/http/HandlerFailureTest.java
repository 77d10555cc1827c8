package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HandlerFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Router router() {
        return new Router()
                .get("/throw", r -> {
                    throw new IllegalStateException("secret detail");
                })
                .get("/fail", r -> Future.failed(r.loop(), new IOException("backend down: secret")))
                .get("/null", r -> null)
                .get("/split", r -> r.respond(HttpResponse.text(200, "x").header("X-Bad", "a\r\nSet-Cookie: evil")))
                .get("/midstream", r -> r.respond(HttpResponse.streamed(200, out -> {
                    out.write("partial");
                    throw new IllegalStateException("writer broke");
                })))
                .get("/ok", r -> r.respond(HttpResponse.text(200, "ok")));
    }

    @Test
    void throwingOrFailingHandlersGet500WithoutDetails() throws Exception {
        try (LogCapture log = LogCapture.of(HttpConnection.LOG.getName());
             ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            for (String path : new String[]{"/throw", "/fail", "/null", "/split"}) {
                RawClient.Response r = c.get(path);
                assertThat(r.status()).as(path).isEqualTo(500);
                assertThat(r.text()).doesNotContain("secret").doesNotContain("evil");
                assertThat(r.head()).doesNotContain("Set-Cookie");
            }
            assertThat(c.get("/ok").text()).isEqualTo("ok");   // same connection, still usable
            // the details the client did not see are in the log, with their stacks
            assertThat(log.await(4, System.Logger.Level.TRACE, "^handler failed on GET /", WAIT))
                    .extracting(r -> r.getMessage() + " <- " + r.getThrown().getMessage())
                    .containsExactlyInAnyOrder(
                            "handler failed on GET /throw HTTP/1.1; answering 500 <- secret detail",
                            "handler failed on GET /fail HTTP/1.1; answering 500 <- backend down: secret",
                            "handler failed on GET /null HTTP/1.1; answering 500 <- handler returned null instead of a Future",
                            "handler failed on GET /split HTTP/1.1; answering 500 <- invalid header value for X-Bad: "
                                    + "CR, LF and control characters are not allowed (response splitting)");
        }
    }

    @Test
    void failureAfterTheResponseBeganClosesTheConnection() throws Exception {
        try (LogCapture log = LogCapture.of(HttpConnection.LOG.getName());
             ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("GET /midstream HTTP/1.1\r\nHost: t\r\n\r\n");
            String head = c.readHead();
            assertThat(head).startsWith("HTTP/1.1 200");
            byte[] rest = c.socket.getInputStream().readAllBytes();    // ends with EOF: closed
            assertThat(new String(rest)).contains("partial").doesNotContain("0\r\n\r\n");
            f.awaitNoConnections();
            assertThat(log.await(1, System.Logger.Level.TRACE, "^body writer failed on GET /midstream", WAIT))
                    .singleElement().satisfies(r -> assertThat(r.getThrown()).hasMessage("writer broke"));
        }
    }
}
