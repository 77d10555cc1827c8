package dev.eddy.jmh;

import dev.eddy.net.IOStream;
import dev.eddy.net.LoopGroup;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.net.TcpServerOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The echo servers {@link EchoBenchmark} compares: Eddy's {@link TcpServer} on one loop or
 * a {@link LoopGroup} of two (round robin hand-off or SO_REUSEPORT), and the classic
 * baseline, a blocking {@link ServerSocket} with one thread per connection.
 * Both echo whatever arrives, through a 64 KiB buffer per connection.
 */
final class EchoServers {

    static final int BUFFER = 64 * 1024;

    private EchoServers() {
    }

    /** A running echo server: where it listens, and how to stop it. */
    interface Running extends AutoCloseable {
        InetSocketAddress address();

        @Override
        void close();
    }

    static Running start(String kind) throws IOException {
        return switch (kind) {
            case "eddy" -> eddy(1, false);
            case "eddy-2loops" -> eddy(2, false);
            case "eddy-2loops-reuseport" -> eddy(2, true);
            case "blocking" -> blocking();
            default -> throw new IllegalArgumentException("unknown server " + kind);
        };
    }

    /**
     * Echo with an IOStream: read what is there into the connection's buffer, write it back,
     * repeat. Plain callbacks, not a flatMap chain: a chain that recurses would keep one
     * pending future per round trip alive for the life of the connection.
     */
    static void echo(IOStream stream, ByteBuffer buffer) {
        buffer.clear();
        stream.readInto(buffer, true).addDoneCallback(read -> {
            if (!read.isSucceeded()) {
                stream.close();
                return;
            }
            stream.write(buffer.flip()).addDoneCallback(written -> {
                if (written.isSucceeded()) {
                    echo(stream, buffer);
                } else {
                    stream.close();
                }
            });
        });
    }

    private static Running eddy(int loops, boolean reusePort) throws IOException {
        LoopGroup group = new LoopGroup(loops);
        TcpServer server = TcpServer.listenStreams(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TcpServerOptions.defaults().withReusePort(reusePort), StreamOptions.defaults(),
                stream -> {
                    echo(stream, ByteBuffer.allocate(BUFFER));
                    return null;
                });
        return new Running() {
            public InetSocketAddress address() {
                return server.localAddress();
            }

            public void close() {
                server.close(Duration.ZERO);
                group.close();
            }
        };
    }

    private static Running blocking() throws IOException {
        ServerSocket ss = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    s.setTcpNoDelay(true);
                    Thread t = new Thread(() -> serve(s), "blocking-echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;     // closed
                }
            }
        }, "blocking-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return new Running() {
            public InetSocketAddress address() {
                return (InetSocketAddress) ss.getLocalSocketAddress();
            }

            public void close() {
                try {
                    ss.close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
        };
    }

    private static void serve(Socket s) {
        byte[] buf = new byte[BUFFER];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
