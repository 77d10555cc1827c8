package dev.eddy.tls;

import dev.eddy.IOLoop;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;

/**
 * Where an {@link SSLEngine}'s delegated tasks run: a small pool of daemon threads shared
 * by every TLS connection in the process, never the loop. During a handshake the engine
 * asks for work it does not want to do inside {@code wrap}/{@code unwrap} (checking a
 * certificate chain, key agreement): milliseconds of CPU that would stall every other
 * connection of the loop. The connection pauses (no readiness interest), the tasks run
 * here, and the loop picks the connection up again through {@code addCallback}.
 *
 * <p>Thread-safe. The pool has at most as many threads as cores, up to 4, and lets them
 * go when idle.
 */
final class DelegatedTasks {

    private static final ExecutorService EXECUTOR;

    static {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "eddy-tls-task-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        EXECUTOR = pool;
    }

    private DelegatedTasks() {
    }

    /**
     * Runs all of {@code engine}'s delegated tasks off the loop, then {@code done} on
     * {@code loop}. A task's own failure is not reported here: the engine keeps it and
     * throws it from the next {@code wrap} or {@code unwrap}.
     */
    static void run(SSLEngine engine, IOLoop loop, Runnable done) {
        EXECUTOR.execute(() -> {
            try {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } finally {
                try {
                    loop.addCallback(done);
                } catch (RejectedExecutionException e) {
                    // the loop is closed, and with it the connection
                }
            }
        });
    }
}
