package dev.eddy.jmh.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK peer of the HTTP comparison: {@code com.sun.net.httpserver.HttpServer}, the HTTP
 * server every JDK ships, answering {@code GET /plaintext} with {@code Hello, World!} from a
 * fixed pool of handler threads (default 2; its dispatcher thread accepts and parses).
 * {@code sun.net.httpserver.nodelay} is turned on unless set, as the other peers set
 * TCP_NODELAY.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar dev.eddy.jmh.peers.JdkHelloServer PORT [THREADS]
 * </pre>
 *
 * Runs until killed.
 */
public final class JdkHelloServer {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private JdkHelloServer() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/plaintext", JdkHelloServer::hello);
        server.start();
        System.out.printf("JDK HttpServer listening on %s with %d handler thread(s)%n", server.getAddress(), threads);
    }

    private static void hello(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        }
    }
}
