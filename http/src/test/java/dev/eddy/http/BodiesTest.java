package dev.eddy.http;

import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.Future;
import dev.eddy.Promise;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodiesTest {

    private static Router router() {
        return new Router()
                .post("/all", r -> r.body().readAll().map(b ->
                        HttpResponse.text(200, b.length + ":" + new String(b, StandardCharsets.UTF_8)
                                + ":" + r.body().trailers().get("x-sum"))))
                .get("/stream", r -> r.respond(HttpResponse.streamed(200, out -> {
                    out.write("one,");
                    out.write("two,".getBytes(StandardCharsets.UTF_8)).flatMap(v -> out.write("three"))
                            .flatMap(v -> out.end(HttpHeaders.of("X-Done", "yes")));
                })))
                .get("/bigstream", r -> r.respond(HttpResponse.streamed(200, out -> writePieces(out, 64, 0))))
                .get("/broken", r -> r.respond(HttpResponse.streamed(200, out -> {
                    out.write("partial");
                    out.fail(new java.io.IOException("the source of the body failed"));
                    assertThat(out.isOpen()).isFalse();
                })))
                .get("/big", r -> r.respond(HttpResponse.bytes(200, "application/octet-stream", big())))
                .get("/nothing", r -> r.respond(HttpResponse.text(204, "ignored")))
                .get("/cached", r -> r.respond(HttpResponse.text(304, "ignored")))
                .post("/reject", r -> r.respond(HttpResponse.text(403, "no")));
    }

    static byte[] big() {
        byte[] b = new byte[300_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void contentLengthBodyIsRead() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("POST /all HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(c.read().text()).isEqualTo("5:hello:null");
            c.send("POST /all HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("0::null");
        }
    }

    @Test
    void chunkedBodyWithTrailersIsRead() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("POST /all HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nX-Sum: 7\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("7:abcdefg:7");
        }
    }

    @Test
    void streamedResponseIsChunkedWithTrailers() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            RawClient.Response r = c.get("/stream");
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(r.header("content-length")).isNull();
            assertThat(r.text()).isEqualTo("one,two,three");
            assertThat(r.header("trailer:x-done")).isEqualTo("yes");
            assertThat(c.get("/stream").text()).isEqualTo("one,two,three");   // still keep-alive
        }
    }

    @Test
    void aWriterThatFailsCutsTheBodyShortAndTheClientSeesIt() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("GET /broken HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThatThrownBy(c::read).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("closed");     // no last chunk: the body is cut short, not ended
            try (RawClient other = f.client()) {
                assertThat(other.get("/stream").text()).isEqualTo("one,two,three");     // the server carries on
            }
        }
    }

    @Test
    void http10GetsAStreamedBodyUntilClose() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("GET /stream HTTP/1.0\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.header("transfer-encoding")).isNull();
            assertThat(r.text()).isEqualTo("one,two,three");
        }
    }

    @Test
    void largeBodyIsWrittenWhole() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            assertThat(c.get("/big").body()).isEqualTo(big());
            assertThat(c.get("/big").body()).isEqualTo(big());
        }
    }

    @Test
    void headAnd204And304HaveNoBody() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response head = c.read(true);
            assertThat(head.header("content-length")).isEqualTo("300000");
            c.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read(true).status()).isEqualTo(200);
            RawClient.Response none = c.get("/nothing");
            assertThat(none.status()).isEqualTo(204);
            assertThat(none.header("content-length")).isNull();
            assertThat(c.get("/cached").status()).isEqualTo(304);
            // if any of those had sent a body, this response would not parse
            assertThat(c.get("/big").body()).hasSize(300_000);
        }
    }

    @Test
    void expectContinueIsAnsweredWhenTheHandlerReads() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("POST /all HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 100 Continue\r\n");
            c.send("ok");
            assertThat(c.read().text()).isEqualTo("2:ok:null");
        }
    }

    @Test
    void expectContinueIsNotSentWhenTheHandlerRejectsFirst() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("POST /reject HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(403);       // not 100 first
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void unreadSmallBodyIsSkippedAndTheConnectionReused() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.send("POST /reject HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789"
                    + "POST /all HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx");
            assertThat(c.read().status()).isEqualTo(403);
            assertThat(c.read().text()).isEqualTo("1:x:null");
        }
    }

    @Test
    void streamingUploadIsBackPressured() throws Exception {
        int size = 32 * 1024 * 1024;
        java.util.concurrent.atomic.AtomicReference<Promise<Void>> go = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Long> received = new CompletableFuture<>();
        HttpHandler slowReader = r -> {
            go.set(new Promise<>(r.loop()));
            long[] n = {0};
            return go.get().flatMap(v -> drain(r, n)).map(v -> {
                received.complete(n[0]);
                return HttpResponse.text(200, String.valueOf(n[0]));
            });
        };
        try (ServerFixture f = new ServerFixture(slowReader, HttpServerOptions.defaults()
                .withLimits(dev.eddy.http.wire.HttpLimits.defaults().withMaxBodyBytes(size)));
             SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", f.port))) {
            ch.write(ByteBuffer.wrap(("PUT /up HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long sent = 0;
            int zeroWrites = 0;
            // write until the kernel buffers are full: the server is not reading (handler hasn't asked)
            while (sent < size && zeroWrites < 200) {
                chunk.clear();
                int n = ch.write(chunk);
                sent += n;
                zeroWrites = n == 0 ? zeroWrites + 1 : 0;
                if (n == 0) {
                    f.onLoop(() -> null);   // give the server a turn to read what it wants
                }
            }
            assertThat(sent).as("bytes accepted while the handler was not reading").isLessThan(size / 2);
            f.onLoop(() -> {
                go.get().complete(null);
                return null;
            });
            ch.configureBlocking(true);
            while (sent < size) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), size - sent));
                sent += ch.write(chunk);
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(size);
            ByteArrayOutputStream resp = new ByteArrayOutputStream();
            ByteBuffer rb = ByteBuffer.allocate(1024);
            while (!resp.toString(StandardCharsets.ISO_8859_1).endsWith(String.valueOf(size))) {
                rb.clear();
                int n = ch.read(rb);
                if (n < 0) {
                    break;
                }
                resp.write(Arrays.copyOf(rb.array(), n));
            }
            assertThat(resp.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200").endsWith(String.valueOf(size));
        }
    }

    /** Writes {@code total} pieces of 64 KiB, each after the previous write's future: back-pressure. */
    private static void writePieces(BodyWriter out, int total, int done) {
        if (done == total) {
            out.end();
            return;
        }
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) ('a' + done % 26));
        out.write(piece).addDoneCallback(f -> {
            if (f.isSucceeded()) {
                writePieces(out, total, done + 1);
            }
        });
    }

    @Test
    void streamedResponseLargerThanTheSocketBuffersArrivesWhole() throws Exception {
        try (ServerFixture f = new ServerFixture(router()); RawClient c = f.client()) {
            c.socket.setReceiveBufferSize(16 * 1024);
            byte[] body = c.get("/bigstream").body();
            assertThat(body).hasSize(64 * 64 * 1024);
            assertThat(body[body.length - 1]).isEqualTo((byte) ('a' + 63 % 26));
            assertThat(c.get("/bigstream").body()).hasSize(64 * 64 * 1024);   // and the connection is reusable
        }
    }

    private static Future<Void> drain(HttpRequest r, long[] n) {
        return r.body().read().flatMap(piece -> {
            if (piece == null) {
                return Future.succeeded(r.loop(), null);
            }
            n[0] += piece.remaining();
            return drain(r, n);
        });
    }
}
