package dev.eddy.http;

import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An HTTP server at maxConnections: a new connection waits in the backlog (its request is not
 * answered within a 300 ms window), the open keep-alive connection goes on being served, and
 * the waiting one is served as soon as the open one closes.
 */
class ConnectionLimitHttpTest {

    @Test
    void beyondTheLimitConnectionsWaitAndTheServerKeepsServingItsOwn() throws Exception {
        HttpHandler hello = r -> r.respond(HttpResponse.text(200, "hello " + r.path()));
        try (ServerFixture f = new ServerFixture(hello, HttpServerOptions.defaults().withMaxConnections(1));
             RawClient first = f.client()) {
            assertThat(first.get("/1").text()).isEqualTo("hello /1");

            RawClient waiting = f.client();
            waiting.send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n");
            waiting.socket.setSoTimeout(300);
            assertThatThrownBy(waiting::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(first.get("/3").text()).isEqualTo("hello /3");     // keep-alive: still served

            first.close();
            waiting.socket.setSoTimeout(5000);
            assertThat(waiting.read().text()).isEqualTo("hello /2");
            waiting.close();
        }
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> HttpServerOptions.defaults().withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
