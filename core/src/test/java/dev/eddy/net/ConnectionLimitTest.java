package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static dev.eddy.net.TcpServerClientTest.ANY_PORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server at its connection limit leaves new connections in the backlog, keeps serving the
 * ones it has, and accepts again as soon as one closes. "Not served" is checked over a bounded
 * window of loop time (300 ms): an absence cannot be awaited, only watched for a while.
 */
class ConnectionLimitTest {

    private static final Duration WINDOW = Duration.ofMillis(300);
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private IOStream connect(TcpServer server) {
        return loop.runSync(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT), WAIT);
    }

    private String echo(IOStream c, String line) {
        return str(loop.runSync(() -> c.write(bytes(line)).flatMap(v -> c.readUntil(bytes("\n"), 100)), WAIT));
    }

    /** Two served, a third waits until one of the two closes; the server holds exactly two meanwhile. */
    private void limitsToTwo(TcpServer server) {
        IOStream a = connect(server);
        IOStream b = connect(server);
        assertThat(echo(a, "a\n")).isEqualTo("a\n");
        assertThat(echo(b, "b\n")).isEqualTo("b\n");

        IOStream c = connect(server);           // the kernel completes the handshake: it waits in the backlog
        Future<byte[]> reply = loop.runSync(() -> c.write(bytes("c\n")).map(v -> c.readUntil(bytes("\n"), 100)), WAIT);
        loop.runSync(() -> Futures.sleep(loop, WINDOW), WAIT);
        assertThat(reply.isDone()).as("the third connection was served while two were open").isFalse();
        assertThat(server.openConnections()).isEqualTo(2);
        assertThat(echo(a, "a again\n")).isEqualTo("a again\n");     // the open ones are still served

        a.close();
        assertThat(str(loop.runSync(() -> reply, WAIT))).isEqualTo("c\n");
        assertThat(server.openConnections()).isEqualTo(2);
        b.close();
        c.close();
        loop.runSync(() -> StreamPair.when(loop, () -> server.openConnections() == 0), WAIT);
    }

    @Test
    void streamConnectionsGiveTheirPlaceBackWhenTheyClose() throws Exception {
        try (LoopGroup group = new LoopGroup(1)) {
            TcpServer server = TcpServer.listenStreams(group, ANY_PORT, TcpServerOptions.defaults().withMaxConnections(2),
                    StreamOptions.defaults(), TcpServerClientTest::echoLines);
            limitsToTwo(server);
        }
    }

    @Test
    void aRawHandlersLifeFutureGivesThePlaceBack() throws Exception {
        TcpServer server = TcpServer.listen(loop, ANY_PORT, TcpServerOptions.defaults().withMaxConnections(2), (l, ch) -> {
            IOStream s = new IOStream(l, ch);
            TcpServerClientTest.echoLines(s);
            return s.closeFuture();
        });
        limitsToTwo(server);
    }

    @Test
    void aRawHandlerWithoutALifeIsSweptWhileTheServerIsFull() throws Exception {
        TcpServer server = TcpServer.listen(loop, ANY_PORT,
                TcpServerOptions.defaults().withMaxConnections(2).withTrackConnections(false), (l, ch) -> {
                    TcpServerClientTest.echoLines(new IOStream(l, ch));
                    return null;        // the server must find out about the close itself
                });
        limitsToTwo(server);
    }

    @Test
    void theLimitMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TcpServerOptions.defaults().withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
