package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.HttpClient;
import dev.eddy.net.IOStream;
import dev.eddy.net.LoopGroup;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.testcerts.TestCertificates;
import dev.eddy.tls.TlsInfo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP server over TLS: a plain and a TLS listener of one server on one loop, the TLS
 * session seen by the handler, keep-alive and pipelining, large bodies both ways, and curl.
 */
class HttpsServerTest {

    static final TestCertificates CERTS = TestCertificates.get();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("https-test"));
    private final IOLoop loop = new IOLoop();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private int plainPort;
    private int tlsPort;

    @BeforeEach
    void listen() throws IOException {
        Router router = new Router()
                .get("/who", r -> {
                    clientPorts.add(r.remoteAddress().getPort());
                    return r.respond(HttpResponse.text(200, r.tls().map(HttpsServerTest::describe).orElse("plain")));
                })
                .get("/n/{i}", r -> r.respond(HttpResponse.text(200, "n" + r.pathParam("i"))))
                .post("/echo", r -> r.body().readAll()
                        .flatMap(b -> r.respond(HttpResponse.bytes(200, "application/octet-stream", b))));
        HttpServer server = new HttpServer(router);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        plainPort = server.listen(group, any).getPort();
        tlsPort = server.listen(group, any, CERTS.server()).getPort();
    }

    static String describe(TlsInfo tls) {
        return tls.protocol() + " " + tls.serverName() + " " + tls.applicationProtocol();
    }

    @AfterEach
    void close() {
        loop.close();
        group.close();
    }

    private <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    @Test
    void plainAndTlsListenersOfOneServerShareALoopAndTheHandlerSeesTheSession() {
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        for (int i = 0; i < 3; i++) {
            assertThat(run(() -> client.fetch("https://localhost:" + tlsPort + "/who")).bodyText())
                    .isEqualTo("TLSv1.3 localhost http/1.1");       // SNI and ALPN as the handler sees them
        }
        assertThat(clientPorts).hasSize(1);                          // keep-alive: one TLS connection
        assertThat(run(() -> client.fetch("http://localhost:" + plainPort + "/who")).bodyText()).isEqualTo("plain");
        HttpClient tls12 = new HttpClient(loop, ClientOptions.defaults(), CERTS.client().withProtocols("TLSv1.2"));
        assertThat(run(() -> tls12.fetch("https://127.0.0.1:" + tlsPort + "/who")).bodyText())
                .isEqualTo("TLSv1.2 null http/1.1");                 // an IP literal: no SNI
    }

    @Test
    void pipelinedRequestsOverTlsAreAnsweredInOrderOnOneConnection() {
        IOStream s = run(() -> TcpClient.connect(loop, "localhost", tlsPort, WAIT, StreamOptions.defaults(),
                CERTS.client()));
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            all.append("GET /n/").append(i).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        String answers = run(() -> s.write(all.toString().getBytes(StandardCharsets.ISO_8859_1))
                .flatMap(v -> readResponse(s, new StringBuilder(), 3)));
        assertThat(answers).isEqualTo("n1n2n3");
        // and the connection stays open for another request later (keep-alive)
        String again = run(() -> s.write("GET /n/4 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))
                .flatMap(v -> readResponse(s, new StringBuilder(), 1)));
        assertThat(again).isEqualTo("n4");
        s.close();
    }

    /** Reads {@code count} responses with a Content-Length and appends their bodies. */
    private Future<String> readResponse(IOStream s, StringBuilder bodies, int count) {
        if (count == 0) {
            return Future.succeeded(loop, bodies.toString());
        }
        return s.readUntil("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 4096).flatMap(head -> {
            String h = new String(head, StandardCharsets.ISO_8859_1).toLowerCase();
            int at = h.indexOf("content-length: ") + 16;
            int length = Integer.parseInt(h.substring(at, h.indexOf('\r', at)).trim());
            return s.readBytes(length);
        }).flatMap(body -> {
            bodies.append(new String(body, StandardCharsets.ISO_8859_1));
            return readResponse(s, bodies, count - 1);
        });
    }

    @Test
    void largeBodiesBothWays() {
        byte[] body = new byte[8 << 20];
        new Random(3).nextBytes(body);
        HttpClient client = new HttpClient(loop, ClientOptions.defaults(), CERTS.client());
        byte[] back = run(() -> client.fetch(ClientRequest.post("https://localhost:" + tlsPort + "/echo")
                .body(body, "application/octet-stream").build())).body();
        assertThat(back).isEqualTo(body);
    }

    @Test
    void curlFetchesOverHttpsTrustingTheCaFile() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        String url = "https://localhost:" + tlsPort + "/who";
        assertThat(curl("--cacert", CERTS.caPem.toString(), url)).isEqualTo("0 TLSv1.3 localhost http/1.1");
        assertThat(curl("--cacert", CERTS.caPem.toString(), "--tlsv1.2", "--tls-max", "1.2", url))
                .isEqualTo("0 TLSv1.2 localhost http/1.1");
        assertThat(curl(url)).startsWith("60 ");                     // without the CA: curl does not trust it
    }

    /** Runs curl on the test thread (the server runs on its own loop): "exit-code output". */
    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish");
        }
        return p.exitValue() + " " + out.toString(StandardCharsets.UTF_8).strip();
    }
}
