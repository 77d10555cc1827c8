package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.TcpServerClientTest.ANY_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/** A TcpServer forgets each connection as soon as it hears that it closed. */
class ConnectionTrackingTest {

    private static final int CONNECTIONS = 150;    // more than the tracker's first lazy sweep (64)
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Opens {@code n} connections, each sends a line and reads it back, then closes them all. */
    private void openEchoAndClose(TcpServer server, int n) {
        loop.runSync(() -> {
            List<Future<IOStream>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                        .flatMap(c -> c.write(bytes("x\n")).flatMap(v -> c.readUntil(bytes("\n"), 10)).map(b -> c)));
            }
            return Futures.all(loop, all).map(clients -> {
                clients.forEach(IOStream::close);
                return clients;
            });
        }, WAIT);
    }

    @Test
    void streamConnectionsAreForgottenWhenTheyClose() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(),
                TcpServerClientTest::echoLines);
        openEchoAndClose(server, CONNECTIONS);
        loop.runSync(() -> StreamPair.when(loop, () -> server.trackedConnections() == 0), WAIT);
        assertThat(server.trackedConnections()).isZero();
    }

    @Test
    void rawConnectionsAreForgottenWhenTheirLifeFutureCompletes() throws Exception {
        TcpServer server = TcpServer.listen(loop, ANY_PORT, (l, ch) -> {
            IOStream s = new IOStream(l, ch);       // the handler's own stream: the server made none
            TcpServerClientTest.echoLines(s);
            return s.closeFuture();                 // the connection's life
        });
        openEchoAndClose(server, CONNECTIONS);
        loop.runSync(() -> StreamPair.when(loop, () -> server.trackedConnections() == 0), WAIT);
        assertThat(server.trackedConnections()).isZero();
    }

    @Test
    void anUntrackedServerHoldsNothingPerConnectionAndItsCloseOnlyStopsAccepting() throws Exception {
        List<IOStream> served = new ArrayList<>();
        TcpServer server = TcpServer.listen(loop, ANY_PORT,
                TcpServerOptions.defaults().withTrackConnections(false), (l, ch) -> {
                    IOStream s = new IOStream(l, ch);
                    served.add(s);
                    TcpServerClientTest.echoLines(s);
                    return s.closeFuture();
                });
        IOStream client = loop.runSync(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                .flatMap(c -> c.write(bytes("x\n")).flatMap(v -> c.readUntil(bytes("\n"), 10)).map(b -> c)), WAIT);
        assertThat(server.trackedConnections()).isZero();

        loop.runSync(() -> server.close(java.time.Duration.ofSeconds(5)), WAIT);
        assertThat(served).hasSize(1);
        assertThat(served.get(0).isClosed()).as("the handler's connection is its own to close").isFalse();
        client.close();
        served.get(0).close();
    }
}
