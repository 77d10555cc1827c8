package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.body.BodyWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-pressure end to end: a peer that stops reading stops a streamed request body's
 * producer, and a consumer that stops accepting stops the server's streamed response. Without
 * it, all 64 MiB would be accepted at once (and buffered somewhere).
 */
class BackPressureTest {

    private static final long TOTAL = 64L << 20;
    private static final int PIECE = 1 << 20;

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void aServerThatStopsReadingPausesTheProducer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServers.Raw raw = new TestServers.Raw((socket, in, out) -> {
            TestServers.readHead(in);
            release.await();            // read nothing more: the client's writes must back up
        })) {
            HttpClient client = new HttpClient(loop);
            AtomicLong accepted = new AtomicLong();
            byte[] piece = new byte[PIECE];
            Consumer<BodyWriter> producer = sink -> Coroutine.async(loop, () -> {
                while (accepted.get() < TOTAL) {
                    Coroutine.await(sink.write(piece));
                    accepted.addAndGet(PIECE);
                }
                sink.end();
                return null;
            });
            client.fetch(ClientRequest.post(raw.url("/upload")).body(producer, TOTAL).build());
            loop.runSync(() -> Futures.sleep(loop, Duration.ofMillis(300)), Duration.ofSeconds(5));
            assertThat(accepted.get()).isGreaterThan(0).isLessThan(TOTAL / 2);
            release.countDown();
        }
    }

    @Test
    void aConsumerThatStopsAcceptingPausesTheServer() throws Exception {
        AtomicLong written = new AtomicLong();
        try (TestServers.Eddy server = new TestServers.Eddy(r -> r.respond(HttpResponse.streamed(200, out ->
                Coroutine.async(r.loop(), () -> {
                    ByteBuffer piece = ByteBuffer.allocate(PIECE);
                    while (written.get() < TOTAL && out.isOpen()) {
                        Coroutine.await(out.write(piece.clear()));
                        written.addAndGet(PIECE);
                    }
                    out.end();
                    return null;
                }))))) {
            HttpClient client = new HttpClient(loop);
            Promise<Void> never = new Promise<>(loop);
            AtomicLong received = new AtomicLong();
            BodyConsumer stuck = chunk -> {
                received.addAndGet(chunk.remaining());
                return never;           // "not ready for more", forever
            };
            Future<ClientResponse> f = client.fetch(ClientRequest.get(server.url("/stream")).stream(stuck).build());
            loop.runSync(() -> Futures.sleep(loop, Duration.ofMillis(300)), Duration.ofSeconds(5));
            assertThat(received.get()).isGreaterThan(0);
            assertThat(f.isDone()).isFalse();
            assertThat(written.get()).isLessThan(TOTAL / 2);
        }
    }
}
