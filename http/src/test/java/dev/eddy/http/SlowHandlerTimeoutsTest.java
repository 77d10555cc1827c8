package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that answers later than the server's idle timeout: the connection's clock must
 * be read when the answer comes, not left at the time the request arrived. It was left there,
 * so a large answer that did not fit in the socket at once was cut off at once ("client stopped
 * reading": no progress for longer than the idle timeout, counted from the request), and a
 * keep-alive connection was closed right after a small answer (idle since the request). Found
 * by {@code HttpOnASimulatedNetworkTest}; here over a simulated network with 64 KiB buffers and
 * no delays, so only the handler's time passes.
 */
class SlowHandlerTimeoutsTest {

    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration SLOWER = Duration.ofSeconds(2);
    private static final byte[] LARGE = SeededRoutes.bytes(1, 1 << 20);

    @Test
    void aLargeAnswerAfterAHandlerSlowerThanTheIdleTimeoutArrivesWhole() throws Exception {
        HttpHandler slow = r -> Futures.sleep(r.loop(), SLOWER).map(v -> HttpResponse.bytes(200, "application/octet-stream", LARGE));
        assertThat(fetchOnce(slow).body()).isEqualTo(LARGE);
    }

    @Test
    void aStreamedPieceWrittenLaterThanTheIdleTimeoutArrivesWhole() throws Exception {
        HttpHandler streaming = r -> r.respond(HttpResponse.streamed(200, out ->
                r.loop().callLater(SLOWER, () -> out.write(LARGE).whenComplete((v, t) -> out.end().addDoneCallback(f -> { })))));
        assertThat(fetchOnce(streaming).body()).isEqualTo(LARGE);
    }

    @Test
    void aKeepAliveConnectionStaysOpenAfterASlowHandlersAnswer() throws Exception {
        HttpHandler slow = r -> Futures.sleep(r.loop(), SLOWER).map(v -> HttpResponse.text(200, "late"));
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedHttp s = setup(test, slow);
            ClientResponse second = test.run(() -> s.client().fetch("http://server/1")
                    .flatMap(first -> Futures.sleep(test.loop(), Duration.ofMillis(100)))
                    .flatMap(v -> s.client().fetch("http://server/2")), DEADLINE);
            assertThat(second.bodyText()).isEqualTo("late");
            assertThat(s.accepted()).as("connections the server accepted").hasSize(1);
            s.close();
        }
    }

    private static ClientResponse fetchOnce(HttpHandler handler) throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedHttp s = setup(test, handler);
            ClientResponse r = test.run(() -> s.client().fetch("http://server/"), DEADLINE);
            s.close();
            return r;
        }
    }

    /** A server with a 1 s idle timeout and a client, over a network of 64 KiB buffers and no delays. */
    private static SimulatedHttp setup(TestLoop test, HttpHandler handler) {
        return new SimulatedHttp(test, 1, NetworkFaults.none().withBuffers(64 << 10, 64 << 10), handler,
                HttpServerOptions.defaults().withIdleTimeout(IDLE));
    }
}
