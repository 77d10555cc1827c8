package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The echo server: any method echoed, GET /plaintext answered, bodies read in constant memory. */
class EchoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RunningServer running;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        running = Echo.start(Echo.CLI.parse("--port", "0"));
        base = "http://127.0.0.1:" + running.address().getPort();
    }

    @AfterAll
    static void stop() {
        running.stop();
    }

    private static ClientResponse send(ClientRequest request) {
        try (IOLoop loop = new IOLoop()) {
            return loop.runSync(() -> new HttpClient(loop).fetch(request), WAIT);
        }
    }

    @Test
    void echoesMethodsOutsideTheUsualList() {
        for (String method : new String[]{"PROPFIND", "QUERY", "M-SEARCH", "PURGE"}) {
            ClientResponse r = send(ClientRequest.request(method, base + "/dav/x?depth=1").body("abc").build());
            assertThat(r.status()).as(method).isEqualTo(200);
            assertThat(r.bodyText()).as(method).contains("\"method\":\"" + method + "\"", "\"path\":\"/dav/x\"",
                    "\"bodyLength\":3",
                    "\"bodySha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
        }
    }

    @Test
    void getPlaintextAnswersHelloWorldAndOtherMethodsOnItAreEchoed() {
        ClientResponse hello = send(ClientRequest.get(base + "/plaintext").build());
        assertThat(hello.bodyText()).isEqualTo("Hello, World!");
        assertThat(hello.header("Content-Type")).startsWith("text/plain");
        ClientResponse posted = send(ClientRequest.post(base + "/plaintext").body("x").build());
        assertThat(posted.bodyText()).contains("\"method\":\"POST\"", "\"path\":\"/plaintext\"");
    }

    /**
     * Reads 300,000 one-byte pieces and weighs the heap at piece 20,000 and at the end: the
     * loop keeps nothing per piece. The same measurement of the recursive flatMap version
     * (the trap the loop avoids) shows it growing, which is what makes this test able to fail.
     */
    @Test
    void readingABodyKeepsNothingPerPiece() {
        int pieces = 300_000;
        long loopGrowth = heapGrowthWhileReading(pieces, (loop, source) -> BodyDigest.read(loop, source).map(BodyDigest::length));
        long chainGrowth = heapGrowthWhileReading(pieces, (loop, source) -> recursiveLength(loop, source, 0));
        assertThat(chainGrowth).as("the recursive chain grows (so the measurement works)").isGreaterThan(6_000_000);
        assertThat(loopGrowth).as("the loop stays flat").isLessThan(2_000_000);
    }

    @Test
    void aFailedReadFailsTheDigest() {
        try (IOLoop loop = new IOLoop()) {
            IOException lost = new IOException("client went away");
            Supplier<Future<ByteBuffer>> source = () -> Future.failed(loop, lost);
            assertThatThrownBy(() -> loop.runSync(() -> BodyDigest.read(loop, source), WAIT)).hasCause(lost);
        }
    }

    /** The trap, on purpose: each piece adds a link the end must travel back through. */
    private static Future<Long> recursiveLength(IOLoop loop, Supplier<Future<ByteBuffer>> source, long sofar) {
        return source.get().flatMap(piece -> piece == null ? Future.succeeded(loop, sofar)
                : recursiveLength(loop, source, sofar + piece.remaining()));
    }

    private interface Reader {
        Future<Long> read(IOLoop loop, Supplier<Future<ByteBuffer>> source);
    }

    private static long heapGrowthWhileReading(int pieces, Reader reader) {
        long[] heap = new long[2];
        int[] given = {0};
        try (IOLoop loop = new IOLoop()) {
            Supplier<Future<ByteBuffer>> source = () -> {
                int i = given[0]++;
                if (i == 20_000) {
                    heap[0] = usedHeapAfterGc();
                }
                if (i == pieces) {
                    heap[1] = usedHeapAfterGc();
                    return Future.succeeded(loop, null);
                }
                return Future.succeeded(loop, ByteBuffer.wrap(new byte[]{(byte) i}));
            };
            long length = loop.runSync(() -> reader.read(loop, source), Duration.ofSeconds(60));
            assertThat(length).isEqualTo(pieces);
        }
        return heap[1] - heap[0];
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
