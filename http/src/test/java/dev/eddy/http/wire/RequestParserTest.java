package dev.eddy.http.wire;

import dev.eddy.http.wire.WireTestSupport.Outcome;
import dev.eddy.http.wire.WireTestSupport.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestParserTest {

    private static final List<String> REQUESTS = List.of(
            "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n",
            "POST /form?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world",
            "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n",
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Spaces:   padded value \t \r\n\r\n");

    @Test
    void parsesRequestLineHeadersAndFraming() {
        Outcome o = WireTestSupport.parse(String.join("", REQUESTS));
        assertThat(o.error()).isNull();
        assertThat(o.requests()).hasSize(5);

        RequestHead get = o.requests().get(0).head();
        assertThat(get.method()).isSameAs("GET");
        assertThat(get.target()).isEqualTo("/plaintext");
        assertThat(get.minorVersion()).isEqualTo(1);
        assertThat(get.headers().get("HOST")).isEqualTo("localhost");
        assertThat(get.headers().name(1)).isEqualTo("accept");
        assertThat(get.keepAlive()).isTrue();
        assertThat(get.hasBody()).isFalse();

        Parsed post = o.requests().get(1);
        assertThat(post.head().contentLength()).isEqualTo(11);
        assertThat(post.bodyText()).isEqualTo("hello world");

        Parsed put = o.requests().get(2);
        assertThat(put.head().chunked()).isTrue();
        assertThat(put.bodyText()).isEqualTo("hello world");

        RequestHead http10 = o.requests().get(3).head();
        assertThat(http10.minorVersion()).isZero();
        assertThat(http10.keepAlive()).isTrue();

        RequestHead options = o.requests().get(4).head();
        assertThat(options.target()).isEqualTo("*");
        assertThat(options.headers().get("x-empty")).isEmpty();
        assertThat(options.headers().get("x-spaces")).isEqualTo("padded value");
    }

    @Test
    void everySplitPointGivesTheSameResult() {
        for (String request : REQUESTS) {
            byte[] bytes = WireTestSupport.bytes(request);
            Outcome whole = WireTestSupport.parse(HttpLimits.defaults(), bytes);
            for (int cut = 1; cut < bytes.length; cut++) {
                Outcome split = WireTestSupport.parse(HttpLimits.defaults(), bytes, cut);
                assertSame(whole, split, request, cut);
            }
            // and one byte at a time
            int[] all = new int[bytes.length - 1];
            for (int i = 0; i < all.length; i++) {
                all[i] = i + 1;
            }
            assertSame(whole, WireTestSupport.parse(HttpLimits.defaults(), bytes, all), request, -1);
        }
    }

    private static void assertSame(Outcome whole, Outcome split, String request, int cut) {
        assertThat(split.error()).as("cut at %d of %s", cut, request).isNull();
        assertThat(split.requests()).hasSameSizeAs(whole.requests());
        for (int i = 0; i < whole.requests().size(); i++) {
            Parsed a = whole.requests().get(i);
            Parsed b = split.requests().get(i);
            assertThat(b.head().target()).isEqualTo(a.head().target());
            assertThat(b.head().headers().toString()).isEqualTo(a.head().headers().toString());
            assertThat(b.body()).isEqualTo(a.body());
        }
    }

    @Test
    void connectionHeaderDecidesKeepAlive() {
        assertThat(head("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(head("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n").keepAlive()).isFalse();
        assertThat(head("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(head("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void expectContinueIsRecognisedAndOtherExpectationsRefused() {
        assertThat(head("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx")
                .expectContinue()).isTrue();
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n", 417);
    }

    @Test
    void identicalRepeatedContentLengthIsAccepted() {
        assertThat(head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n").contentLength()).isZero();
        assertThat(head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 0\r\n\r\n").contentLength()).isZero();
    }

    @Test
    void absoluteFormTargetIsAccepted() {
        assertThat(head("GET http://a/b?c HTTP/1.1\r\nHost: a\r\n\r\n").target()).isEqualTo("http://a/b?c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROPFIND", "REPORT", "PURGE", "QUERY", "M-SEARCH", "MKCALENDAR", "BREW",
            "get", "X!#$%&'*+-.^_`|~9", "UPDATEREDIRECTREF", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"})
    void everyTokenIsAMethod(String method) {
        RequestHead h = head(method + " /calendars/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(h.method()).isEqualTo(method);       // as sent: methods are case-sensitive
        assertThat(h.target()).isEqualTo("/calendars/1");
    }

    @Test
    void commonMethodsAreSharedConstantsAndOtherMethodsAreReused() {
        for (String m : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE")) {
            assertThat(head(m + " / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isSameAs(m);
        }
        Outcome o = WireTestSupport.parse("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(2)
                + "PROPPATCH / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(o.requests().get(1).head().method()).isSameAs(o.requests().get(0).head().method());
        assertThat(o.requests().get(2).head().method()).isEqualTo("PROPPATCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GE(T", "GE@T", "GE\"T", "GE,T", "GE/T", "{GET}", "GE[T]", "GE\u00C9T", "GE\u0000T",
            "GET\t", "GE=T", "GE:T", "GE;T", "GE?T", "GE\\T"})
    void aMethodThatIsNotATokenIs400(String method) {
        assertStatus(method + " / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void aMethodLongerThanAnyRealOneIs501AtOnce() {
        String tooLong = "A".repeat(RequestParser.MAX_METHOD_LENGTH + 1);
        assertStatus(tooLong + " / HTTP/1.1\r\nHost: a\r\n\r\n", 501);
        assertStatus(tooLong, 501);             // refused before the rest of the line arrives
        assertStatus("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", 501);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "127.0.0.1", "[::1]:8080", "[::1]", "EXAMPLE.com",
            "a-b_c~d.e", "xn--bcher-kva.example", "a%41b", "[::ffff:192.0.2.1]", "[2001:db8::8:800:200c:417a]:443",
            "host:0", "host:65535", "host:", "[::1]:", "", "it's!$&()*+;=ok"})
    void validHostValuesAreAccepted(String host) {
        assertThat(head("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").headers().get("host")).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "example.com/path", "example.com/", "/", "a@b", "user@example.com", "a,b", "a, b",
            "[::1", "::1", "[::1]x", "[zz::1]", "[v1.fe]", "[fe80::1%25eth0]", "[]", "[1]",
            "example.com:80:80", "example.com:abc", "example.com:123456", "example.com:70000", ":80", "a%2",
            "a%zz", "exa\"mple", "exa<mple", "a\\b", "a\tb", "a?b", "a#b", "caf\u00e9.example", "a|b", "{a}"})
    void invalidHostValuesAre400(String host) {
        assertStatus("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
    }

    @Test
    void stringsEqualToThePreviousRequestsAreReused() {
        Outcome o = WireTestSupport.parse(REQUESTS.get(0) + REQUESTS.get(0));
        RequestHead a = o.requests().get(0).head();
        RequestHead b = o.requests().get(1).head();
        assertThat(b.target()).isSameAs(a.target());
        assertThat(b.headers().get("host")).isSameAs(a.headers().get("host"));
    }

    static RequestHead head(String request) {
        Outcome o = WireTestSupport.parse(request);
        assertThat(o.error()).as(request).isNull();
        assertThat(o.requests()).as(request).hasSize(1);
        return o.requests().get(0).head();
    }

    static void assertStatus(String request, int status) {
        Outcome o = WireTestSupport.parse(request);
        assertThat(o.error()).as(request).isNotNull();
        assertThat(o.error().status()).as(o.error().getMessage()).isEqualTo(status);
    }
}
