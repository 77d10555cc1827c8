package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.Router;
import dev.eddy.http.body.BodyWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Following 301/302/303/307/308: method and body rules, limits, credentials across origins. */
class RedirectsTest {

    private IOLoop loop;
    private TestServers.Eddy server;
    private TestServers.Eddy other;

    @BeforeEach
    void setUp() throws Exception {
        loop = new IOLoop();
        other = new TestServers.Eddy(RedirectsTest::describe);
        Router router = new Router()
                .route("GET", "/to/{code}", r -> redirect(r, "/target"))
                .route("POST", "/to/{code}", r -> redirect(r, "/target"))
                .route("HEAD", "/to/{code}", r -> redirect(r, "/target"))
                .get("/relative", r -> r.respond(HttpResponse.of(302).header("Location", "target?from=relative")))
                .get("/loop", r -> r.respond(HttpResponse.of(302).header("Location", "/loop")))
                .get("/away", r -> r.respond(HttpResponse.of(302).header("Location", other.url("/elsewhere"))))
                .get("/no-location", r -> r.respond(HttpResponse.text(301, "moved, but where?")))
                .get("/target", RedirectsTest::describe)
                .post("/target", RedirectsTest::describe)
                .route("HEAD", "/target", RedirectsTest::describe);
        server = new TestServers.Eddy(router);
    }

    private static Future<HttpResponse> redirect(HttpRequest r, String to) {
        return r.body().readAll().flatMap(b -> r.respond(HttpResponse.text(Integer.parseInt(r.pathParam("code")),
                "redirecting").header("Location", to)));
    }

    /** Answers with what arrived: method, body, and the credential headers. */
    private static Future<HttpResponse> describe(HttpRequest r) {
        return r.body().readAll().flatMap(b -> r.respond(HttpResponse.text(200, r.method() + " body=" + new String(b)
                + " auth=" + r.header("authorization") + " cookie=" + r.header("cookie")
                + " ct=" + r.header("content-type") + " q=" + r.rawQuery())));
    }

    @AfterEach
    void tearDown() {
        server.close();
        other.close();
        loop.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, Duration.ofSeconds(5));
    }

    private ClientResponse post(HttpClient client, int code) {
        return run(() -> client.fetch(ClientRequest.post(server.url("/to/" + code)).body("data").build()));
    }

    @Test
    void getFollowsEveryRedirectStatus() {
        HttpClient client = new HttpClient(loop);
        for (int code : new int[]{301, 302, 303, 307, 308}) {
            ClientResponse r = run(() -> client.fetch(server.url("/to/" + code)));
            assertThat(r.bodyText()).as("" + code).startsWith("GET body=");
            assertThat(r.url().getPath()).isEqualTo("/target");
            assertThat(r.redirects()).isEqualTo(1);
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void postBecomesGetWithoutBodyFor301302303AndStaysPostFor307308() {
        HttpClient client = new HttpClient(loop);
        for (int code : new int[]{301, 302, 303}) {
            assertThat(post(client, code).bodyText()).as("" + code).isEqualTo("GET body= auth=null cookie=null ct=null q=");
        }
        for (int code : new int[]{307, 308}) {
            assertThat(post(client, code).bodyText()).as("" + code)
                    .isEqualTo("POST body=data auth=null cookie=null ct=text/plain; charset=utf-8 q=");
        }
    }

    @Test
    void headStaysHeadOn303() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(ClientRequest.head(server.url("/to/303")).build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void relativeLocationsResolveAgainstTheRequestUrl() {
        HttpClient client = new HttpClient(loop);
        assertThat(run(() -> client.fetch(server.url("/relative"))).bodyText()).endsWith("q=from=relative");
    }

    @Test
    void credentialsStayOnTheSameOriginAndAreDroppedAcrossOrigins() {
        HttpClient client = new HttpClient(loop);
        ClientResponse same = run(() -> client.fetch(ClientRequest.get(server.url("/to/302"))
                .header("Authorization", "Bearer secret").header("Cookie", "s=1").build()));
        assertThat(same.bodyText()).contains("auth=Bearer secret cookie=s=1");
        ClientResponse away = run(() -> client.fetch(ClientRequest.get(server.url("/away"))
                .header("Authorization", "Bearer secret").header("Cookie", "s=1").build()));
        assertThat(away.bodyText()).contains("auth=null cookie=null");
        assertThat(away.url().getPort()).isEqualTo(other.port);
    }

    @Test
    void eachHopOfARedirectChainThroughClosingServersHasItsOwnRetry() throws Exception {
        // Every connection answers one request and closes without saying so, so the client pools
        // it and the next hop finds it dead: every hop needs its one safe retry.
        try (TestServers.Raw closing = new TestServers.Raw((socket, in, out) -> {
            String head = TestServers.readHead(in);
            int hop = Integer.parseInt(head.substring("GET /hop/".length(), head.indexOf(" HTTP/")));
            TestServers.send(out, hop < 4
                    ? "HTTP/1.1 302 Found\r\nLocation: /hop/" + (hop + 1) + "\r\nContent-Length: 0\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
        })) {
            HttpClient client = new HttpClient(loop);
            ClientResponse r = run(() -> client.fetch(closing.url("/hop/1")));
            assertThat(r.bodyText()).isEqualTo("done");
            assertThat(r.redirects()).isEqualTo(3);
        }
    }

    @Test
    void tooManyRedirectsIsAnErrorCarryingTheLastResponse() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxRedirects(3));
        assertThatThrownBy(() -> run(() -> client.fetch(server.url("/loop"))))
                .isInstanceOf(TooManyRedirectsException.class).hasMessageContaining("more than 3 redirects")
                .satisfies(e -> assertThat(((TooManyRedirectsException) e).lastResponse().status()).isEqualTo(302));
        assertThat(server.requests.get()).isEqualTo(4);
    }

    @Test
    void redirectsCanBeTurnedOffAndAMissingLocationEndsTheChain() {
        HttpClient client = new HttpClient(loop);
        ClientResponse r = run(() -> client.fetch(ClientRequest.get(server.url("/to/302")).followRedirects(false).build()));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("location")).isEqualTo("/target");
        ClientResponse none = run(() -> client.fetch(server.url("/no-location")));
        assertThat(none.status()).isEqualTo(301);
        assertThat(none.bodyText()).isEqualTo("moved, but where?");
    }

    @Test
    void aStreamedBodyIsNotResentOn307() {
        HttpClient client = new HttpClient(loop);
        Consumer<BodyWriter> once = sink -> {
            sink.write("data".getBytes());
            sink.end();
        };
        ClientResponse r = run(() -> client.fetch(ClientRequest.post(server.url("/to/307")).body(once, -1).build()));
        assertThat(r.status()).isEqualTo(307);
        ClientResponse on303 = run(() -> client.fetch(ClientRequest.post(server.url("/to/303")).body(once, -1).build()));
        assertThat(on303.bodyText()).startsWith("GET body= ");
    }
}
