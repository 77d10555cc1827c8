package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.http.client.HttpClient;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that has shut down and a client that has closed leave nothing behind on their loop:
 * no channel open, no timer armed (the test loop's leak check would name it).
 */
class NothingLeftArmedTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void aShutDownServerAndAClosedClientLeaveNoTimerArmed() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            HttpServer server = new HttpServer(r -> r.respond(HttpResponse.text(200, "ok")));
            InetSocketAddress address = server.listen(loop, new InetSocketAddress("127.0.0.1", 0));
            HttpClient client = new HttpClient(loop);
            String body = test.run(() -> client.fetch("http://127.0.0.1:" + address.getPort() + "/")
                    .map(r -> r.bodyText()), DEADLINE);
            assertThat(body).isEqualTo("ok");

            client.close();                                  // its pool held the connection idle, with a sweeper
            test.run(() -> Futures.fromStage(loop, server.shutdown(Duration.ofMinutes(10))), DEADLINE);
            test.run(() -> Futures.moment(loop), DEADLINE);  // the closes settle

            assertThat(test.leaks()).as("before: the pool's idle sweeper and the server's 10-minute grace timer")
                    .isEmpty();
            assertThat(test.elapsed()).as("shutting down took no time: nothing waited for the grace period")
                    .isLessThan(Duration.ofMinutes(10));
        }
    }
}
