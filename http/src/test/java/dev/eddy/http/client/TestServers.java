package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.PeriodicCallback;
import dev.eddy.Promise;
import dev.eddy.http.HttpHandler;
import dev.eddy.http.HttpServer;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.net.LoopGroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Servers for the client tests: Eddy's own {@link HttpServer} on a loop thread of its own
 * (counting the TCP connections it sees by the clients' port numbers), and a deliberately
 * misbehaving raw-socket server that runs a script per connection on plain threads.
 */
final class TestServers {

    private TestServers() {
    }

    /** Eddy's server on its own loop; records the remote port of every request. */
    static final class Eddy implements AutoCloseable {
        final LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("client-test-server"));
        final HttpServer server;
        final int port;
        final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();

        Eddy(HttpHandler handler) throws IOException {
            this(handler, HttpServerOptions.defaults());
        }

        Eddy(HttpHandler handler, HttpServerOptions options) throws IOException {
            server = new HttpServer(r -> {
                clientPorts.add(r.remoteAddress().getPort());
                requests.incrementAndGet();
                return handler.handle(r);
            }, options);
            port = server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        /** Distinct TCP connections that carried a request. */
        int connections() {
            return clientPorts.size();
        }

        @Override
        public void close() {
            group.close();
        }
    }

    /** What a raw server does with one accepted connection (on its own thread). */
    @FunctionalInterface
    interface Script {
        void run(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    /** A blocking ServerSocket that runs a script on every connection; counts connections. */
    static final class Raw implements AutoCloseable {
        final ServerSocket listener;
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        Raw(Script script) throws IOException {
            listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    Socket s;
                    try {
                        s = listener.accept();
                    } catch (IOException e) {
                        return;
                    }
                    int n = accepted.incrementAndGet();
                    sockets.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.run(s, s.getInputStream(), s.getOutputStream());
                        } catch (Exception e) {
                            // the client went away, or the script ended the connection on purpose
                        }
                    }, "raw-conn-" + n);
                    t.setDaemon(true);
                    t.start();
                }
            }, "raw-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + listener.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Reads one request head (up to CRLF CRLF) from a raw connection; null at end of stream. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                return sb.toString();
            }
        }
        return null;
    }

    static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A future that completes once {@code condition} holds (checked every 5 ms on the loop). */
    static Future<Void> until(IOLoop loop, BooleanSupplier condition) {
        Promise<Void> p = new Promise<>(loop);
        PeriodicCallback[] pc = new PeriodicCallback[1];
        pc[0] = PeriodicCallback.of(loop, Duration.ofMillis(5), () -> {
            if (condition.getAsBoolean()) {
                pc[0].stop();
                p.tryComplete(null);
            }
        });
        pc[0].start();
        return p;
    }
}
