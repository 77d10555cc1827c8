package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.HttpClient;
import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A restart that drops nothing: two {@code hello} processes on one port (SO_REUSEPORT), under
 * continuous keep-alive load from eight concurrent requests. Start the new process beside the
 * old one, send the old one SIGTERM: it stops accepting, answers every request in flight and
 * the next one on each keep-alive connection with {@code Connection: close}, closes
 * connections that stay quiet, and exits; the clients reconnect, and the kernel gives every
 * new connection to the one socket left. Not one request fails.
 *
 * <p>The requests are POSTs, which a client never retries (a GET whose pooled connection was
 * closed under it is retried once, as RFC 9112 allows, and that would hide a dropped request):
 * a request the old process drops fails here. Killing the old process (SIGKILL) instead of
 * SIGTERM fails this test. Bounded: about 800 requests, 90 s at most, loopback only.
 */
class RollingRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aNewProcessTakesOverWhileTheOldOneDrainsAndNoRequestFails() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "SO_REUSEPORT takeover is tested on Linux");
        try (LoopOnThread clientLoop = LoopOnThread.start("client-loop");
             HelloProcess old = HelloProcess.start("--port", "0", "--reuseport")) {
            IOLoop loop = clientLoop.loop();
            HttpClient client = clientLoop.call(() -> new HttpClient(loop, ClientOptions.defaults()
                    .withRequestTimeout(Duration.ofSeconds(10))));
            SteadyLoad load = new SteadyLoad(loop, client, "http://127.0.0.1:" + old.port() + "/whoami", 8);
            load.start();
            load.moreAnswers(200).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            try (HelloProcess fresh = HelloProcess.start("--port", Integer.toString(old.port()), "--reuseport")) {
                load.moreAnswers(200).get(WAIT.toSeconds(), TimeUnit.SECONDS);

                old.terminate();
                assertThat(old.awaitExit(WAIT)).as("the old process drains and exits; its output:%n%s", old.output())
                        .isTrue();
                int oldAnswered = load.answeredBy(old.pid());
                int freshBefore = load.answeredBy(fresh.pid());
                load.moreAnswers(400).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                load.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(load.failures()).as("failed requests").isEmpty();
                assertThat(oldAnswered).isGreaterThan(0);
                assertThat(load.answeredBy(old.pid())).as("answers from the old process after it exited")
                        .isEqualTo(oldAnswered);
                assertThat(load.answeredBy(fresh.pid()) - freshBefore).isGreaterThanOrEqualTo(400 - 8);
                assertThat(old.output()).as("the old process's output").doesNotContain("Exception", "SEVERE");

                fresh.terminate();
                assertThat(fresh.awaitExit(WAIT)).isTrue();
            } finally {
                clientLoop.call(() -> {
                    client.close();
                    return null;
                });
            }
        }
    }
}
