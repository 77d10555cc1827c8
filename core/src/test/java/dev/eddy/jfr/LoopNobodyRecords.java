package dev.eddy.jfr;

import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.net.TcpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A program for {@link FlightGateTest} to run in a JVM of its own: a loop that runs
 * callbacks and a timer and accepts, makes and closes a connection, then says whether the
 * gate opened.
 */
public final class LoopNobodyRecords {

    private LoopNobodyRecords() {
    }

    /**
     * Runs the loop, then prints {@code active=<Flight.active()>}.
     *
     * @param args ignored
     * @throws IOException when the server cannot listen
     */
    public static void main(String[] args) throws IOException {
        try (IOLoop loop = new IOLoop()) {
            TcpServer server = TcpServer.listenStreams(loop, new InetSocketAddress("127.0.0.1", 0),
                    StreamOptions.defaults(), stream -> {
                        stream.close();
                        return null;
                    });
            loop.runSync(() -> {
                for (int i = 0; i < 100; i++) {
                    loop.addCallback(() -> { });
                }
                return TcpClient.connect(loop, "127.0.0.1", server.port(), Duration.ofSeconds(5))
                        .flatMap(stream -> {
                            stream.close();
                            return Futures.sleep(loop, Duration.ofMillis(50));
                        });
            }, Duration.ofSeconds(10));
            server.stopAccepting();
        }
        System.out.println("active=" + Flight.active());
    }
}
