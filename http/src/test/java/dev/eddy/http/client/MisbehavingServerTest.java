package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Responses from a raw socket server that frames, truncates, resets and lies on purpose. */
class MisbehavingServerTest {

    private final IOLoop loop = new IOLoop();
    private final HttpClient client = new HttpClient(loop);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        loop.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, java.time.Duration.ofSeconds(5));
    }

    /** A server that answers every request on a connection with {@code response}, then closes if asked. */
    private TestServers.Raw answering(String response, boolean closeAfter) throws Exception {
        TestServers.Raw raw = new TestServers.Raw((socket, in, out) -> {
            while (TestServers.readHead(in) != null) {
                TestServers.send(out, response);
                if (closeAfter) {
                    return;
                }
            }
        });
        toClose.add(raw);
        return raw;
    }

    @Test
    void bodyReadUntilCloseWhenThereIsNoLength() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true);
        ClientResponse r = run(() -> client.fetch(raw.url("/")));
        assertThat(r.bodyText()).isEqualTo("until the end");
        run(() -> TestServers.until(loop, () -> client.openConnections() == 0));    // never pooled
    }

    @Test
    void chunkedBodyWithTrailers() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nHello\r\n8;ext=1\r\n, World!\r\n0\r\nX-Checksum: 42\r\n\r\n", false);
        ClientResponse r = run(() -> client.fetch(raw.url("/")));
        assertThat(r.bodyText()).isEqualTo("Hello, World!");
        assertThat(r.trailers().get("x-checksum")).isEqualTo("42");
        run(() -> client.fetch(raw.url("/")));
        assertThat(raw.accepted.get()).isEqualTo(1);            // chunked keeps the connection
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", false);
        ClientResponse r = run(() -> client.fetch(raw.url("/")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bodyText()).isEqualTo("ok");
    }

    @Test
    void truncatedBodyIsAnErrorThatSaysSo() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true);
        assertThatThrownBy(() -> run(() -> client.fetch(raw.url("/"))))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("truncated")
                .satisfies(e -> {
                    ConnectionLostException c = (ConnectionLostException) e;
                    assertThat(c.isReset()).isFalse();
                    assertThat(c.responseBytes()).isGreaterThan(0);
                });
    }

    @Test
    void truncatedChunkedBodyAndTruncatedHead() throws Exception {
        TestServers.Raw chunked = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHel", true);
        assertThatThrownBy(() -> run(() -> client.fetch(chunked.url("/"))))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("truncated");
        TestServers.Raw head = answering("HTTP/1.1 200 OK\r\nContent-Le", true);
        assertThatThrownBy(() -> run(() -> client.fetch(head.url("/"))))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("response head");
    }

    @Test
    void noResponseAtAllOnAFreshConnectionIsNotRetried() throws Exception {
        TestServers.Raw raw = answering("", true);
        assertThatThrownBy(() -> run(() -> client.fetch(raw.url("/"))))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("before any byte");
        assertThat(raw.accepted.get()).isEqualTo(1);
    }

    @Test
    void aResetConnectionSaysReset() throws Exception {
        TestServers.Raw raw = new TestServers.Raw((socket, in, out) -> {
            TestServers.readHead(in);
            TestServers.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
            socket.setSoLinger(true, 0);        // close with RST instead of FIN
            socket.close();
        });
        toClose.add(raw);
        assertThatThrownBy(() -> run(() -> client.fetch(raw.url("/"))))
                .isInstanceOf(ConnectionLostException.class)
                .satisfies(e -> assertThat(((ConnectionLostException) e).isReset()).isTrue())
                .hasMessageContaining("reset");
    }

    @Test
    void malformedResponsesAreErrorsThatSaySo() throws Exception {
        String[] bad = {
                "HTTP/1.1 abc OK\r\n\r\n",
                "SSH-2.0-OpenSSH_9.2\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n",
        };
        for (String response : bad) {
            TestServers.Raw raw = answering(response, false);
            assertThatThrownBy(() -> run(() -> client.fetch(raw.url("/")))).as(response)
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining("malformed response");
        }
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void bytesAfterTheResponseMakeTheConnectionUnusable() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", false);
        assertThat(run(() -> client.fetch(raw.url("/"))).bodyText()).isEqualTo("ok");
        run(() -> client.fetch(raw.url("/")));
        assertThat(raw.accepted.get()).isEqualTo(2);
    }

    @Test
    void connectionCloseFromTheServerIsHonoured() throws Exception {
        TestServers.Raw raw = answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false);
        run(() -> client.fetch(raw.url("/")));
        run(() -> client.fetch(raw.url("/")));
        assertThat(raw.accepted.get()).isEqualTo(2);
    }

    @Test
    void headerSectionsUpTo64KiBAreAcceptedByDefaultAndTheLimitIsAnOption() throws Exception {
        String cookie = "session=" + "c".repeat(20_000);
        String csp = "default-src 'self'; " + "script-src https://cdn.example; ".repeat(800);   // ~27 KiB
        TestServers.Raw big = answering("HTTP/1.1 200 OK\r\nSet-Cookie: " + cookie + "\r\nContent-Security-Policy: "
                + csp + "\r\nContent-Length: 2\r\n\r\nok", false);
        ClientResponse r = run(() -> client.fetch(big.url("/")));
        assertThat(r.headers().get("set-cookie")).isEqualTo(cookie);
        assertThat(r.headers().get("content-security-policy")).isEqualTo(csp.trim());
        assertThat(ClientOptions.defaults().limits().maxHeaderBytes()).isEqualTo(64 * 1024);

        HttpClient strict = new HttpClient(loop, ClientOptions.defaults().withMaxResponseHeaderBytes(16 * 1024));
        assertThatThrownBy(() -> run(() -> strict.fetch(big.url("/"))))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("larger than 16384 bytes");
        TestServers.Raw huge = answering("HTTP/1.1 200 OK\r\nSet-Cookie: " + "c".repeat(70_000)
                + "\r\nContent-Length: 2\r\n\r\nok", false);
        assertThatThrownBy(() -> run(() -> client.fetch(huge.url("/"))))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void tooLargeBodiesAreRefusedByLengthAndWhileChunked() throws Exception {
        HttpClient small = new HttpClient(loop, ClientOptions.defaults().withMaxBodyBytes(10));
        TestServers.Raw byLength = answering("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n01234567890", false);
        assertThatThrownBy(() -> run(() -> small.fetch(byLength.url("/"))))
                .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("Content-Length 11")
                .satisfies(e -> assertThat(((BodyTooLargeException) e).limit()).isEqualTo(10));
        TestServers.Raw chunked = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n6\r\n012345\r\n0\r\n\r\n", false);
        assertThatThrownBy(() -> run(() -> small.fetch(chunked.url("/"))))
                .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("more than 10 bytes");
        assertThat(small.openConnections()).isZero();
    }
}
