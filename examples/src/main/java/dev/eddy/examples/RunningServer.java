package dev.eddy.examples;

import dev.eddy.http.HttpServer;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An example HTTP server that is listening: the server, the loops it runs on and the address
 * it got. {@code main} waits on it until Ctrl-C; a test stops it. Main thread only.
 */
record RunningServer(HttpServer server, LoopGroup group, InetSocketAddress address) {

    /** Listens on {@code address}; if that fails (port in use), closes the loops, so nothing is left running. */
    static RunningServer listen(HttpServer server, LoopGroup group, InetSocketAddress address) throws IOException {
        return listen(server, group, address, null);
    }

    /** {@link #listen(HttpServer, LoopGroup, InetSocketAddress)}, serving HTTPS only when {@code tls} is not null. */
    static RunningServer listen(HttpServer server, LoopGroup group, InetSocketAddress address, TlsServerConfig tls)
            throws IOException {
        try {
            return new RunningServer(server, group,
                    tls == null ? server.listen(group, address) : server.listen(group, address, tls));
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /**
     * Prints {@code listening on HOST:PORT} (the line scripts and tests wait for before they
     * connect) and flushes it at once.
     */
    void announce() {
        System.out.println("listening on " + address.getHostString() + ":" + address.getPort());
        System.out.flush();
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then {@link #stop()}s. */
    void awaitSignal() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Shuts the server down gracefully (5 s to finish what is in flight), then closes the loops. */
    void stop() {
        try {
            server.shutdown(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing the loops below ends whatever is left
        }
        group.close();
    }
}
