package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.testing.LogCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServerTransports}, {@link ClientTransports} and {@link Transport#ready()} with a
 * transport that is not TLS ({@link CountingTransport}): what wraps a socket is the caller's
 * choice, the server and the client only ask for a transport and wait for it to be ready.
 */
class TransportWrappingTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    /** What a connect to {@code server} over {@code transports} failed with, as the future has it. */
    private Throwable connectFailure(TcpServer server, ClientTransports transports) {
        return run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT, StreamOptions.defaults(), transports)
                .<Throwable>map(s -> null).recover(t -> t));
    }

    @Test
    void aTransportOfOurOwnCarriesTheBytesOnBothSides() throws Exception {
        List<CountingTransport> served = new ArrayList<>();
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), accepted -> {
            CountingTransport t = new CountingTransport(accepted);
            served.add(t);
            return t;
        }, TcpServerClientTest::echoLines);
        List<String> dialled = new ArrayList<>();
        CountingTransport[] client = new CountingTransport[1];
        ClientTransports counting = (channel, host, port) -> {
            dialled.add(host + ":" + port);
            return client[0] = new CountingTransport(channel);
        };

        byte[] reply = run(() -> TcpClient.connect(loop, "localhost", server.port(), WAIT, StreamOptions.defaults(),
                counting).flatMap(c -> c.write(bytes("ping\n")).flatMap(v -> c.readUntil(bytes("\n"), 100))));

        assertThat(str(reply)).isEqualTo("ping\n");
        assertThat(dialled).containsExactly("localhost:" + server.port());
        assertThat(client[0].bytesWritten).isEqualTo(5);
        assertThat(client[0].bytesRead).isEqualTo(5);
        assertThat(served).hasSize(1);
        assertThat(served.get(0).bytesRead).isEqualTo(5);
        assertThat(served.get(0).bytesWritten).isEqualTo(5);
    }

    @Test
    void theConnectSucceedsOnlyOnceTheTransportIsReady() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        Promise<Void> asked = new Promise<>(loop);
        Promise<Void> ready = new Promise<>(loop);
        ClientTransports later = (channel, host, port) -> new CountingTransport(channel, () -> {
            asked.tryComplete(null);
            return ready;
        });
        Future<IOStream>[] connect = new Future[1];

        run(() -> {
            connect[0] = TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT, StreamOptions.defaults(), later);
            return asked;           // the socket is connected, and the client asks the transport
        });
        run(() -> Futures.moment(loop));
        assertThat(connect[0].isDone()).as("connected, but the transport is not ready").isFalse();

        IOStream stream = run(() -> {
            ready.complete(null);
            return connect[0];
        });
        assertThat(stream.isClosed()).isFalse();
    }

    @Test
    void aTransportThatIsNeverReadyFailsTheConnectWithItsReasonAndClosesTheSocket() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        IOException refused = new IOException("the peer spoke the wrong protocol (expected by the test)");
        SocketChannel[] socket = new SocketChannel[1];
        ClientTransports never = (channel, host, port) -> {
            socket[0] = channel;
            return new CountingTransport(channel, () -> Future.failed(loop, refused));
        };

        assertThat(connectFailure(server, never)).isSameAs(refused);
        assertThat(socket[0].isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aClientTransportThatCannotBeMadeFailsTheConnectAndClosesTheSocket(boolean checked) throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        FailingTransports failing = new FailingTransports(checked, 1);

        assertThat(connectFailure(server, failing)).isSameAs(failing.failure());
        assertThat(failing.refused()).hasSize(1);
        assertThat(failing.refused().get(0).isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aServerTransportThatCannotBeMadeClosesThatSocketLogsOnceAndTheServerGoesOn(boolean checked) throws Exception {
        FailingTransports firstFails = new FailingTransports(checked, 1);
        // a limit of one: the failed connection must give its place back, or the second waits forever
        try (LoopGroup group = new LoopGroup(1);
             LogCapture log = LogCapture.of(TcpServer.LOG.getName(), group.loop(0))) {
            TcpServer server = TcpServer.listenStreams(group, ANY_PORT, TcpServerOptions.defaults().withMaxConnections(1),
                    StreamOptions.defaults(), firstFails, TcpServerClientTest::echoLines);

            byte[] first = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                    .flatMap(IOStream::readUntilClose));
            IOStream second = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT));
            byte[] echoed = run(() -> second.write(bytes("still here\n")).flatMap(v -> second.readUntil(bytes("\n"), 100)));

            assertThat(first).isEmpty();
            assertThat(firstFails.refused()).hasSize(1);
            assertThat(firstFails.refused().get(0).isOpen()).isFalse();
            assertThat(str(echoed)).isEqualTo("still here\n");
            List<LogRecord> errors = log.matching(System.Logger.Level.WARNING, "");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getThrown()).isSameAs(firstFails.failure());
            second.close();
        }
    }
}
