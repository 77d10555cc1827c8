package dev.eddy.http.client;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that answers before it has read the whole request body, then closes: its kernel
 * resets the connection over the unread bytes, and the client's next write fails with a
 * reset or a broken pipe. The answer arrived before that, so the client delivers it instead
 * of failing the exchange with the write's error. Whether the client's loop sees the answer
 * and the reset in one turn (where the write is handled first) or in two is up to timing, so
 * the exchange is repeated; before the answer was kept, some of the repeats failed.
 */
class AnswerBeforeTheWholeRequestTest {

    private static final int REPEATS = 20;

    private final IOLoop loop = new IOLoop();
    private final HttpClient client = new HttpClient(loop);

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void anAnswerThatArrivedBeforeAFailedWriteIsDelivered() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\naccepted";
        try (TestServers.Raw raw = new TestServers.Raw((socket, in, out) -> {
            TestServers.readHead(in);
            TestServers.send(out, answer);
            socket.setSoLinger(true, 0);        // the body is not read: the close is a reset
            socket.close();
        })) {
            byte[] body = new byte[16 << 20];   // far more than the sockets hold: the client is still writing
            for (int i = 0; i < REPEATS; i++) {
                ClientResponse r = loop.runSync(() -> client.fetch(ClientRequest.post(raw.url("/upload"))
                        .body(body, "application/octet-stream").build()), Duration.ofSeconds(10));
                assertThat(r.status()).as("repeat %d", i).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("accepted");
            }
        }
    }
}
