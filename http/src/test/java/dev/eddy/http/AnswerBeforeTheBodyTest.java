package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import dev.eddy.net.StreamOptions;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that answers without reading the request's body (a refused upload, say), on a
 * connection that closes after the answer: the server reads and drops the rest of the body
 * before it closes. It used to close at once with the body's bytes unread, and a socket closed
 * with unread bytes is reset (the kernel sends RST, not FIN), so the client, still sending, got
 * a reset instead of the answer. Found by {@code HttpOnASimulatedNetworkTest}; the last test
 * shows it over real TCP too, where most 8 MB uploads failed.
 */
class AnswerBeforeTheBodyTest {

    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final HttpHandler REFUSE = r -> r.respond(HttpResponse.text(403, "no uploads here"));

    @Test
    void aBodyLargerThanTheSkipLimitIsDroppedBeforeTheCloseAndTheAnswerArrives() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedHttp s = simulated(test);
            ClientResponse r = test.run(() -> s.client().fetch(ClientRequest.post("http://server/upload")
                    .body(new byte[1 << 20], "application/octet-stream").build()), DEADLINE);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("connection")).isEqualTo("close");
            s.close();
        }
    }

    @Test
    void aClientThatAsksForCloseGetsTheAnswerToABodyTheHandlerDidNotRead() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedHttp s = simulated(test);
            byte[] request = ("POST /upload HTTP/1.1\r\nHost: server\r\nConnection: close\r\nContent-Length: 100000\r\n\r\n"
                    + "x".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
            byte[] answer = test.run(() -> s.net().connectStream("server", 80, StreamOptions.defaults()).flatMap(stream -> {
                stream.write(request).addDoneCallback(f -> { });
                return stream.readUntilClose().whenComplete((b, t) -> stream.close());
            }), DEADLINE);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 403 ").endsWith("no uploads here");
            s.close();
        }
    }

    @Test
    void overTcpTooEveryRefusedEightMegabyteUploadGetsItsAnswer() throws Exception {
        try (ServerFixture f = new ServerFixture(REFUSE); IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            for (int i = 0; i < 5; i++) {
                ClientResponse r = loop.runSync(() -> client.fetch(ClientRequest.post("http://127.0.0.1:" + f.port + "/upload")
                        .body(new byte[8 << 20], "application/octet-stream").build()), Duration.ofSeconds(30));
                assertThat(r.status()).as("upload %d", i).isEqualTo(403);
            }
            loop.runSync(() -> {
                client.close();
                return Futures.moment(loop);
            }, Duration.ofSeconds(5));
        }
    }

    /** The refusing server and a client over a perfect simulated network. */
    private static SimulatedHttp simulated(TestLoop test) {
        return new SimulatedHttp(test, 1, NetworkFaults.none(), REFUSE, HttpServerOptions.defaults());
    }
}
