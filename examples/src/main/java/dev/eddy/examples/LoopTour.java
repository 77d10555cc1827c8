package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A guided tour of one loop, printing what happens and when: callbacks run in the next
 * iteration, timers in deadline order, a future's callbacks on the loop thread even when
 * another thread completed it, and {@code all} gathering results.
 */
public final class LoopTour {

    private LoopTour() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (IOLoop loop = new IOLoop()) {
            long start = System.nanoTime();
            String result = loop.runSync(() -> {
                say(start, "1. the first callback runs on " + Thread.currentThread().getName());
                loop.addCallback(() -> say(start, "3. a callback added by a callback runs in the next iteration"));
                say(start, "2. ...after the current one finishes");
                loop.callLater(Duration.ofMillis(30), () -> say(start, "5. the 30 ms timer"));
                loop.callLater(Duration.ofMillis(10), () -> say(start, "4. the 10 ms timer (deadline order, not insertion order)"));

                // A future completed on another thread calls back on the loop thread.
                Future<Integer> square = Futures.runInExecutor(loop, pool, () -> {
                    say(start, "6. computing 7*7 on " + Thread.currentThread().getName());
                    return 7 * 7;
                });
                Promise<String> later = new Promise<>(loop);
                loop.callLater(Duration.ofMillis(50), () -> later.complete("fifty ms later"));

                return Futures.all(List.of(square.map(n -> "7*7=" + n), later))
                        .map(parts -> {
                            say(start, "7. all() done on " + Thread.currentThread().getName() + ": " + parts);
                            return String.join(", ", parts);
                        });
            }, Duration.ofSeconds(5));
            say(start, "8. runSync returned: " + result);
            System.out.println(loop.stats());
        } finally {
            pool.shutdown();
        }
    }

    private static void say(long start, String what) {
        System.out.printf("[%6.1f ms] %s%n", (System.nanoTime() - start) / 1e6, what);
    }
}
