package dev.eddy.http.client;

import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.http.SimulatedHttp;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A connection reset while the client is still writing its request: the fetch fails with a
 * {@link ConnectionLostException}, and the writes that failed with it are not left behind as
 * failures nobody looked at (a test loop's leak check reported them, from inside the client).
 * Found by {@code HttpOnASimulatedNetworkTest}; here on a network that resets every connection
 * at its first byte, so the request's first write is the one that meets the reset.
 */
class ResetWhileSendingTheRequestTest {

    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final NetworkFaults RESET_AT_ONCE = NetworkFaults.none().withResets(1.0, 0);

    @Test
    void aRequestBodyWriteFailedByAResetIsNotLeftUnobserved() throws Exception {
        for (long seed = 0; seed < 4; seed++) {       // the reset strikes at the client or at the server
            try (TestLoop test = TestLoop.onVirtualTime()) {
                fetchFails(test, seed, ClientRequest.post("http://server/").body(new byte[1000], "text/plain"));
            }   // the leak check: no failed write nobody observed
        }
    }

    @Test
    void aStreamedRequestsHeadWriteFailedByAResetIsNotLeftUnobserved() throws Exception {
        Consumer<BodyWriter> producer = sink -> sink.write(new byte[100]).whenComplete((v, t) -> sink.end());
        for (long seed = 0; seed < 4; seed++) {
            try (TestLoop test = TestLoop.onVirtualTime()) {
                fetchFails(test, seed, ClientRequest.post("http://server/").body(producer, -1));
            }
        }
    }

    private static void fetchFails(TestLoop test, long seed, ClientRequest.Builder request) throws Exception {
        SimulatedHttp s = new SimulatedHttp(test, seed, RESET_AT_ONCE, r -> r.respond(HttpResponse.text(200, "never")),
                HttpServerOptions.defaults());
        assertThatThrownBy(() -> test.run(() -> s.client().fetch(request.build()), DEADLINE))
                .isInstanceOf(ConnectionLostException.class);
        s.close();
        assertThat(s.server().connectionCount()).isZero();
    }
}
