package dev.eddy.tls;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamClosedException;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.testing.LoopOnThread;
import dev.eddy.tls.TlsHandshakeException.Reason;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

import static dev.eddy.tls.TlsTestSupport.ANY_PORT;
import static dev.eddy.tls.TlsTestSupport.CERTS;
import static dev.eddy.tls.TlsTestSupport.WAIT;
import static dev.eddy.tls.TlsTestSupport.bytes;
import static dev.eddy.tls.TlsTestSupport.connect;
import static dev.eddy.tls.TlsTestSupport.str;
import static dev.eddy.tls.TlsTestSupport.tls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What goes wrong with TLS, and that each failure is reported clearly and ends the connection. */
class TlsFailuresTest {

    private final IOLoop loop = new IOLoop();
    /** Why the server's first read on a connection failed. */
    private final Promise<Throwable> serverFailure = new Promise<>(loop);

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    /** A TLS server whose handler reads a line and records why the read failed. */
    private TcpServer readingServer(TlsServerConfig tls) throws IOException {
        return TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), tls, s -> {
            s.readUntil(bytes("\n"), 100).whenComplete((line, failure) -> {
                if (failure != null) {
                    serverFailure.tryComplete(failure.getCause() != null ? failure.getCause() : failure);
                }
            });
            return null;
        });
    }

    private TlsHandshakeException clientFailure(TlsServerConfig server, TlsClientConfig client, String host)
            throws IOException {
        TcpServer tcp = readingServer(server);
        Throwable t = run(() -> connect(loop, host, tcp.port(), client).map(s -> (Throwable) null)
                .recover(failure -> failure));
        assertThat(t).isInstanceOf(TlsHandshakeException.class);
        return (TlsHandshakeException) t;
    }

    @Test
    void aCertificateForAnotherHostIsRejectedAsAHostNameMismatch() throws Exception {
        TlsHandshakeException e = clientFailure(TlsServerConfig.fromPem(CERTS.otherHostChainPem, CERTS.keyPem),
                CERTS.client(), "localhost");
        assertThat(e.reason()).isEqualTo(Reason.HOST_NAME_MISMATCH);
        assertThat(e.getMessage()).startsWith("TLS handshake with localhost:").contains("failed: host name mismatch:")
                .contains("not for localhost").doesNotContain("\n");
        Throwable onServer = run(() -> serverFailure);                 // the client told the server with an alert
        assertThat(onServer).isInstanceOf(TlsHandshakeException.class);
        assertThat(((TlsHandshakeException) onServer).reason()).isEqualTo(Reason.REJECTED_BY_PEER);
    }

    @Test
    void anIpAddressNotInTheCertificateIsAMismatchToo() throws Exception {
        TlsHandshakeException e = clientFailure(TlsServerConfig.fromPem(CERTS.otherHostChainPem, CERTS.keyPem),
                CERTS.client(), "127.0.0.1");
        assertThat(e.reason()).isEqualTo(Reason.HOST_NAME_MISMATCH);
        assertThat(e.getMessage()).contains("not for 127.0.0.1");
    }

    @Test
    void anExpiredCertificateIsRejected() throws Exception {
        TlsHandshakeException e = clientFailure(TlsServerConfig.fromPem(CERTS.expiredChainPem, CERTS.keyPem),
                CERTS.client(), "localhost");
        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e.getMessage()).contains("the server's certificate has expired").doesNotContain("\n");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRejected() throws Exception {
        TlsHandshakeException e = clientFailure(CERTS.server(), TlsClientConfig.trustingCaPem(CERTS.rogueCaPem),
                "localhost");
        assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(e.getMessage()).contains("the server's certificate is not trusted");
        // and the JDK's default trust store does not know the test CA either
        TlsHandshakeException byDefault = clientFailure(CERTS.server(), TlsClientConfig.defaults(), "localhost");
        assertThat(byDefault.reason()).isEqualTo(Reason.UNTRUSTED);
    }

    @Test
    void noCommonProtocolVersionIsSaidSo() throws Exception {
        TlsHandshakeException e = clientFailure(CERTS.server().withProtocols("TLSv1.3"),
                CERTS.client().withProtocols("TLSv1.2"), "localhost");
        assertThat(e.reason()).isEqualTo(Reason.PROTOCOL_VERSION);
        assertThat(e.getMessage()).contains("no protocol version or cipher suite both sides accept");
    }

    @Test
    void aClientThatSendsNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        TcpServer tcp = readingServer(CERTS.server().withHandshakeTimeout(Duration.ofMillis(300)));
        SocketChannel raw = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcp.port()));
        raw.configureBlocking(false);
        long start = System.nanoTime();
        run(() -> untilClosed(raw, null));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        Throwable onServer = run(() -> serverFailure);
        assertThat(((TlsHandshakeException) onServer).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(onServer.getMessage()).contains("did not finish within PT0.3S");
        raw.close();
    }

    @Test
    void aClientThatSendsItsHelloByteByByteIsClosedAfterTheHandshakeTimeout() throws Exception {
        TcpServer tcp = readingServer(CERTS.server().withHandshakeTimeout(Duration.ofMillis(300)));
        SSLEngine engine = CERTS.client().newEngine("localhost", tcp.port());
        engine.beginHandshake();
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        int helloBytes = hello.remaining();
        SocketChannel raw = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcp.port()));
        raw.configureBlocking(false);
        run(() -> untilClosed(raw, hello));                 // one byte every 10 ms: the hello needs seconds
        assertThat(hello.remaining()).isPositive();
        assertThat(helloBytes).isGreaterThan(100);
        Throwable onServer = run(() -> serverFailure);
        assertThat(((TlsHandshakeException) onServer).reason()).isEqualTo(Reason.TIMEOUT);
        raw.close();
    }

    /** Every 10 ms: sends the next byte of {@code drip} (if any) and reads; done when the server closed. */
    private Future<Void> untilClosed(SocketChannel raw, ByteBuffer drip) {
        Promise<Void> closed = new Promise<>(loop);
        Runnable[] tick = new Runnable[1];
        ByteBuffer sink = ByteBuffer.allocate(4096);
        tick[0] = () -> {
            try {
                if (drip != null && drip.hasRemaining()) {
                    raw.write(drip.slice().limit(1));
                    drip.position(drip.position() + 1);
                }
                sink.clear();
                if (raw.read(sink) < 0) {
                    closed.complete(null);
                    return;
                }
            } catch (IOException e) {
                closed.complete(null);      // reset: closed as well
                return;
            }
            loop.callLater(Duration.ofMillis(10), tick[0]);
        };
        loop.addCallback(tick[0]);
        return closed;
    }

    @Test
    void plainHttpToTheTlsPortFailsCleanlyAndNothingHangs() throws Exception {
        TcpServer tcp = readingServer(CERTS.server());
        SocketChannel raw = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcp.port()));
        raw.write(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")));
        raw.configureBlocking(false);
        run(() -> untilClosed(raw, null));
        Throwable onServer = run(() -> serverFailure);
        assertThat(((TlsHandshakeException) onServer).reason()).isEqualTo(Reason.NOT_TLS);
        assertThat(onServer.getMessage()).contains("the peer does not speak TLS");
        raw.close();
    }

    @Test
    void closeNotifyFromTheClientIsACleanEndForTheServer() throws Exception {
        TcpServer tcp = readingServer(CERTS.server());
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        c.close();
        Throwable onServer = run(() -> serverFailure);
        assertThat(onServer).isInstanceOf(EOFException.class);         // not a TlsTruncationException
    }

    @Test
    void closeNotifyFromTheServerIsACleanEndForTheClient() throws Exception {
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), CERTS.server(), s -> {
            s.write(bytes("bye\n")).addDoneCallback(f -> s.close());
            return null;
        });
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        assertThat(str(run(() -> c.readUntil(bytes("\n"), 100)))).isEqualTo("bye\n");
        Throwable end = run(() -> c.readBytes(1).map(b -> (Throwable) null).recover(t -> t));
        assertThat(end).isInstanceOf(StreamClosedException.class).hasCauseInstanceOf(EOFException.class);
        assertThat(run(() -> c.readUntilClose().map(b -> b.length).recover(t -> -1))).isZero();
    }

    @Test
    void aConnectionThatEndsWithoutCloseNotifyIsATruncation() throws Exception {
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), CERTS.server(), s -> {
            s.write(bytes("partial")).addDoneCallback(f -> {
                try {
                    s.transport().channel().close();        // TCP FIN without a TLS close_notify
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            return null;
        });
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        Throwable t = run(() -> c.readBytes(100).map(b -> (Throwable) null).recover(e -> e));
        assertThat(t).isInstanceOf(StreamClosedException.class).hasCauseInstanceOf(TlsTruncationException.class);
        assertThat(t.getCause()).hasMessageContaining("without a TLS close_notify");
        assertThat(c.bufferedBytes()).isEqualTo(7);                    // what came is kept, but the end is an error
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        CompletableFuture<Throwable> onServer = new CompletableFuture<>();
        try (LoopOnThread server = LoopOnThread.start("tls-server-loop")) {
            IOLoop serverLoop = server.loop();
            TcpServer tcp = TcpServer.listenStreams(serverLoop, ANY_PORT, StreamOptions.defaults(), CERTS.server(),
                    s -> {
                        echoUntilFailure(s, onServer);
                        return null;
                    });
            try (Socket plain = new Socket("127.0.0.1", tcp.port());
                 SSLSocket socket = (SSLSocket) CERTS.client().context().getSocketFactory()
                         .createSocket(plain, "localhost", tcp.port(), true)) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(bytes("one\n"));
                InputStream in = socket.getInputStream();
                assertThat(str(in.readNBytes(4))).isEqualTo("one\n");
                socket.startHandshake();                        // a second handshake: renegotiation
                assertThatThrownBy(() -> {
                    socket.getOutputStream().write(bytes("two\n"));
                    if (in.read() < 0) {
                        throw new EOFException();
                    }
                }).isInstanceOf(IOException.class);
            }
            Throwable t = onServer.get(10, TimeUnit.SECONDS);
            assertThat(t).hasMessageContaining("TLS renegotiation refused");
        }
    }

    private static void echoUntilFailure(IOStream s, CompletableFuture<Throwable> failed) {
        s.readUntil(bytes("\n"), 100).whenComplete((line, failure) -> {
            if (failure != null) {
                failed.complete(failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            s.write(line).addDoneCallback(w -> echoUntilFailure(s, failed));
        });
    }

    @Test
    void aPeerThatGoesAwayDuringTheHandshakeIsSaidSo() throws Exception {
        TcpServer tcp = readingServer(CERTS.server());
        try (SocketChannel raw = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcp.port()))) {
            raw.write(ByteBuffer.wrap(new byte[] {22, 3, 1, 0, 100, 1}));       // the start of a hello, then FIN
        }
        Throwable onServer = run(() -> serverFailure);
        assertThat(((TlsHandshakeException) onServer).reason()).isEqualTo(Reason.CONNECTION_CLOSED);
        assertThat(onServer.getMessage()).contains("the peer closed the connection during the handshake");
        TlsHandshakeException reset = TlsFailures.describe(new IOException("Broken pipe"), "localhost:1", true);
        assertThat(reset.reason()).isEqualTo(Reason.CONNECTION_CLOSED);
        assertThat(reset.getMessage()).isEqualTo(
                "TLS handshake with localhost:1 failed: the connection broke during the handshake (Broken pipe)");
    }

    @Test
    void aTruncationFoundWhileTheLoopClosesIsThrownAsItself() throws Exception {
        Promise<IOStream> serverSide = new Promise<>(loop);
        TcpServer tcp = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), CERTS.server(), s -> {
            serverSide.complete(s);         // and no read: the end stays in the kernel until read below
            return null;
        });
        IOStream c = run(() -> connect(loop, "localhost", tcp.port(), CERTS.client()));
        IOStream s = run(() -> serverSide);
        run(() -> s.write(bytes("hi")).flatMap(v -> c.readBytes(2)));      // both handshakes are over
        c.transport().channel().close();                                  // FIN without close_notify
        Throwable[] thrown = new Throwable[1];
        loop.addCallback(() -> {
            loop.close();                   // from here on the loop refuses callbacks (a transport's wake)
            long deadline = System.nanoTime() + 5_000_000_000L;
            try {
                while (tls(s).read(ByteBuffer.allocate(64)) == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();    // the FIN is on its way over loopback
                }
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        loop.run();                         // one turn: the callback closes the loop, and the run ends
        assertThat(thrown[0]).isInstanceOf(TlsTruncationException.class);
    }
}
