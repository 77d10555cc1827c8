package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.HttpClient;
import dev.eddy.http.client.RequestTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out example's gather: answers and timeouts come back as outcomes, in request order. */
class FanoutTest {

    @Test
    void fastRequestsAnswerAndSlowOnesBecomeTimeoutOutcomes() throws Exception {
        try (IOLoop loop = new IOLoop()) {
            int port = Fanout.demoServer(loop);
            List<String> urls = List.of("http://127.0.0.1:" + port + "/delay/1", "http://127.0.0.1:" + port + "/delay/5000",
                    "http://127.0.0.1:" + port + "/delay/2");
            HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(3));
            List<Fanout.Outcome> outcomes = loop.runSync(() -> Fanout.gather(loop, client, urls, Duration.ofMillis(300)),
                    Duration.ofSeconds(4));
            assertThat(outcomes).extracting(Fanout.Outcome::url).isEqualTo(urls);
            assertThat(outcomes.get(0).response().bodyText()).isEqualTo("slept 1");
            assertThat(outcomes.get(2).response().bodyText()).isEqualTo("slept 2");
            assertThat(outcomes.get(1).error()).isInstanceOf(RequestTimeoutException.class);
            assertThat(outcomes.get(1).toString()).contains("RequestTimeoutException");
        }
    }
}
