package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.TimeoutException;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.net.ConnectTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool's limits and queue, each named timeout, and connections the server closes while idle. */
class PoolAndTimeoutsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final IOLoop loop = new IOLoop();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        loop.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    /** A server whose /slow never answers and whose /fast answers at once. */
    private TestServers.Eddy hangingServer() throws Exception {
        TestServers.Eddy s = new TestServers.Eddy(r -> r.path().equals("/fast")
                ? r.respond(HttpResponse.text(200, "fast"))
                : new Promise<HttpResponse>(r.loop()));
        toClose.add(s);
        return s;
    }

    @Test
    void aRequestOverTheLimitWaitsThenTimesOutInTheQueue() throws Exception {
        TestServers.Eddy server = hangingServer();
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(1)
                .withQueueTimeout(Duration.ofMillis(100)));
        Throwable[] failures = run(() -> {
            Future<ClientResponse> busy = client.fetch(ClientRequest.get(server.url("/slow"))
                    .timeout(Duration.ofMillis(400)).build());
            Future<ClientResponse> queued = client.fetch(server.url("/fast"));
            assertThat(client.waitingRequests()).isEqualTo(1);
            return dev.eddy.Futures.all(List.of(busy.recover(e -> null), queued.recover(e -> null)))
                    .map(x -> new Throwable[]{busy.cause(), queued.cause()});
        });
        assertThat(failures[1]).isInstanceOf(QueueTimeoutException.class).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no connection");
        assertThat(failures[0]).isInstanceOf(RequestTimeoutException.class);
        assertThat(server.requests.get()).isEqualTo(1);      // the queued request was never sent
    }

    @Test
    void aQueuedRequestGetsTheConnectionWhenItIsReleased() throws Exception {
        TestServers.Eddy server = hangingServer();
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(1));
        List<ClientResponse> rs = run(() -> {
            List<Future<ClientResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fs.add(client.fetch(server.url("/fast")));
            }
            return dev.eddy.Futures.all(fs);
        });
        assertThat(rs).hasSize(5);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aTimedOutRequestsConnectionIsClosedNotPooled() throws Exception {
        TestServers.Eddy server = hangingServer();
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withRequestTimeout(Duration.ofMillis(150)));
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/slow"))))
                .isInstanceOf(RequestTimeoutException.class).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("did not finish within");
        run(() -> TestServers.until(loop, () -> client.openConnections() == 0));
        assertThat(client.idleConnections()).isZero();
        assertThat(run(() -> client.fetch(server.url("/fast"))).bodyText()).isEqualTo("fast");
        assertThat(server.connections()).isEqualTo(2);      // a new connection, not the timed-out one
    }

    @Test
    void connectTimeoutIsItsOwnError() throws Exception {
        // A listener with a full accept queue drops new SYNs, so the handshake never completes.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(full);
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
            } catch (java.io.IOException e) {
                // the queue is full already
            }
            fillers.add(s);
            toClose.add(s);
        }
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withConnectTimeout(Duration.ofMillis(200)));
        assertThatThrownBy(() -> run(() -> client.fetch("http://127.0.0.1:" + full.getLocalPort() + "/")))
                .isInstanceOf(ConnectTimeoutException.class).isInstanceOf(TimeoutException.class);
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void idleConnectionsExpire() throws Exception {
        TestServers.Eddy server = hangingServer();
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withIdleTimeout(Duration.ofMillis(100)));
        run(() -> client.fetch(server.url("/fast")));
        assertThat(client.idleConnections()).isEqualTo(1);
        run(() -> TestServers.until(loop, () -> client.openConnections() == 0));
        assertThat(client.idleConnections()).isZero();
        run(() -> client.fetch(server.url("/fast")));
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionTheServerClosesWhileIdleIsNoticedAndDropped() throws Exception {
        TestServers.Eddy server = new TestServers.Eddy(r -> r.respond(HttpResponse.text(200, "ok")),
                HttpServerOptions.defaults().withIdleTimeout(Duration.ofMillis(100)));
        toClose.add(server);
        HttpClient client = new HttpClient(loop);
        run(() -> client.fetch(server.url("/")));
        assertThat(client.idleConnections()).isEqualTo(1);
        run(() -> TestServers.until(loop, () -> client.openConnections() == 0));    // noticed with no request
        assertThat(run(() -> client.fetch(server.url("/"))).bodyText()).isEqualTo("ok");
        assertThat(server.connections()).isEqualTo(2);
    }

    /** Answers the first request of each connection, then closes on the second without a byte. */
    private TestServers.Raw closesOnSecondRequest() throws Exception {
        TestServers.Raw raw = new TestServers.Raw((socket, in, out) -> {
            TestServers.readHead(in);
            TestServers.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            TestServers.readHead(in);       // the second request arrives ... and the server just closes
        });
        toClose.add(raw);
        return raw;
    }

    @Test
    void aStaleConnectionIsRetriedOnAFreshOneForIdempotentRequests() throws Exception {
        TestServers.Raw raw = closesOnSecondRequest();
        HttpClient client = new HttpClient(loop);
        assertThat(run(() -> client.fetch(raw.url("/"))).bodyText()).isEqualTo("first");
        // The close has not been seen yet when the second request goes out on the pooled connection.
        ClientResponse second = run(() -> client.fetch(raw.url("/")));
        assertThat(second.bodyText()).isEqualTo("first");
        assertThat(raw.accepted.get()).isEqualTo(2);
    }

    @Test
    void aNonIdempotentRequestOnAStaleConnectionIsNotRetried() throws Exception {
        TestServers.Raw raw = closesOnSecondRequest();
        HttpClient client = new HttpClient(loop);
        run(() -> client.fetch(raw.url("/")));
        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.post(raw.url("/")).body("x").build())))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("before any byte")
                .satisfies(e -> assertThat(((ConnectionLostException) e).responseBytes()).isZero());
        assertThat(raw.accepted.get()).isEqualTo(1);
    }
}
