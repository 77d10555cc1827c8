package dev.eddy.http;

import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deterministic mutation fuzzing (fixed seeds, bounded in time): valid requests with random
 * byte flips, truncations and insertions. In memory, the parser may only return heads or
 * throw {@link HttpProtocolException}; over a socket, the server may only answer or close
 * (never hang beyond its timeouts), and no connection may be left open.
 */
class ParserFuzzTest {

    private static final List<String> SEEDS = List.of(
            "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n",
            "POST /form?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world",
            "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n",
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc");

    static byte[] mutate(Random rnd, byte[] valid) {
        byte[] b = valid.clone();
        int ops = 1 + rnd.nextInt(3);
        for (int k = 0; k < ops; k++) {
            switch (rnd.nextInt(4)) {
                case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);                 // flip a byte
                case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, rnd.nextInt(b.length)));  // truncate
                case 2 -> {                                                                    // insert bytes
                    int at = rnd.nextInt(b.length);
                    byte[] ins = new byte[1 + rnd.nextInt(4)];
                    byte[] pool = " \t\r\n:;,0f\u0000\u00ffa".getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < ins.length; i++) {
                        ins[i] = rnd.nextBoolean() ? pool[rnd.nextInt(pool.length)] : (byte) rnd.nextInt(256);
                    }
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    o.write(b, 0, at);
                    o.write(ins, 0, ins.length);
                    o.write(b, at, b.length - at);
                    b = o.toByteArray();
                }
                default -> {                                                                   // duplicate a line
                    String s = new String(b, StandardCharsets.ISO_8859_1);
                    int nl = s.indexOf("\r\n", rnd.nextInt(s.length()));
                    int prev = nl < 0 ? -1 : s.lastIndexOf("\r\n", Math.max(0, nl - 1));
                    if (nl > 0 && prev >= 0) {
                        s = s.substring(0, nl) + s.substring(prev, nl) + s.substring(nl);
                        b = s.getBytes(StandardCharsets.ISO_8859_1);
                    }
                }
            }
        }
        return b;
    }

    @Test
    void parserOnlyEverProducesHeadsOrProtocolErrors() {
        Random rnd = new Random(20261125);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int runs = 0;
        while (runs < 200_000 && System.nanoTime() - deadline < 0) {
            byte[] input = mutate(rnd, SEEDS.get(runs % SEEDS.size()).getBytes(StandardCharsets.ISO_8859_1));
            int cut = input.length > 1 ? 1 + rnd.nextInt(input.length - 1) : 0;
            feed(input, cut);
            runs++;
        }
        assertThat(runs).isGreaterThan(1000);
    }

    /** Parses like a connection; anything but HttpProtocolException escapes and fails the test. */
    private static void feed(byte[] input, int cut) {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        ChunkedDecoder chunked = new ChunkedDecoder(HttpLimits.defaults());
        RequestHead head = null;
        long remaining = 0;
        try {
            for (ByteBuffer in : new ByteBuffer[]{ByteBuffer.wrap(input, 0, cut), ByteBuffer.wrap(input, cut, input.length - cut)}) {
                while (in.hasRemaining()) {
                    if (head == null) {
                        head = parser.parse(in);
                        if (head == null) {
                            break;
                        }
                        remaining = head.contentLength();
                        chunked.reset();
                        if (!head.hasBody()) {
                            head = null;
                            parser.reset();
                        }
                    } else if (head.chunked()) {
                        int n = chunked.read(in);
                        if (n > 0) {
                            in.position(in.position() + n);
                        } else if (n < 0) {
                            head = null;
                            parser.reset();
                        }
                    } else {
                        int n = (int) Math.min(remaining, in.remaining());
                        in.position(in.position() + n);
                        remaining -= n;
                        if (remaining == 0) {
                            head = null;
                            parser.reset();
                        }
                    }
                }
            }
        } catch (HttpProtocolException e) {
            assertThat(e.status()).isIn(400, 413, 414, 417, 431, 501, 505);
        }
    }

    @Test
    void serverOnlyEverAnswersOrClosesAndLeaksNothing() throws Exception {
        HttpServerOptions quick = HttpServerOptions.defaults().withHeaderTimeout(Duration.ofMillis(150))
                .withBodyTimeout(Duration.ofMillis(150)).withIdleTimeout(Duration.ofMillis(150));
        Router router = new Router()
                .route("*", "/plaintext", r -> r.respond(HttpResponse.text(200, "hi")))
                .route("*", "/", r -> r.body().readAll().map(b -> HttpResponse.text(200, "n=" + b.length)))
                .route("*", "/form", r -> r.respond(HttpResponse.text(200, "skip")))
                .route("*", "/up", r -> r.body().readAll().map(b -> HttpResponse.text(200, "n=" + b.length)));
        Random rnd = new Random(42);
        try (ServerFixture f = new ServerFixture(router, quick)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            int runs = 0;
            while (runs < 300 && System.nanoTime() - deadline < 0) {
                byte[] input = mutate(rnd, SEEDS.get(runs % SEEDS.size()).getBytes(StandardCharsets.ISO_8859_1));
                try (RawClient c = f.client()) {
                    c.socket.setSoTimeout(3000);    // far above the server's 150 ms timeouts: a hang fails
                    try {
                        c.send(input);
                        // a final request that asks to close, so intact streams end without waiting
                        c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    } catch (IOException e) {
                        continue;                   // the server already closed on an early error
                    }
                    drainUntilClosed(c);
                }
                runs++;
            }
            assertThat(runs).isGreaterThan(10);
            f.awaitNoConnections();
        }
    }

    /** Reads responses until the server closes; a read that times out means a hang. */
    private static void drainUntilClosed(RawClient c) throws IOException {
        byte[] buf = new byte[4096];
        try {
            while (c.socket.getInputStream().read(buf) >= 0) {
                // responses, 100 Continue, error responses: all fine
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server neither answered nor closed within 3 s", e);
        } catch (IOException e) {
            // connection reset: a clean close from the server's side
        }
    }
}
