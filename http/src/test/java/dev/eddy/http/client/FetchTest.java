package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.Router;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The basics against Eddy's own server: methods, bodies, headers, queries, statuses, pooling. */
class FetchTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private IOLoop loop;
    private TestServers.Eddy server;

    @BeforeEach
    void setUp() throws Exception {
        loop = new IOLoop();
        Router router = new Router()
                .get("/hello", r -> r.respond(HttpResponse.text(200, "Hello, World!").header("X-Test", "yes")))
                .get("/query", r -> r.respond(HttpResponse.text(200, r.rawQuery())))
                .get("/headers", r -> r.respond(HttpResponse.text(200, r.header("x-custom") + "|" + r.header("host")
                        + "|" + r.header("user-agent") + "|" + r.header("accept-encoding"))))
                .route("HEAD", "/hello", r -> r.respond(HttpResponse.text(200, "Hello, World!")))
                .post("/echo", r -> r.body().readAll().flatMap(b -> r.respond(HttpResponse.bytes(200,
                        String.valueOf(r.header("content-type")), b))))
                .put("/echo", r -> r.body().readAll().flatMap(b -> r.respond(HttpResponse.text(200, "put " + b.length))))
                .get("/missing-on-purpose", r -> r.respond(HttpResponse.text(404, "nope")))
                .get("/boom", r -> r.respond(HttpResponse.text(500, "broken")));
        server = new TestServers.Eddy(router);
    }

    @AfterEach
    void tearDown() {
        server.close();
        loop.close();
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    @Test
    void getReturnsStatusHeadersAndBody() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(server.url("/hello")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.header("X-Test")).isEqualTo("yes");
        assertThat(r.bodyText()).isEqualTo("Hello, World!");
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.url().toString()).isEqualTo(server.url("/hello"));
        assertThat(r.redirects()).isZero();
    }

    @Test
    void sendsHostUserAgentAcceptEncodingAndCustomHeaders() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withUserAgent("tester/1"));
        ClientResponse r = run(() -> client.fetch(ClientRequest.get(server.url("/headers")).header("X-Custom", "v1").build()));
        assertThat(r.bodyText()).isEqualTo("v1|127.0.0.1:" + server.port + "|tester/1|gzip, deflate");
    }

    @Test
    void queryParametersAreAppendedPercentEncoded() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(ClientRequest.get(server.url("/query?a=1"))
                .query("q", "tornado & eddy").query("é", "x/y").build()));
        assertThat(r.bodyText()).isEqualTo("a=1&q=tornado%20%26%20eddy&%C3%A9=x%2Fy");
    }

    @Test
    void bodiesOfBytesStringJsonAndForm() {
        HttpClient client = new HttpClient(loop);
        ClientResponse bytes = run(() -> client.fetch(ClientRequest.post(server.url("/echo"))
                .body(new byte[]{1, 2, 3}, "application/octet-stream").build()));
        assertThat(bytes.body()).containsExactly(1, 2, 3);
        assertThat(bytes.header("content-type")).isEqualTo("application/octet-stream");

        ClientResponse text = run(() -> client.fetch(ClientRequest.post(server.url("/echo")).body("héllo").build()));
        assertThat(text.bodyText()).isEqualTo("héllo");
        assertThat(text.header("content-type")).isEqualTo("text/plain; charset=utf-8");

        ClientResponse json = run(() -> client.fetch(ClientRequest.post(server.url("/echo")).json("{\"a\":1}").build()));
        assertThat(json.bodyText()).isEqualTo("{\"a\":1}");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Ada Lovelace");
        form.put("lang", "en&fr");
        ClientResponse f = run(() -> client.fetch(ClientRequest.post(server.url("/echo")).form(form).build()));
        assertThat(f.bodyText()).isEqualTo("name=Ada%20Lovelace&lang=en%26fr");
        assertThat(f.header("content-type")).isEqualTo("application/x-www-form-urlencoded");

        ClientResponse empty = run(() -> client.fetch(ClientRequest.put(server.url("/echo")).build()));
        assertThat(empty.bodyText()).isEqualTo("put 0");
    }

    @Test
    void headHasNoBodyAndKeepsTheConnection() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(ClientRequest.head(server.url("/hello")).build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("content-length")).isEqualTo("13");
        run(() -> client.fetch(server.url("/hello")));
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void nonSuccessStatusesAreResponsesUnlessAskedOtherwise() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(server.url("/missing-on-purpose")));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).isEqualTo("nope");
        assertThatThrownBy(r::throwIfError).isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("404").satisfies(e -> assertThat(((HttpStatusException) e).status()).isEqualTo(404));

        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.get(server.url("/boom")).errorForStatus().build())))
                .isInstanceOf(HttpStatusException.class)
                .satisfies(e -> assertThat(((HttpStatusException) e).response().bodyText()).isEqualTo("broken"));
    }

    @Test
    void sequentialRequestsReuseOneConnection() {
        HttpClient client = new HttpClient(loop);
        for (int i = 0; i < 20; i++) {
            assertThat(run(() -> client.fetch(server.url("/hello"))).status()).isEqualTo(200);
        }
        assertThat(server.requests.get()).isEqualTo(20);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(client.openConnections()).isEqualTo(1);
        assertThat(client.idleConnections()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsStayWithinThePerHostLimit() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(3));
        List<ClientResponse> all = run(() -> {
            List<Future<ClientResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                fs.add(client.fetch(server.url("/hello")));
            }
            assertThat(client.openConnections()).isEqualTo(3);
            assertThat(client.waitingRequests()).isEqualTo(27);
            return dev.eddy.Futures.all(fs);
        });
        assertThat(all).hasSize(30).allSatisfy(r -> assertThat(r.bodyText()).isEqualTo("Hello, World!"));
        assertThat(server.connections()).isEqualTo(3);
        assertThat(client.waitingRequests()).isZero();
    }

    @Test
    void theTotalLimitSpansOrigins() throws Exception {
        try (TestServers.Eddy other = new TestServers.Eddy(r -> r.respond(HttpResponse.text(200, "other")))) {
            HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(2)
                    .withMaxConnectionsTotal(2));
            List<ClientResponse> all = run(() -> {
                List<Future<ClientResponse>> fs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    fs.add(client.fetch(server.url("/hello")));
                    fs.add(client.fetch(other.url("/x")));
                }
                assertThat(client.openConnections()).isEqualTo(2);
                return dev.eddy.Futures.all(fs);
            });
            assertThat(all).hasSize(12);
            assertThat(client.openConnections()).isLessThanOrEqualTo(2);
            assertThat(all.stream().filter(r -> r.bodyText().equals("other"))).hasSize(6);
        }
    }

    @Test
    void aBodyLargerThanTheWriteBufferFailsAtOnce() {
        HttpClient client = new HttpClient(loop);
        byte[] huge = new byte[(64 << 20) + 1];         // one byte over StreamOptions' maxWriteBuffer
        assertThatThrownBy(() -> run(() -> client.fetch(ClientRequest.post(server.url("/echo"))
                .body(huge, "application/octet-stream").build())))
                .isInstanceOf(dev.eddy.net.BufferFullException.class);
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void worksFromACoroutine() {
        HttpClient client = new HttpClient(loop);
        String s = run(() -> Coroutine.async(loop, () -> {
            ClientResponse a = Coroutine.await(client.fetch(server.url("/hello")));
            ClientResponse b = Coroutine.await(client.fetch(server.url("/query?x=" + a.status())));
            return b.bodyText();
        }));
        assertThat(s).isEqualTo("x=200");
    }

    @Test
    void fetchFromAnotherThreadCompletesOnTheLoop() throws Exception {
        HttpClient client = new HttpClient(loop);
        try (LoopOnThread onItsThread = LoopOnThread.start(loop)) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            client.fetch(server.url("/hello")).whenComplete((r, e) ->
                    seen.complete(loop.inLoopThread() + " " + (e == null ? r.bodyText() : e.toString())));
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("true Hello, World!");
        }
    }

    @Test
    void anUnknownSchemeIsRefusedClearly() {
        HttpClient client = new HttpClient(loop);
        assertThatThrownBy(() -> run(() -> client.fetch("ftp://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
    }

    @Test
    void aUrlWithAPortOutOfRangeFailsAtOnce() {
        HttpClient client = new HttpClient(loop);
        Future<ClientResponse> f = run(() -> Future.succeeded(loop, client.fetch("http://127.0.0.1:99999/")));
        assertThat(f.isFailed()).isTrue();          // not after the connect timeout
        assertThat(f.cause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 99999 out of range (1-65535) in http://127.0.0.1:99999/");
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void aRedirectToAPortOutOfRangeFailsTheFetchInsteadOfHangingInACallback() {
        Router router = new Router().get("/", r -> r.respond(HttpResponse.of(302).header("Location", "http://127.0.0.1:99999/x")));
        try (TestServers.Eddy redirecting = new TestServers.Eddy(router)) {
            HttpClient client = new HttpClient(loop);
            assertThatThrownBy(() -> run(() -> client.fetch(redirecting.url("/"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 99999 out of range");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusedConnectionsSaySo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpClient client = new HttpClient(loop);
        assertThatThrownBy(() -> run(() -> client.fetch("http://127.0.0.1:" + port + "/")))
                .isInstanceOf(ConnectionRefusedException.class);
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void closedClientFailsQueuedAndNewRequests() {
        HttpClient client = new HttpClient(loop);
        run(() -> client.fetch(server.url("/hello")));
        int open = run(() -> {
            client.close();
            return Future.succeeded(loop, client.openConnections());
        });
        assertThat(open).isZero();
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/hello"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
