package dev.eddy.tls;

import dev.eddy.testcerts.TestCertificates;
import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.net.TcpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test helpers for TLS streams: an echo server, a client, and waiting for a condition on the loop. */
final class TlsTestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final TestCertificates CERTS = TestCertificates.get();

    private TlsTestSupport() {
    }

    /** Echoes lines until the peer closes. */
    static Future<Void> echoLines(IOStream s) {
        s.readUntil(bytes("\n"), 1 << 20).addDoneCallback(line -> {
            if (!line.isSucceeded()) {
                s.close();
                return;
            }
            s.write(line.join()).addDoneCallback(w -> echoLines(s));
        });
        return null;
    }

    static TcpServer echoServer(IOLoop loop, TlsServerConfig tls) throws IOException {
        return TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), tls, TlsTestSupport::echoLines);
    }

    static Future<IOStream> connect(IOLoop loop, String host, int port, TlsClientConfig tls) {
        return TcpClient.connect(loop, host, port, WAIT, StreamOptions.defaults(), tls);
    }

    /** A future that succeeds once {@code condition} holds, checked every millisecond on the loop. */
    static Future<Void> until(IOLoop loop, BooleanSupplier condition) {
        Promise<Void> p = new Promise<>(loop);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (condition.getAsBoolean()) {
                p.tryComplete(null);
            } else {
                loop.callLater(Duration.ofMillis(1), check[0]);
            }
        };
        loop.addCallback(check[0]);
        return p;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static TlsTransport tls(IOStream s) {
        return (TlsTransport) s.transport();
    }
}
