package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.net.IOStream;
import dev.eddy.net.LoopGroup;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.net.TcpServerOptions;
import dev.eddy.tls.TlsServerConfig;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP echo server: every line a client sends comes back. One loop per core
 * ({@link LoopGroup}), connections handed to the loops in turn, or with
 * {@code --reuseport} one listening socket per loop.
 *
 * <pre>java -jar examples/target/eddy-examples.jar tcp-echo [--port 8007] [--loops N] [--reuseport] [--tls-cert CHAIN.pem --tls-key KEY.pem]</pre>
 *
 * Try it with {@code tcp-client}, or {@code nc 127.0.0.1 8007}. Stop it with Ctrl-C.
 */
final class TcpEcho {

    static final CommandLine CLI = TlsFlags.server(new CommandLine("tcp-echo",
            "a TCP echo server: every line a client sends comes back; one loop per core")
            .port(8007)
            .integer("--loops", Runtime.getRuntime().availableProcessors(), 1, 256, "event loops, one thread each")
            .flag("--reuseport", "one listening socket per loop (SO_REUSEPORT) instead of handing connections round"));

    private static final byte[] NEWLINE = {'\n'};

    private TcpEcho() {
    }

    /**
     * Reads a line, writes it back, and again, until the client goes away (or sends a line
     * longer than 64 KiB). Written with plain callbacks on purpose: a {@code flatMap} chain
     * that calls itself would keep one pending future per line alive for as long as the
     * connection lasts.
     */
    static Future<Void> echo(IOStream stream) {
        stream.readUntil(NEWLINE, 64 * 1024).addDoneCallback(line -> {
            if (!line.isSucceeded()) {
                stream.close();     // the client closed, or the line was too long
                return;
            }
            stream.write(line.join()).addDoneCallback(written -> {
                if (written.isSucceeded()) {
                    echo(stream);
                } else {
                    stream.close();
                }
            });
        });
        return null;                // no future for the connection's life: nothing to log
    }

    static void main(String[] args) throws Exception {
        CommandLine.Values options = CLI.parse(args);
        int loops = options.integer("--loops");
        TlsServerConfig tls = TlsFlags.serverConfig(CLI, options);
        LoopGroup group = new LoopGroup(loops);
        TcpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", options.integer("--port"));
            TcpServerOptions tcp = TcpServerOptions.defaults().withReusePort(options.flag("--reuseport"));
            server = tls == null ? TcpServer.listenStreams(group, address, tcp, StreamOptions.defaults(), TcpEcho::echo)
                    : TcpServer.listenStreams(group, address, tcp, StreamOptions.defaults(), tls, TcpEcho::echo);
        } catch (java.io.IOException | RuntimeException e) {
            group.close();      // nothing left running behind the one-line error
            throw e;
        }
        System.out.println("tcp-echo listening on " + server.localAddress() + " with " + loops + " loop(s)"
                + (server.reusesPort() ? " (SO_REUSEPORT)" : " (round robin)") + "; Ctrl-C stops");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(java.time.Duration.ofSeconds(2)).toCompletableFuture().orTimeout(3, java.util.concurrent.TimeUnit.SECONDS).join();
            group.close();
            stopped.countDown();
        }));
        stopped.await();
        System.out.println("tcp-echo stopped");
    }
}
