package dev.eddy.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeouts with short configured values; the client waits with socket read deadlines. */
class TimeoutsTest {

    private static final HttpServerOptions SHORT = HttpServerOptions.defaults()
            .withHeaderTimeout(Duration.ofMillis(300))
            .withBodyTimeout(Duration.ofMillis(300))
            .withIdleTimeout(Duration.ofMillis(300));

    private static Router router() {
        return new Router()
                .get("/", r -> r.respond(HttpResponse.text(200, "ok")))
                .post("/", r -> r.body().readAll().map(b -> HttpResponse.text(200, "got " + b.length)));
    }

    @Test
    void incompleteHeadGets408AndClose() throws Exception {
        try (ServerFixture f = new ServerFixture(router(), SHORT); RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void slowlorisTricklingAHeadIsCutOff() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (ServerFixture f = new ServerFixture(router(), SHORT); RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n");
            // one header byte every 20 ms: the connection is never idle, but the head never ends
            trickler.scheduleAtFixedRate(() -> {
                try {
                    c.send("x");
                } catch (Exception e) {
                    throw new RuntimeException(e);     // closed by the server: stop
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            trickler.shutdownNow();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosed() throws Exception {
        try (ServerFixture f = new ServerFixture(router(), SHORT); RawClient c = f.client()) {
            assertThat(c.get("/").text()).isEqualTo("ok");
            assertThat(c.isClosedByServer()).isTrue();       // within the 5 s read deadline
            f.awaitNoConnections();
        }
    }

    @Test
    void bodyThatStopsArrivingGets408() throws Exception {
        try (ServerFixture f = new ServerFixture(router(), SHORT); RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void busyConnectionIsNotCutOffByTheIdleTimeout() throws Exception {
        try (ServerFixture f = new ServerFixture(router(), SHORT); RawClient c = f.client()) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            int n = 0;
            while (System.nanoTime() - end < 0) {   // requests back to back for longer than the idle timeout
                assertThat(c.get("/").text()).isEqualTo("ok");
                n++;
            }
            assertThat(n).isGreaterThan(1);
        }
    }
}
