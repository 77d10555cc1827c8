package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.net.LoopGroup;
import dev.eddy.testing.LoopOnThread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * An {@link HttpServer} on one loop running on its own thread, for tests that talk to it
 * over real loopback sockets with {@link RawClient} (or a WebSocket client). Everything waits
 * with deadlines. Public so that the test packages below {@code dev.eddy.http} can use it;
 * it is test code and never leaves the test tree.
 */
public final class ServerFixture implements AutoCloseable {

    public final LoopGroup group;
    public final HttpServer server;
    public final int port;

    public ServerFixture(HttpHandler handler) throws IOException {
        this(handler, HttpServerOptions.defaults());
    }

    public ServerFixture(HttpHandler handler, HttpServerOptions options) throws IOException {
        group = new LoopGroup(1, LoopOptions.defaults().withName("http-test"));
        server = new HttpServer(handler, options);
        port = server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
    }

    public IOLoop loop() {
        return group.loop(0);
    }

    RawClient client() throws IOException {
        return new RawClient(port);
    }

    /** Runs {@code task} on the loop and returns its result (5 s deadline). */
    public <T> T onLoop(Callable<T> task) throws Exception {
        return LoopOnThread.callOn(loop(), task, LoopOnThread.DEFAULT_DEADLINE);
    }

    /** Starts {@code task} on the loop and returns the value of the future it returns (5 s deadline). */
    public <T> T await(Callable<? extends Future<T>> task) throws Exception {
        return LoopOnThread.awaitOn(loop(), task, LoopOnThread.DEFAULT_DEADLINE);
    }

    /** Open connections, read on the loop. */
    int connections() throws Exception {
        return onLoop(server::connectionCount);
    }

    /** Waits (polling on the loop, with a deadline) until no connection is open. */
    void awaitNoConnections() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connections() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("connections still open: " + connections());
            }
            onLoop(() -> null);     // one loop turn between looks
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while shutting the server down", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("server did not shut down", e);
        } finally {
            group.close();
        }
    }
}
