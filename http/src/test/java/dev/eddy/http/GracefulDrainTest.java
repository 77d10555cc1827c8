package dev.eddy.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful shutdown under way: a keep-alive connection that was just used is not closed
 * under the client's next request; that request is answered with {@code Connection: close},
 * and then the connection closes. A request that was arriving (half a head) is finished too.
 */
class GracefulDrainTest {

    private static final HttpHandler HELLO = r -> r.respond(HttpResponse.text(200, "hello " + r.path()));

    @Test
    void theNextRequestOnAKeepAliveConnectionIsAnsweredWithConnectionClose() throws Exception {
        try (ServerFixture f = new ServerFixture(HELLO); RawClient c = f.client()) {
            assertThat(c.get("/before").text()).isEqualTo("hello /before");
            CompletableFuture<Void> done = f.server.shutdown(Duration.ofSeconds(10));
            f.onLoop(() -> null);                       // the shutdown has reached the connection

            RawClient.Response last = c.get("/during");
            assertThat(last.text()).isEqualTo("hello /during");
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
            done.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRequestHalfArrivedWhenTheShutdownBeganIsFinished() throws Exception {
        try (ServerFixture f = new ServerFixture(HELLO); RawClient c = f.client()) {
            c.send("GET /split HTTP/1.1\r\nHo");
            f.onLoop(() -> null);
            f.server.shutdown(Duration.ofSeconds(10));
            f.onLoop(() -> null);
            RawClient.Response r = c.send("st: t\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("hello /split");
            assertThat(r.header("connection")).isEqualTo("close");
        }
    }

    @Test
    void anIdleConnectionIsClosedOnceQuietAndTheShutdownCompletes() throws Exception {
        try (ServerFixture f = new ServerFixture(HELLO); RawClient c = f.client()) {
            assertThat(c.get("/").text()).isEqualTo("hello /");
            CompletableFuture<Void> done = f.server.shutdown(Duration.ofSeconds(30));
            assertThat(c.isClosedByServer()).isTrue();      // within the 5 s read deadline, well before 30 s
            done.get(5, TimeUnit.SECONDS);
        }
    }
}
