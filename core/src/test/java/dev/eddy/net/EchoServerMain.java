package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A line-echo server for tests that must run it in a child JVM (under a descriptor limit,
 * say): listens on loopback, prints {@code PORT <n>} on stdout, and serves until killed, or
 * for at most the number of seconds given as its argument (so it can never outlive a test
 * run by much). It logs nothing on its own before the first error, as a real server would
 * not, so the first log record is written at whatever moment the error comes.
 */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    public static void main(String[] args) throws IOException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        IOLoop loop = new IOLoop();
        TcpServer server = TcpServer.listenStreams(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamOptions.defaults(), EchoServerMain::echoLines);
        System.out.println("PORT " + server.port());
        System.out.flush();
        loop.callLater(Duration.ofSeconds(seconds), loop::stop);
        loop.run();
        loop.close();
    }

    /** Echoes lines until the peer closes (callbacks, so no future chain grows per line). */
    private static Future<Void> echoLines(IOStream s) {
        s.readUntil(NEWLINE, 1024).addDoneCallback(line -> {
            if (!line.isSucceeded()) {
                s.close();
                return;
            }
            s.write(line.join()).addDoneCallback(w -> echoLines(s));
        });
        return null;
    }

    private static final byte[] NEWLINE = {'\n'};
}
