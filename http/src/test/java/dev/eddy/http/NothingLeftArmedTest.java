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

    @Test
    void aSecondShutdownWithAShorterGraceEndsItSoonerAndLeavesNoTimerArmed() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            HttpServer server = new HttpServer(r -> new dev.eddy.Promise<HttpResponse>(r.loop()));   // never answers
            InetSocketAddress address = server.listen(loop, new InetSocketAddress("127.0.0.1", 0));
            HttpClient client = new HttpClient(loop);
            dev.eddy.Future<String> answer = test.run(() -> {
                dev.eddy.Future<String> f = client.fetch("http://127.0.0.1:" + address.getPort() + "/").map(r -> r.bodyText());
                return Futures.sleep(loop, Duration.ofMillis(10)).map(v -> f);   // the request is in flight
            }, DEADLINE);

            server.shutdown(Duration.ofMinutes(10));
            test.run(() -> Futures.fromStage(loop, server.shutdown(Duration.ofSeconds(1))), DEADLINE);
            assertThat(test.elapsed()).as("the second, shorter grace period ended the shutdown")
                    .isLessThan(Duration.ofMinutes(1));
            assertThat(test.run(() -> answer.map(v -> "answered").recover(e -> "failed"), DEADLINE))
                    .isEqualTo("failed");                    // the request the server abandoned
            client.close();
            test.run(() -> Futures.moment(loop), DEADLINE);
            assertThat(test.leaks()).as("the first, 10-minute grace timer is cancelled, not left armed").isEmpty();
        }
    }
}
