package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.Router;
import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.wire.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gzip/deflate, large bodies, and bodies streamed both ways with back-pressure. */
class BodiesTest {

    private static final byte[] BIG = new byte[8 << 20];
    private static final byte[] TEXT = "Hello, compressed World! ".repeat(400).getBytes(StandardCharsets.US_ASCII);

    static {
        new Random(42).nextBytes(BIG);
    }

    private IOLoop loop;
    private TestServers.Eddy server;

    @BeforeEach
    void setUp() throws Exception {
        loop = new IOLoop();
        Router router = new Router()
                .get("/gzip", r -> r.respond(encoded("gzip", gzip(TEXT))))
                .get("/deflate", r -> r.respond(encoded("deflate", deflate(TEXT, false))))
                .get("/raw-deflate", r -> r.respond(encoded("deflate", deflate(TEXT, true))))
                .get("/bomb", r -> r.respond(encoded("gzip", gzip(new byte[4 << 20]))))
                .get("/corrupt", r -> r.respond(encoded("gzip", corrupt(gzip(TEXT)))))
                .get("/truncated-gzip", r -> r.respond(encoded("gzip", Arrays.copyOf(gzip(TEXT), 30))))
                .get("/big", r -> r.respond(HttpResponse.bytes(200, "application/octet-stream", BIG)))
                .get("/big-chunked", r -> r.respond(HttpResponse.streamed(200, out -> writeInPieces(r, out))))
                .post("/count", BodiesTest::count)
                .post("/trailers", r -> r.body().readAll().map(b ->
                        HttpResponse.text(200, b.length + " " + r.body().trailers().get("x-sum"))));
        server = new TestServers.Eddy(router);
    }

