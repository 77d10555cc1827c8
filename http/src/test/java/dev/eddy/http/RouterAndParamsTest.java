package dev.eddy.http;

import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterAndParamsTest {

    private static HttpRequest request(IOLoop loop, String method, String target) throws Exception {
        RequestHead head = new RequestParser(HttpLimits.defaults()).parse(ByteBuffer.wrap(
                (method + " " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        return new HttpRequest(head, loop, null, new dev.eddy.Promise<>(loop), null);
    }

    private static HttpResponse route(Router router, String method, String target) {
        try (IOLoop loop = new IOLoop()) {
            return loop.runSync(() -> {
                try {
                    return router.handle(request(loop, method, target));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(5));
        }
    }

    private static String text(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private final Router router = new Router()
            .get("/users/{id}", r -> r.respond(HttpResponse.text(200, "user " + r.pathParam("id"))))
            .get("/users/{id}/posts/{post}", r -> r.respond(HttpResponse.text(200, r.pathParams().toString())))
            .post("/users", r -> r.respond(HttpResponse.text(201, "created")))
            .get("/", r -> r.respond(HttpResponse.text(200, "root " + r.query().first("q", "-"))));

    @Test
    void namedParametersAreMatchedAndDecoded() {
        assertThat(text(route(router, "GET", "/users/42"))).isEqualTo("user 42");
        assertThat(text(route(router, "GET", "/users/a%20b"))).isEqualTo("user a b");
        assertThat(text(route(router, "GET", "/users/7/posts/9?x=1"))).isEqualTo("{id=7, post=9}");
        assertThat(text(route(router, "GET", "/?q=a+b"))).isEqualTo("root a b");
        assertThat(text(route(router, "GET", "http://host:80/users/5"))).isEqualTo("user 5");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        assertThat(route(router, "GET", "/nope").status()).isEqualTo(404);
        assertThat(route(router, "GET", "/users/").status()).isEqualTo(404);   // empty parameter
        HttpResponse r = route(router, "DELETE", "/users");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers().get("allow")).isEqualTo("POST");
        HttpResponse r2 = route(router, "PUT", "/users/1");
        assertThat(r2.headers().get("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void anyMethodTokenCanBeRouted() {
        Router webdav = new Router()
                .route("PROPFIND", "/files/{name}", r -> r.respond(HttpResponse.text(207, "props of " + r.pathParam("name"))))
                .route("M-SEARCH", "/", r -> r.respond(HttpResponse.text(200, "found")))
                .any("/echo", r -> r.respond(HttpResponse.text(200, r.method())));
        assertThat(text(route(webdav, "PROPFIND", "/files/a"))).isEqualTo("props of a");
        assertThat(route(webdav, "PROPFIND", "/files/a").status()).isEqualTo(207);
        assertThat(text(route(webdav, "M-SEARCH", "/"))).isEqualTo("found");
        assertThat(text(route(webdav, "QUERY", "/echo"))).isEqualTo("QUERY");
        assertThat(text(route(webdav, "purge", "/echo"))).isEqualTo("purge");
        assertThatThrownBy(() -> new Router().route("GET /", "/", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Router().route("", "/", r -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMethodNoRouteServesIs501AndARoutedOneOnAnotherPathIs405() {
        Router r = new Router()
                .get("/files/{name}", x -> x.respond(HttpResponse.text(200, "file")))
                .route("PROPFIND", "/files/{name}", x -> x.respond(HttpResponse.text(207, "props")))
                .route("MKCALENDAR", "/calendars/{name}", x -> x.respond(HttpResponse.text(201, "made")));
        assertThat(route(r, "PURGE", "/files/a").status()).isEqualTo(501);        // nothing serves PURGE
        assertThat(route(r, "PURGE", "/nowhere").status()).isEqualTo(501);
        assertThat(route(r, "get", "/files/a").status()).isEqualTo(501);          // case-sensitive
        HttpResponse wrong = route(r, "MKCALENDAR", "/files/a");                  // served elsewhere: 405
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.headers().get("allow")).isEqualTo("GET, PROPFIND, HEAD");
        assertThat(route(r, "MKCALENDAR", "/nowhere").status()).isEqualTo(404);
        assertThat(route(r, "DELETE", "/files/a").status()).isEqualTo(405);       // standard: 405, not 501
        assertThat(route(r, "DELETE", "/nowhere").status()).isEqualTo(404);
        Router withAny = new Router().any("/all", x -> x.respond(HttpResponse.text(200, "all")));
        assertThat(route(withAny, "PURGE", "/other").status()).isEqualTo(404);    // "any" serves every method
    }

    @Test
    void headFallsBackToGet() {
        assertThat(text(route(router, "HEAD", "/users/3"))).isEqualTo("user 3");
    }

    @Test
    void malformedPatternsAreRefused() {
        assertThatThrownBy(() -> new Router().get("users", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Router().get("/a/{id", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Router().get("/a/{}", r -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlEncodedDecodesQueriesAndForms() {
        Params p = UrlEncoded.parse("a=1&b=x+y&c=%C3%A9&a=2&flag&=empty&bad=%zz%4");
        assertThat(p.all("a")).containsExactly("1", "2");
        assertThat(p.first("b")).isEqualTo("x y");
        assertThat(p.first("c")).isEqualTo("é");
        assertThat(p.first("flag")).isEmpty();
        assertThat(p.first("")).isEqualTo("empty");
        assertThat(p.first("bad")).isEqualTo("%zz%4");
        assertThat(p.first("missing")).isNull();
        assertThat(UrlEncoded.parse("").isEmpty()).isTrue();
        assertThat(UrlEncoded.parse("x=%2B&&y=1".getBytes(StandardCharsets.US_ASCII)).first("x")).isEqualTo("+");
        assertThat(UrlEncoded.decode("a+b%2Fc", false)).isEqualTo("a+b/c");
    }

    @Test
    void requestSplitsPathAndQuery() throws Exception {
        try (IOLoop loop = new IOLoop()) {
            HttpRequest r = request(loop, "GET", "/a/b?x=1&y=%20");
            assertThat(r.path()).isEqualTo("/a/b");
            assertThat(r.rawQuery()).isEqualTo("x=1&y=%20");
            assertThat(r.query().first("y")).isEqualTo(" ");
            assertThat(r.version()).isEqualTo("HTTP/1.1");
            assertThat(request(loop, "OPTIONS", "*").path()).isEqualTo("*");
            assertThat(request(loop, "GET", "http://h").path()).isEqualTo("/");
        }
    }
}
