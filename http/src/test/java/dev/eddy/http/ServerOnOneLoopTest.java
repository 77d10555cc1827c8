package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code listen(IOLoop, ...)}: the server on a loop the caller runs, here with runSync. */
class ServerOnOneLoopTest {

    @Test
    void servesOnACallerRunLoopAndShutsDown() throws Exception {
        ExecutorService clientThread = Executors.newSingleThreadExecutor();
        try (IOLoop loop = new IOLoop()) {
            HttpServer server = new HttpServer(r -> r.body().readAll()
                    .map(b -> HttpResponse.text(200, r.method() + " " + UrlEncoded.parse(b).first("name"))));
            int port = server.listen(loop, new InetSocketAddress("127.0.0.1", 0)).getPort();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try (RawClient c = new RawClient(port)) {
                    c.send("POST /form HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 13\r\n\r\nname=Ada+L%2E");
                    return c.read().text();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, clientThread);
            String text = loop.runSync(() -> Futures.fromStage(loop, answer), Duration.ofSeconds(5));
            assertThat(text).isEqualTo("POST Ada L.");
            loop.runSync(() -> Futures.fromStage(loop, server.shutdown(Duration.ofSeconds(1))), Duration.ofSeconds(5));
            assertThat(server.connectionCount()).isZero();
        } finally {
            clientThread.shutdownNow();
        }
    }
}