    @AfterEach
    void tearDown() {
        server.close();
        loop.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, Duration.ofSeconds(10));
    }

    private static HttpResponse encoded(String coding, byte[] body) {
        return HttpResponse.bytes(200, "text/plain", body).header("Content-Encoding", coding);
    }

    /** Sends BIG as 64 KiB chunks, each after the previous one reached the socket. */
    private static void writeInPieces(HttpRequest r, BodyWriter out) {
        Coroutine.async(r.loop(), () -> {
            for (int off = 0; off < BIG.length; off += 65536) {
                Coroutine.await(out.write(ByteBuffer.wrap(BIG, off, 65536)));
            }
            out.end();
            return null;
        });
    }

    /** Reads the request body piece by piece and answers "bytes checksum". */
    private static Future<HttpResponse> count(HttpRequest r) {
        return Coroutine.async(r.loop(), () -> {
            long n = 0;
            long sum = 0;
            ByteBuffer piece;
            while ((piece = Coroutine.await(r.body().read())) != null) {
                n += piece.remaining();
                while (piece.hasRemaining()) {
                    sum += piece.get() & 0xFF;
                }
            }
            return Coroutine.await(r.respond(HttpResponse.text(200, n + " " + sum + " " + r.header("transfer-encoding"))));
        });
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(data);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return bos.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(bos, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(data);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return bos.toByteArray();
    }

    private static byte[] corrupt(byte[] gz) {
        byte[] c = gz.clone();
        for (int i = 12; i < c.length - 8; i++) {
            c[i] ^= 0x55;
        }
        return c;
    }

    private static long sum(byte[] b) {
        long s = 0;
        for (byte x : b) {
            s += x & 0xFF;
        }
        return s;
    }

    @Test
    void gzipAndBothDeflateFlavoursAreDecodedByDefault() {
        HttpClient client = new HttpClient(loop);
        for (String path : new String[]{"/gzip", "/deflate", "/raw-deflate"}) {
            ClientResponse r = run(() -> client.fetch(server.url(path)));
            assertThat(r.body()).as(path).isEqualTo(TEXT);
            assertThat(r.header("content-encoding")).isNotNull();
        }
    }

    @Test
    void gzipWithHeaderFieldsIsDecodedEvenFedByteByByte() {
        // FEXTRA, FNAME, FCOMMENT and FHCRC all set: the header parser must skip each one
        byte[] plain = gzip(TEXT);
        byte[] header = {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, (byte) 0xff,
                3, 0, 'a', 'b', 'c', 'n', 'a', 'm', 'e', 0, 'c', 0, 0x12, 0x34};
        byte[] full = new byte[header.length + plain.length - 10];
        System.arraycopy(header, 0, full, 0, header.length);
        System.arraycopy(plain, 10, full, header.length, plain.length - 10);
        ContentDecoder d = ContentDecoder.forEncoding("gzip", 1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : full) {
            ByteBuffer o = d.decode(ByteBuffer.wrap(new byte[]{b}));
            out.write(o.array(), o.arrayOffset() + o.position(), o.remaining());
        }
        d.finish();
        d.close();
        assertThat(out.toByteArray()).isEqualTo(TEXT);
        assertThat(ContentDecoder.forEncoding("br", 10)).isNull();
        assertThat(ContentDecoder.forEncoding(null, 10)).isNull();
    }

    @Test
    void decompressionCanBeTurnedOff() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withDecompress(false));
        ClientResponse r = run(() -> client.fetch(server.url("/gzip")));
        assertThat(r.body()).isEqualTo(gzip(TEXT));
    }

    @Test
    void aZipBombStopsAtTheDecompressedLimit() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxDecompressedBytes(1 << 20));
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/bomb"))))
                .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("zip bomb");
        assertThat(run(() -> client.fetch(server.url("/gzip"))).body()).isEqualTo(TEXT);
    }

    @Test
    void corruptAndTruncatedGzipAreMalformed() {
        HttpClient client = new HttpClient(loop);
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/corrupt"))))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/truncated-gzip"))))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("ended early");
    }

    @Test
    void largeBodiesByLengthAndChunked() {
        HttpClient client = new HttpClient(loop);
        assertThat(run(() -> client.fetch(server.url("/big"))).body()).isEqualTo(BIG);
        assertThat(run(() -> client.fetch(server.url("/big-chunked"))).body()).isEqualTo(BIG);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void streamedResponseGoesToTheConsumerWithBackPressure() {
        AtomicLong total = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        AtomicInteger pieces = new AtomicInteger();
        int[] status = new int[1];
        BodyConsumer slow = new BodyConsumer() {
            @Override
            public void start(int s, dev.eddy.http.wire.HttpHeaders headers) {
                status[0] = s;
            }

            @Override
            public Future<Void> accept(ByteBuffer chunk) {
                pieces.incrementAndGet();
                total.addAndGet(chunk.remaining());
                while (chunk.hasRemaining()) {
                    sum.addAndGet(chunk.get() & 0xFF);
                }
                return pieces.get() % 4 == 0 ? Futures.sleep(loop, Duration.ofMillis(1)) : null;
            }
        };
        HttpClient limited = new HttpClient(loop, ClientOptions.defaults().withMaxBodyBytes(1024));
        ClientResponse r = run(() -> limited.fetch(ClientRequest.get(server.url("/big-chunked")).stream(slow).build()));
        assertThat(r.body()).isEmpty();             // streamed, not buffered: no body limit applies
        assertThat(status[0]).isEqualTo(200);
        assertThat(total.get()).isEqualTo(BIG.length);
        assertThat(sum.get()).isEqualTo(sum(BIG));
        assertThat(pieces.get()).isGreaterThan(8);
        assertThat(limited.idleConnections()).isEqualTo(1);     // read to the end: kept for reuse
    }

    @Test
    void aFetchEndsOnlyAfterTheConsumerFinishedTheLastPiece() {
        HttpClient client = new HttpClient(loop);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        BodyConsumer pausing = chunk -> {
            accepted.incrementAndGet();
            return Futures.sleep(loop, Duration.ofMillis(1)).map(v -> {
                finished.incrementAndGet();
                return null;
            });
        };
        run(() -> client.fetch(ClientRequest.get(server.url("/big")).stream(pausing).build()));
        assertThat(accepted.get()).isGreaterThan(1);
        assertThat(finished.get()).isEqualTo(accepted.get());
    }

    @Test
    void aFailingConsumerFailsTheFetchAndClosesTheConnection() {
        HttpClient client = new HttpClient(loop);
        BodyConsumer failing = chunk -> Future.failed(loop, new IllegalStateException("disk full"));
        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.get(server.url("/big")).stream(failing).build())))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void streamedRequestBodyChunkedAndWithLength() {
        HttpClient client = new HttpClient(loop);
        Consumer<BodyWriter> producer = sink -> Coroutine.async(loop, () -> {
            for (int off = 0; off < BIG.length; off += 100_000) {
                Coroutine.await(sink.write(ByteBuffer.wrap(BIG, off, Math.min(100_000, BIG.length - off))));
            }
            sink.end();
            return null;
        });
        ClientResponse chunked = run(() -> client.fetch(ClientRequest.post(server.url("/count")).body(producer, -1).build()));
        assertThat(chunked.bodyText()).isEqualTo(BIG.length + " " + sum(BIG) + " chunked");
        ClientResponse sized = run(() -> client.fetch(ClientRequest.post(server.url("/count"))
                .body(producer, BIG.length).build()));
        assertThat(sized.bodyText()).isEqualTo(BIG.length + " " + sum(BIG) + " null");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aStreamedRequestBodyEndsWithTrailersAndItsEndSaysWhenTheLastBytesAreOut() {
        HttpClient client = new HttpClient(loop);
        List<Future<Void>> ends = new ArrayList<>();
        List<Boolean> open = new ArrayList<>();
        Consumer<BodyWriter> writer = out -> {
            open.add(out.isOpen());
            out.write("abc");
            ends.add(out.end(HttpHeaders.of("X-Sum", "294")));
            open.add(out.isOpen());
        };
        ClientResponse chunked = run(() -> client.fetch(ClientRequest.post(server.url("/trailers")).body(writer, -1).build()));
        assertThat(chunked.bodyText()).isEqualTo("3 294");
        ClientResponse sized = run(() -> client.fetch(ClientRequest.post(server.url("/trailers")).body(writer, 3).build()));
        assertThat(sized.bodyText()).as("no trailers without chunked framing").isEqualTo("3 null");
        assertThat(ends).hasSize(2).allMatch(Future::isSucceeded);     // the server answered after the whole body
        assertThat(open).containsExactly(true, false, true, false);
    }

    @Test
    void aProducerThatLiesAboutTheLengthOrFailsFailsTheFetch() {
        HttpClient client = new HttpClient(loop);
        Consumer<BodyWriter> tooShort = sink -> {
            sink.write(new byte[3]);
            sink.end();
        };
        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.post(server.url("/count")).body(tooShort, 10).build())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("declared 10");
        Consumer<BodyWriter> failing = sink -> sink.fail(new IllegalArgumentException("source gone"));
        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.post(server.url("/count")).body(failing, -1).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("source gone");
        assertThat(client.openConnections()).isZero();
    }
}
