package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.Promise;
import dev.eddy.http.body.BodyWriter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownAndDisconnectTest {

    @Test
    void gracefulShutdownFinishesInFlightRequestsAndClosesIdleOnes() throws Exception {
        CompletableFuture<Promise<HttpResponse>> pending = new CompletableFuture<>();
        HttpHandler handler = r -> {
            if (r.path().equals("/slow")) {
                Promise<HttpResponse> p = new Promise<>(r.loop());
                pending.complete(p);
                return p;
            }
            return r.respond(HttpResponse.text(200, "fast"));
        };
        try (ServerFixture f = new ServerFixture(handler); RawClient idle = f.client(); RawClient busy = f.client()) {
            assertThat(idle.get("/").text()).isEqualTo("fast");
            busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            Promise<HttpResponse> p = pending.get(5, TimeUnit.SECONDS);

            CompletableFuture<Void> done = f.server.shutdown(Duration.ofSeconds(10));
            assertThat(idle.isClosedByServer()).isTrue();
            assertThat(done).isNotDone();
            f.loop().addCallback(() -> p.complete(HttpResponse.text(200, "finished")));
            RawClient.Response r = busy.read();
            assertThat(r.text()).isEqualTo("finished");
            assertThat(r.header("connection")).isEqualTo("close");
            done.get(5, TimeUnit.SECONDS);
            assertThat(busy.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shutdownClosesWhatIsLeftAtTheDeadline() throws Exception {
        HttpHandler never = r -> new Promise<>(r.loop());
        try (ServerFixture f = new ServerFixture(never); RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            f.onLoop(() -> null);
            f.server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(f.connections()).isZero();
        }
    }

    @Test
    void clientDisconnectMidBodyFailsTheReadAndCompletesClosed() throws Exception {
        CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
        CompletableFuture<Boolean> closedSeen = new CompletableFuture<>();
        HttpHandler handler = r -> {
            r.closed().addDoneCallback(x -> closedSeen.complete(true));
            return r.body().readAll().map(b -> HttpResponse.text(200, "all"))
                    .recover(t -> {
                        readFailure.complete(t);
                        throw new IllegalStateException(t);
                    });
        };
        try (ServerFixture f = new ServerFixture(handler)) {
            try (RawClient c = f.client()) {
                c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly some");
                f.onLoop(() -> null);
            }
            assertThat(readFailure.get(5, TimeUnit.SECONDS)).isInstanceOf(java.io.IOException.class);
            assertThat(closedSeen.get(5, TimeUnit.SECONDS)).isTrue();
            f.awaitNoConnections();
        }
    }

    @Test
    void clientDisconnectMidResponseIsNoticedByTheWriter() throws Exception {
        CompletableFuture<Throwable> writeFailure = new CompletableFuture<>();
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        byte[] piece = new byte[64 * 1024];
        HttpHandler endless = r -> r.respond(HttpResponse.streamed(200, out -> {
            started.complete(true);
            writeForever(out, piece, writeFailure);
        }));
        try (ServerFixture f = new ServerFixture(endless)) {
            try (RawClient c = f.client()) {
                c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(c.readHead()).startsWith("HTTP/1.1 200");
                started.get(5, TimeUnit.SECONDS);
            }
            assertThat(writeFailure.get(5, TimeUnit.SECONDS)).isInstanceOf(java.io.IOException.class);
            f.awaitNoConnections();
        }
    }

    private static void writeForever(BodyWriter out, byte[] piece, CompletableFuture<Throwable> failure) {
        Future<Void> w = out.write(piece);
        w.addDoneCallback(done -> {
            if (done.isFailed()) {
                failure.complete(done.cause());
            } else {
                writeForever(out, piece, failure);
            }
        });
    }
}
