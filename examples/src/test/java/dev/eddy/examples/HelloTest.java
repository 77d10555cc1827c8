package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The hello server listens on loopback unless told otherwise; a taken port is one line, not a stack trace. */
class HelloTest {

    @Test
    void listensOn127001ByDefault() throws Exception {
        RunningServer running = Hello.start(Hello.CLI.parse("--port", "0"));
        try (IOLoop loop = new IOLoop()) {
            assertThat(running.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            HttpClient client = new HttpClient(loop);
            ClientResponse r = loop.runSync(() -> client.fetch("http://127.0.0.1:" + running.address().getPort()
                    + "/plaintext"), Duration.ofSeconds(10));
            assertThat(r.bodyText()).isEqualTo("Hello, World!");
        } finally {
            running.stop();
        }
    }

    @Test
    void aPortInUseIsOneLineWithStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Launch l = Launch.run("hello", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(l.status()).isEqualTo(1);
            assertThat(l.stdout()).isEmpty();
            assertThat(l.stderr()).startsWith("hello: error: ").doesNotContain("\tat ");
            assertThat(l.stderr().lines()).hasSize(1);
        }
    }
}
