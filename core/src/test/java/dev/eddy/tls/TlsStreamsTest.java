package dev.eddy.tls;

import dev.eddy.testcerts.TestCertificates;
import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.testing.LoopOnThread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static dev.eddy.tls.TlsTestSupport.ANY_PORT;
import static dev.eddy.tls.TlsTestSupport.CERTS;
import static dev.eddy.tls.TlsTestSupport.WAIT;
import static dev.eddy.tls.TlsTestSupport.bytes;
import static dev.eddy.tls.TlsTestSupport.connect;
import static dev.eddy.tls.TlsTestSupport.echoServer;
import static dev.eddy.tls.TlsTestSupport.str;
import static dev.eddy.tls.TlsTestSupport.tls;
import static dev.eddy.tls.TlsTestSupport.until;
import static org.assertj.core.api.Assertions.assertThat;

/** TLS streams that work: echo on both versions, SNI, ALPN, a chain, large transfers, back-pressure, many handshakes. */
class TlsStreamsTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    private String echoOnce(TlsServerConfig server, TlsClientConfig client, String host, List<TlsTransport> seen)
            throws Exception {
        List<TlsTransport> servers = new ArrayList<>();
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), server, s -> {
            servers.add(tls(s));
            return TlsTestSupport.echoLines(s);
        });
        IOStream c = run(() -> connect(loop, host, tcp.port(), client));
        String reply = str(run(() -> c.write(bytes("ping\n")).flatMap(v -> c.readUntil(bytes("\n"), 100))));
        seen.add(tls(c));
        seen.addAll(servers);
        return reply;
    }

    @Test
    void echoOverTls13WithAnIntermediateSniAndAlpn() throws Exception {
        List<TlsTransport> ends = new ArrayList<>();
        String reply = echoOnce(CERTS.server().withApplicationProtocols("h2", "http/1.1"),
                CERTS.client().withApplicationProtocols("http/1.1"), "localhost", ends);
        assertThat(reply).isEqualTo("ping\n");
        TlsTransport client = ends.get(0);
        TlsTransport server = ends.get(1);
        assertThat(client.session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(client.session().getPeerCertificates()).hasSize(2);          // leaf + intermediate
        assertThat(((X509Certificate) client.session().getPeerCertificates()[1]).getSubjectX500Principal().getName())
                .contains("Intermediate");
        assertThat(server.serverName()).isEqualTo("localhost");                // SNI for a single-label name
        assertThat(client.serverName()).isEqualTo("localhost");
        assertThat(server.applicationProtocol()).isEqualTo("http/1.1");
        assertThat(client.info().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(server.info().serverName()).isEqualTo("localhost");
        assertThat(server.info().protocol()).isEqualTo("TLSv1.3");
        assertThat(client.isClient()).isTrue();
        assertThat(server.isClient()).isFalse();
    }

    @Test
    void echoOverTls12() throws Exception {
        List<TlsTransport> ends = new ArrayList<>();
        assertThat(echoOnce(CERTS.server(), CERTS.client().withProtocols("TLSv1.2"), "localhost", ends))
                .isEqualTo("ping\n");
        assertThat(ends.get(0).session().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(ends.get(1).session().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(ends.get(0).session().getCipherSuite()).matches(TlsPolicy::isAllowed);
        assertThat(ends.get(0).applicationProtocol()).isNull();
    }

    @Test
    void anRsaKeyFromPemAndAKeystoreFromPkcs12ServeToo() throws Exception {
        List<TlsTransport> ends = new ArrayList<>();
        assertThat(echoOnce(TlsServerConfig.fromPem(CERTS.rsaChainPem, CERTS.rsaKeyPem), CERTS.client(), "localhost",
                ends)).isEqualTo("ping\n");
        assertThat(echoOnce(TlsServerConfig.fromPkcs12(CERTS.serverP12, TestCertificates.PASSWORD.toCharArray()),
                CERTS.client(), "127.0.0.1", ends)).isEqualTo("ping\n");
        assertThat(ends.get(2).serverName()).isNull();                         // an IP literal: no SNI
        assertThat(ends.get(3).serverName()).isNull();
    }

    @Test
    void anIdleConnectionHoldsNoBuffersAndNoHandshakeState() throws Exception {
        List<TlsTransport> ends = new ArrayList<>();
        echoOnce(CERTS.server(), CERTS.client(), "localhost", ends);
        run(() -> until(loop, () -> ends.get(0).heldBytes() == 0 && ends.get(1).heldBytes() == 0));
        assertThat(ends.get(0).heldBytes()).isZero();
        assertThat(ends.get(1).heldBytes()).isZero();
        assertThat(ends.get(0).holdsHandshakeState()).isFalse();
        assertThat(ends.get(1).holdsHandshakeState()).isFalse();
    }

    @Test
    void thirtyTwoMebibytesBothWays() throws Exception {
        int size = 32 << 20;
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        CRC32 expected = new CRC32();
        expected.update(data);
        // the server reads everything, then sends it back
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), CERTS.server(),
                s -> {
                    ByteBuffer all = ByteBuffer.allocate(size);
                    s.readInto(all).addDoneCallback(f -> s.write(all.flip()));
                    return null;
                });
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        ByteBuffer back = ByteBuffer.allocate(size);
        run(() -> {
            c.write(ByteBuffer.wrap(data));
            return c.readInto(back);
        });
        CRC32 got = new CRC32();
        got.update(back.flip());
        assertThat(got.getValue()).isEqualTo(expected.getValue());
    }

    @Test
    void aWriterWaitsAtTheHighWaterMarkUntilThePeerReads() throws Exception {
        Promise<IOStream> serverSide = new Promise<>(loop);
        StreamOptions small = StreamOptions.defaults().withWriteWaterMarks(64 << 10, 256 << 10);
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, small, CERTS.server(), s -> {
            serverSide.complete(s);
            return null;
        });
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        IOStream s = run(() -> serverSide);
        byte[] eight = new byte[8 << 20];
        Future<Void> written = run(() -> Future.succeeded(loop, s.write(eight)));
        // the client does not read: the kernel buffers fill, the transport holds a batch, the stream queues the rest
        run(() -> until(loop, () -> s.queuedWriteBytes() > (256 << 10)));
        assertThat(written.isDone()).isFalse();
        assertThat(tls(s).hasPendingOutput()).isTrue();
        run(() -> c.readBytes(eight.length));
        run(() -> written);
        assertThat(s.queuedWriteBytes()).isZero();
    }

    @Test
    void aThousandConcurrentHandshakes() throws Exception {
        try (LoopOnThread server = LoopOnThread.start("tls-server-loop")) {
            IOLoop serverLoop = server.loop();
            // a busy 2-core machine may need more than the default 10 s for a thousand handshakes at once
            TcpServer tcp = echoServer(serverLoop, CERTS.server().withHandshakeTimeout(java.time.Duration.ofSeconds(110)));
            TlsClientConfig client = CERTS.client();
            List<IOStream> streams = run(() -> {
                List<Future<String>> replies = new ArrayList<>();
                List<Future<IOStream>> connected = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    String line = "hello " + i + "\n";
                    Future<IOStream> f = TcpClientWithDeadline.connect(loop, tcp.port(), client);
                    connected.add(f);
                    replies.add(f.flatMap(c -> c.write(bytes(line)).flatMap(v -> c.readUntil(bytes("\n"), 100)))
                            .map(b -> {
                                assertThat(str(b)).isEqualTo(line);
                                return line;
                            }));
                }
                return Futures.all(replies).flatMap(r -> Futures.all(connected));
            }, java.time.Duration.ofSeconds(120));
            assertThat(streams).hasSize(1000);
            streams.forEach(IOStream::close);
        }
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task, java.time.Duration deadline) {
        return loop.runSync(task, deadline);
    }

    /** Connects with a deadline long enough for a thousand handshakes on a busy machine. */
    private static final class TcpClientWithDeadline {
        static Future<IOStream> connect(IOLoop loop, int port, TlsClientConfig tls) {
            return dev.eddy.net.TcpClient.connect(loop, "localhost", port, java.time.Duration.ofSeconds(110),
                    StreamOptions.defaults(), tls.withHandshakeTimeout(java.time.Duration.ofSeconds(110)));
        }
    }
}
