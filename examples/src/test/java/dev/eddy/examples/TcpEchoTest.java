package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.net.TcpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The tcp-echo example's handler, over loopback: lines come back, a too-long line closes. */
class TcpEchoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] NL = {'\n'};

    @Test
    void echoesLinesAndClosesOnALineTooLong() throws Exception {
        try (IOLoop loop = new IOLoop()) {
            TcpServer server = TcpServer.listenStreams(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    StreamOptions.defaults(), TcpEcho::echo);
            IOStream client = loop.runSync(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT), WAIT);
            byte[] two = loop.runSync(() -> client.write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII))
                    .flatMap(v -> client.readUntil(NL, 100))
                    .flatMap(first -> client.readUntil(NL, 100)), WAIT);
            assertThat(new String(two, StandardCharsets.US_ASCII)).isEqualTo("two\n");
            byte[] rest = loop.runSync(() -> client.write(new byte[70 * 1024])      // no newline within 64 KiB
                    .flatMap(v -> client.readUntilClose()), WAIT);
            assertThat(rest).isEmpty();         // the server closed without echoing
        }
    }
}
