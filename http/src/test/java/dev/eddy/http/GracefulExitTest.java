package dev.eddy.http;

import dev.eddy.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shutdown hook's work, run directly (a test cannot send its own JVM SIGTERM; the examples'
 * rolling-restart test does that to real processes): idle connections closed, the request in
 * flight finished with {@code Connection: close}, then the loops closed and the waiter woken.
 */
class GracefulExitTest {

    @Test
    void drainsFinishesInFlightThenClosesTheLoops() throws Exception {
        CompletableFuture<Promise<HttpResponse>> slow = new CompletableFuture<>();
        HttpHandler handler = r -> {
            if (r.path().equals("/slow")) {
                Promise<HttpResponse> p = new Promise<>(r.loop());
                slow.complete(p);
                return p;
            }
            return r.respond(HttpResponse.text(200, "fast"));
        };
        ServerFixture f = new ServerFixture(handler);
        try (RawClient idle = f.client(); RawClient busy = f.client()) {
            assertThat(idle.get("/").text()).isEqualTo("fast");
            busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            Promise<HttpResponse> inFlight = slow.get(5, TimeUnit.SECONDS);

            GracefulExit exit = GracefulExit.install(f.server, Duration.ofSeconds(10), f.group);
            assertThat(exit.uninstall()).isTrue();          // this JVM is not exiting: run the hook's work here
            CompletableFuture<Void> waited = onItsOwnThread(() -> {
                exit.awaitExit();
                return null;
            });
            CompletableFuture<Void> drain = onItsOwnThread(() -> {
                exit.drainNow();        // what the hook's thread runs
                return null;
            });

            assertThat(idle.isClosedByServer()).isTrue();
            assertThat(waited).isNotDone();
            f.loop().addCallback(() -> inFlight.complete(HttpResponse.text(200, "finished")));
            RawClient.Response last = busy.read();
            assertThat(last.text()).isEqualTo("finished");
            assertThat(last.header("connection")).isEqualTo("close");

            drain.get(5, TimeUnit.SECONDS);
            waited.get(5, TimeUnit.SECONDS);
            assertThat(f.loop().isClosed()).isTrue();
        } finally {
            f.group.close();
        }
    }

    /** Runs {@code task} on a thread of its own (not a pool that blocking work could starve). */
    private static <T> CompletableFuture<T> onItsOwnThread(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "graceful-exit-test");
        t.setDaemon(true);
        t.start();
        return result;
    }

    @Test
    void theDeadlineMustBePositive() {
        HttpServer server = new HttpServer(r -> r.respond(HttpResponse.text(200, "")));
        assertThatThrownBy(() -> GracefulExit.install(server, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
