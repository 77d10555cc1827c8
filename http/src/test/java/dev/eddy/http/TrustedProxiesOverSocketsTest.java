package dev.eddy.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server behind a "proxy" on loopback: the forwarding headers are believed from the
 * trusted peer only. 127.0.0.2 is another source address on the same machine: a client there
 * is not the proxy, whatever headers it writes.
 */
class TrustedProxiesOverSocketsTest {

    private static final HttpHandler WHO = r -> r.respond(HttpResponse.text(200,
            r.clientAddress().getAddress().getHostAddress() + " " + r.scheme() + " via "
                    + r.remoteAddress().getAddress().getHostAddress()));

    private static final String FORWARDED_REQUEST = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
            + "X-Forwarded-For: 203.0.113.5\r\nX-Forwarded-Proto: https\r\n\r\n";

    @Test
    void theTrustedProxyIsBelievedAndAnyoneElseIsNot() throws Exception {
        HttpServerOptions options = HttpServerOptions.defaults().withTrustedProxies(TrustedProxies.of("127.0.0.1"));
        try (ServerFixture f = new ServerFixture(WHO, options)) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", f.port);
            assertThat(exchange(server, "127.0.0.1", FORWARDED_REQUEST)).endsWith("203.0.113.5 https via 127.0.0.1");
            assertThat(exchange(server, "127.0.0.2", FORWARDED_REQUEST)).endsWith("127.0.0.2 http via 127.0.0.2");
        }
    }

    @Test
    void withoutTrustedProxiesTheHeadersAreIgnored() throws Exception {
        try (ServerFixture f = new ServerFixture(WHO)) {
            assertThat(exchange(new InetSocketAddress("127.0.0.1", f.port), "127.0.0.1", FORWARDED_REQUEST))
                    .endsWith("127.0.0.1 http via 127.0.0.1");
        }
    }

    @Test
    void anIpv6Proxy() throws Exception {
        HttpServerOptions options = HttpServerOptions.defaults().withTrustedProxies(TrustedProxies.of("::1"));
        HttpServer server = new HttpServer(WHO, options);
        try (var group = new dev.eddy.net.LoopGroup(1)) {
            InetSocketAddress bound = server.listen(group, new InetSocketAddress("::1", 0));
            String request = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                    + "Forwarded: for=\"[2001:db8::7]:1234\";proto=https\r\n\r\n";
            assertThat(exchange(bound, "::1", request)).endsWith("2001:db8:0:0:0:0:0:7 https via 0:0:0:0:0:0:0:1");
            server.shutdown(java.time.Duration.ofMillis(100)).get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Sends {@code request} from {@code source} and returns the whole response (the server closes). */
    private static String exchange(InetSocketAddress server, String source, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(server, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
