package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.testcerts.TestCertificates;
import dev.eddy.tls.TlsClientConfig;
import dev.eddy.tls.TlsHandshakeException;
import dev.eddy.tls.TlsServerConfig;
import dev.eddy.tls.TlsTransport;
import dev.eddy.tls.TlsTruncationException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client over https: verification by default, ALPN, the pool keyed by scheme, redirects
 * between http and https, and a body cut short without close_notify. The servers are small
 * keep-alive responders on TLS (or plain) streams, so what they send on the wire is exact.
 */
class HttpsClientTest {

    static final TestCertificates CERTS = TestCertificates.get();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final IOLoop loop = new IOLoop();
    private final List<TlsTransport> accepted = new ArrayList<>();
    private int connections;

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    /** A responder: for each request head (path), the bytes to send back; null closes without close_notify. */
    private int serve(TlsServerConfig tls, Function<String, String> respond) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        TcpServer server = tls == null
                ? TcpServer.listenStreams(loop, any, StreamOptions.defaults(), s -> answer(s, respond))
                : TcpServer.listenStreams(loop, any, StreamOptions.defaults(), tls, s -> answer(s, respond));
        return server.port();
    }

    private Future<Void> answer(IOStream s, Function<String, String> respond) {
        connections++;
        if (s.transport() instanceof TlsTransport t) {
            accepted.add(t);
        }
        answerNext(s, respond);
        return null;
    }

    /** Answers one request, then waits for the next on the same connection (keep-alive). */
    private void answerNext(IOStream s, Function<String, String> respond) {
        s.readUntil("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 8192).addDoneCallback(head -> {
            if (!head.isSucceeded()) {
                s.close();
                return;
            }
            String line = new String(head.join(), StandardCharsets.ISO_8859_1);
            String path = line.substring(line.indexOf(' ') + 1, line.indexOf(' ', line.indexOf(' ') + 1));
            String reply = respond.apply(path);
            if (reply.startsWith("TRUNCATE:") || reply.startsWith("CLOSE:")) {
                boolean truncate = reply.startsWith("TRUNCATE:");
                s.write(reply.substring(reply.indexOf(':') + 1).getBytes(StandardCharsets.ISO_8859_1))
                        .addDoneCallback(w -> {
                            if (truncate) {
                                try {
                                    s.transport().channel().close();    // FIN without close_notify
                                } catch (IOException e) {
                                    throw new AssertionError(e);
                                }
                            } else {
                                s.close();                              // close_notify, then FIN
                            }
                        });
                return;
            }
            s.write(reply.getBytes(StandardCharsets.ISO_8859_1)).addDoneCallback(w -> answerNext(s, respond));
        });
    }

    /** Why fetching {@code url} failed (null when it did not). */
    private Throwable failure(HttpClient client, String url) {
        return run(() -> client.fetch(url).map(r -> (Throwable) null).recover(e -> e));
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String redirect(String location) {
        return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    void fetchesOverHttpsWithAlpnAndReusesTheConnection() throws Exception {
        int port = serve(CERTS.server().withApplicationProtocols("http/1.1"), path -> ok("you asked for " + path));
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        for (int i = 0; i < 3; i++) {
            String url = "https://localhost:" + port + "/n" + i;
            ClientResponse r = run(() -> client.fetch(url));
            assertThat(r.bodyText()).isEqualTo("you asked for /n" + i);
        }
        assertThat(connections).isEqualTo(1);
        assertThat(accepted.get(0).applicationProtocol()).isEqualTo("http/1.1");    // the client offered it
        assertThat(accepted.get(0).serverName()).isEqualTo("localhost");
    }

    @Test
    void theDefaultTrustStoreDoesNotTrustTheTestCaAndSaysSo() throws Exception {
        int port = serve(CERTS.server(), path -> ok("secret"));
        HttpClient client = new HttpClient(loop);
        assertThat(failure(client, "https://localhost:" + port + "/"))
                .isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("the server's certificate is not trusted");
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        int port = serve(TlsServerConfig.fromPem(CERTS.otherHostChainPem, CERTS.keyPem), path -> ok("secret"));
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        assertThat(failure(client, "https://localhost:" + port + "/"))
                .isInstanceOfSatisfying(TlsHandshakeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TlsHandshakeException.Reason.HOST_NAME_MISMATCH));
    }

    @Test
    void thePoolKeepsHttpAndHttpsApartAndRedirectsCrossBetweenThem() throws Exception {
        int[] ports = new int[2];
        ports[1] = serve(CERTS.server(), path -> path.equals("/there")
                ? redirect("http://localhost:" + ports[0] + "/end") : ok("tls " + path));
        ports[0] = serve(null, path -> path.equals("/go")
                ? redirect("https://localhost:" + ports[1] + "/there")
                : path.equals("/end") ? ok("done") : ok("plain " + path));
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        assertThat(run(() -> client.fetch("http://localhost:" + ports[0] + "/go")).bodyText()).isEqualTo("done");
        assertThat(connections).isEqualTo(2);               // one plain, one TLS, each reused within the chain
        assertThat(run(() -> client.fetch("https://localhost:" + ports[1] + "/a")).bodyText()).isEqualTo("tls /a");
        assertThat(run(() -> client.fetch("http://localhost:" + ports[0] + "/b")).bodyText()).isEqualTo("plain /b");
        assertThat(connections).isEqualTo(2);
    }

    @Test
    void aCloseDelimitedBodyCutShortWithoutCloseNotifyIsAnError() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
        int port = serve(CERTS.server(), path -> (path.equals("/cut") ? "TRUNCATE:" : "CLOSE:") + head + "the body");
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        // with close_notify the end of the stream is the end of the body
        assertThat(run(() -> client.fetch("https://localhost:" + port + "/whole")).bodyText()).isEqualTo("the body");
        // without it, the body may be cut short: an error, never a short body
        Throwable t = failure(client, "https://localhost:" + port + "/cut");
        assertThat(t).isNotNull();
        Throwable c = t;
        while (c != null && !(c instanceof TlsTruncationException)) {
            c = c.getCause();
        }
        assertThat(c).as("a TlsTruncationException in the cause chain of %s", t).isNotNull();
    }
}
