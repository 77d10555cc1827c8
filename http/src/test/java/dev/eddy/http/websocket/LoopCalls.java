package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How a test thread works with a loop that runs on its own thread: run something there and
 * wait for its result, or for the future it returns, always with a deadline. A failed future
 * rethrows its own exception (not wrapped), so tests can assert on it directly.
 */
final class LoopCalls {

    private LoopCalls() {
    }

    /** Runs {@code task} on the loop and returns its result (5 s deadline). */
    static <T> T onLoop(IOLoop loop, Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.addCallback(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /** Starts {@code task} on the loop and waits (with a deadline) for the future it returns. */
    static <T> T await(IOLoop loop, Callable<Future<T>> task, Duration deadline) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.addCallback(() -> {
            try {
                task.call().whenComplete((v, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        f.complete(v);
                    }
                });
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
