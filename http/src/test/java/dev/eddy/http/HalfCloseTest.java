package dev.eddy.http;

import dev.eddy.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends its requests and then shuts down its sending side
 * ({@code shutdown(SHUT_WR)}: a FIN while it keeps reading) gets every answer before the
 * server closes, also when the handler answers later than the FIN arrives.
 */
class HalfCloseTest {

    /** Answers with the path, 50 ms later (a loop timer), like a handler waiting for a database. */
    private static final HttpHandler LATER = r -> {
        Promise<HttpResponse> p = new Promise<>(r.loop());
        r.loop().callLater(Duration.ofMillis(50), () -> p.complete(HttpResponse.text(200, "answer to " + r.path())));
        return p;
    };

    @Test
    void anAsynchronousAnswerStillReachesAClientThatShutDownItsOutput() throws Exception {
        try (ServerFixture f = new ServerFixture(LATER); RawClient c = f.client()) {
            c.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n");
            c.socket.shutdownOutput();
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("answer to /one");
            assertThat(c.isClosedByServer()).isTrue();
            f.awaitNoConnections();
        }
    }

    @Test
    void pipelinedRequestsFollowedByAFinAreAllAnsweredInOrderThenClosed() throws Exception {
        try (ServerFixture f = new ServerFixture(LATER); RawClient c = f.client()) {
            c.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /b HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: t\r\n\r\n");
            c.socket.shutdownOutput();
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(c.read().text());
            }
            assertThat(answers).containsExactly("answer to /a", "answer to /b", "answer to /c");
            assertThat(c.isClosedByServer()).isTrue();
            f.awaitNoConnections();
        }
    }

    @Test
    void aRequestWithItsWholeBodyIsAnsweredAfterTheFin() throws Exception {
        HttpHandler echo = r -> r.body().readAll().map(b -> HttpResponse.text(200, new String(b)));
        try (ServerFixture f = new ServerFixture(echo); RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
            c.socket.shutdownOutput();
            assertThat(c.read().text()).isEqualTo("hello");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aHeadCutShortByTheFinIsDroppedAndTheConnectionClosed() throws Exception {
        try (ServerFixture f = new ServerFixture(LATER); RawClient c = f.client()) {
            c.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHo");
            c.socket.shutdownOutput();
            assertThat(c.read().text()).isEqualTo("answer to /one");
            assertThat(c.readHead()).isNull();          // nothing for the half request, just the close
            f.awaitNoConnections();
        }
    }

    @Test
    void anIdleKeepAliveConnectionClosesOnTheFin() throws Exception {
        try (ServerFixture f = new ServerFixture(LATER); RawClient c = f.client()) {
            assertThat(c.get("/x").text()).isEqualTo("answer to /x");
            c.socket.shutdownOutput();
            assertThat(c.isClosedByServer()).isTrue();
            f.awaitNoConnections();
        }
    }
}
