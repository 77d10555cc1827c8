package dev.eddy.http;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import dev.eddy.net.LoopGroup;
import dev.eddy.testcerts.TestCertificates;
import dev.eddy.tls.TlsServerConfig;
import dev.eddy.tls.TlsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP server and client over a Unix-domain socket: the same requests as over TCP, a peer
 * with no IP address (trusted as a proxy only when the options say "unix"), keep-alive,
 * TLS over the socket, and the socket file removed at shutdown.
 */
class UnixDomainSocketHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpHandler WHO = r -> r.respond(HttpResponse.text(200, r.method() + " " + r.path()
            + " host=" + r.header("Host") + " peer=" + r.remoteAddress()
            + " client=" + (r.clientAddress() == null ? null : r.clientAddress().getAddress().getHostAddress())
            + " " + r.scheme()));

    @TempDir
    Path dir;
    private final LoopGroup group = new LoopGroup(1);
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
        group.close();
    }

    private ClientResponse fetch(HttpClient client, String url) {
        return loop.runSync(() -> client.fetch(url), WAIT);
    }

    @Test
    void requestsGoOverTheSocketAndItsFileGoesWithTheServer() throws Exception {
        Path socket = dir.resolve("http.sock");
        HttpServer server = new HttpServer(WHO);
        assertThat(server.listen(group, UnixDomainSocketAddress.of(socket))).isEqualTo(UnixDomainSocketAddress.of(socket));
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withUnixSocket(socket));

        ClientResponse first = fetch(client, "http://service.local/plaintext");
        assertThat(first.bodyText()).isEqualTo("GET /plaintext host=service.local peer=null client=null http");
        ClientResponse second = fetch(client, "http://service.local/again");
        assertThat(second.bodyText()).startsWith("GET /again");

        server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void aProxyOnTheSocketIsBelievedOnlyWhenUnixPeersAreTrusted() throws Exception {
        Path trusting = dir.resolve("trusting.sock");
        Path wary = dir.resolve("wary.sock");
        new HttpServer(WHO, HttpServerOptions.defaults().withTrustedProxies(TrustedProxies.of("unix")))
                .listen(group, UnixDomainSocketAddress.of(trusting));
        new HttpServer(WHO, HttpServerOptions.defaults().withTrustedProxies(TrustedProxies.of("127.0.0.1")))
                .listen(group, UnixDomainSocketAddress.of(wary));
        String viaProxy = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Forwarded-For: 203.0.113.5\r\n"
                + "X-Forwarded-Proto: https\r\n\r\n";
        assertThat(RawUnixClient.exchange(trusting, viaProxy)).endsWith("client=203.0.113.5 https");
        assertThat(RawUnixClient.exchange(wary, viaProxy)).endsWith("client=null http");
    }

    @Test
    void httpsOverTheSocketChecksTheUrlsHost() throws Exception {
        TestCertificates certs = TestCertificates.get();
        Path socket = dir.resolve("https.sock");
        // the key material once, here: read per connection it derived a PKCS#12 key on the loop
        // thread (the watchdog caught it blocking the loop for 2 s on a loaded machine)
        TlsServerConfig tls = certs.server().withApplicationProtocols("http/1.1");
        HttpServer server = new HttpServer(WHO, HttpServerOptions.defaults(), ch -> TlsTransport.server(ch, tls));
        server.listen(group, UnixDomainSocketAddress.of(socket));
        HttpClient client = new HttpClient(loop, ClientOptions.defaults().withUnixSocket(socket), certs.client());
        assertThat(fetch(client, "https://localhost/secret").bodyText()).startsWith("GET /secret host=localhost")
                .endsWith("https");
    }
}
