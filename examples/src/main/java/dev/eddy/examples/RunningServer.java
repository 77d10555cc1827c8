package dev.eddy.examples;

import dev.eddy.http.GracefulExit;
import dev.eddy.http.HttpServer;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;

/**
 * An example HTTP server that is listening: the server, the loops it runs on and the address
 * it got (a TCP address, or a Unix-domain socket's path). {@code main} waits on it until the
 * process is asked to stop (Ctrl-C, SIGTERM), then drains it: requests in flight finish
 * within {@link #GRACE}, idle keep-alive connections close, and the loops close; a test stops
 * it with {@link #stop()}. Main thread only.
 *
 * @param server       the HTTP server
 * @param group        the loops it runs on
 * @param boundAddress an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
 */
record RunningServer(HttpServer server, LoopGroup group, SocketAddress boundAddress) {

    /** How long requests in flight may take to finish when the server stops. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** Listens on {@code address}; if that fails (port in use), closes the loops, so nothing is left running. */
    static RunningServer listen(HttpServer server, LoopGroup group, SocketAddress address) throws IOException {
        return listen(server, group, address, null);
    }

    /**
     * {@link #listen(HttpServer, LoopGroup, SocketAddress)}, serving HTTPS only when {@code tls}
     * is not null (over TCP: TLS on a Unix-domain socket is not offered here).
     */
    static RunningServer listen(HttpServer server, LoopGroup group, SocketAddress address, TlsServerConfig tls)
            throws IOException {
        try {
            SocketAddress bound;
            if (address instanceof UnixDomainSocketAddress path) {
                if (tls != null) {
                    throw new IllegalArgumentException("TLS is served over TCP only");
                }
                bound = server.listen(group, path);
            } else {
                InetSocketAddress inet = (InetSocketAddress) address;
                bound = tls == null ? server.listen(group, inet) : server.listen(group, inet, tls);
            }
            return new RunningServer(server, group, bound);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /**
     * The TCP address listened on.
     *
     * @throws IllegalStateException when the server listens on a Unix-domain socket
     */
    InetSocketAddress address() {
        if (boundAddress instanceof InetSocketAddress inet) {
            return inet;
        }
        throw new IllegalStateException("listening on a Unix-domain socket, not TCP: " + boundAddress);
    }

    /** {@code 127.0.0.1:8080} or {@code unix:/run/hello.sock}: where to connect, as people write it. */
    String where() {
        return boundAddress instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : "unix:" + ((UnixDomainSocketAddress) boundAddress).getPath();
    }

    /**
     * Prints {@code listening on HOST:PORT} (or {@code listening on unix:PATH}; the line
     * scripts and tests wait for before they connect) and flushes it at once.
     */
    void announce() {
        System.out.println("listening on " + where());
        System.out.flush();
    }

    /**
     * Blocks until the process is asked to stop (Ctrl-C, SIGTERM, {@code System.exit}), then
     * drains the server within {@link #GRACE} and closes the loops ({@link GracefulExit}).
     */
    void awaitSignal() throws InterruptedException {
        GracefulExit.install(server, GRACE, group).awaitExit();
    }

    /** Shuts the server down gracefully (what is in flight gets {@link #GRACE}), then closes the loops. */
    void stop() {
        try {
            server.shutdown(GRACE).get(GRACE.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // closing the loops below ends whatever is left
        }
        group.close();
    }
}
