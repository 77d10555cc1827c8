package dev.eddy.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drains an {@link HttpServer} when the process is asked to stop: SIGTERM (what systemd,
 * Docker and Kubernetes send, and what a rolling restart sends the old process), SIGINT
 * (Ctrl-C), or {@code System.exit}. Java hears those signals only through shutdown hooks,
 * so this is one: it calls {@link HttpServer#shutdown(Duration)} (stop accepting, close idle
 * keep-alive connections, answer requests in flight with {@code Connection: close}), waits
 * for that until the deadline, then closes what it was given (the loops), and the JVM exits.
 *
 * <pre>{@code
 * LoopGroup loops = new LoopGroup(4);
 * HttpServer server = new HttpServer(router, HttpServerOptions.defaults().withReusePort(true));
 * server.listen(loops, new InetSocketAddress("127.0.0.1", 8080));
 * GracefulExit.install(server, Duration.ofSeconds(10), loops).awaitExit();   // main blocks here
 * }</pre>
 *
 * <p>The deadline bounds the whole drain: a request still running when it passes is cut off
 * (its connection closed), because the process manager sends SIGKILL after its own timeout
 * anyway (systemd's {@code TimeoutStopSec}, Kubernetes' {@code terminationGracePeriodSeconds});
 * keep the deadline below that. Thread-safe.
 */
public final class GracefulExit {

    private static final System.Logger LOG = System.getLogger("dev.eddy.http.GracefulExit");

    private final HttpServer server;
    private final Duration deadline;
    private final List<AutoCloseable> thenClose;
    private final Thread hook;
    private final CountDownLatch drained = new CountDownLatch(1);

    private GracefulExit(HttpServer server, Duration deadline, List<AutoCloseable> thenClose) {
        this.server = server;
        this.deadline = deadline;
        this.thenClose = thenClose;
        this.hook = new Thread(this::drainNow, "eddy-graceful-exit");
    }

    /**
     * Registers the shutdown hook.
     *
     * @param server    the server to drain
     * @param deadline  how long requests in flight may take to finish; positive
     * @param thenClose closed in order once the server has drained (or the deadline passed):
     *                  the loops, typically a {@link dev.eddy.net.LoopGroup}
     * @return the installed hook, to {@link #awaitExit()} on or to {@link #uninstall()}
     * @throws IllegalArgumentException when the deadline is not positive
     * @throws IllegalStateException when the JVM is already shutting down
     */
    public static GracefulExit install(HttpServer server, Duration deadline, AutoCloseable... thenClose) {
        java.util.Objects.requireNonNull(server, "server");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        GracefulExit exit = new GracefulExit(server, deadline, List.of(thenClose));
        Runtime.getRuntime().addShutdownHook(exit.hook);
        return exit;
    }

    /**
     * Blocks until the process has been asked to stop and the server has drained: what a
     * {@code main} thread does after starting the server.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitExit() throws InterruptedException {
        drained.await();
    }

    /**
     * Removes the hook, for a service that stops its server itself.
     *
     * @return true when the hook was removed, false when it had already run or been removed
     */
    public boolean uninstall() {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false;       // the hook is running or about to: too late
        }
    }

    /**
     * What the hook runs (tests call it directly): drain within the deadline, then close the
     * rest; never throws (the JVM is exiting).
     */
    void drainNow() {
        try {
            server.shutdown(deadline).get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the server did not drain within " + deadline + "; closing it", e);
        }
        for (AutoCloseable c : thenClose) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + c + " after the drain failed", e);
            }
        }
        drained.countDown();
    }
}
