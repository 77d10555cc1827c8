package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A guided tour of one loop, printing what happens and when: callbacks run in the next
 * iteration, timers in deadline order, a future's callbacks on the loop thread even when
 * another thread completed it, and {@code all} gathering results.
 *
 * <p>The steps are numbered, and the numbers are the order on every run, however slow the
 * first run of a cold JVM is: each step is started by the one before it, so the order is the
 * loop's own guarantee, never a race between a delay and the time a step happens to take.
 */
public final class LoopTour {

    static final CommandLine CLI = new CommandLine("loop-tour",
            "a tour of the loop: callbacks, timers, futures, printed as they happen");

    private static final Duration SHORT = Duration.ofMillis(10);
    private static final Duration LONG = Duration.ofMillis(30);

    private LoopTour() {
    }

    public static void main(String[] args) throws Exception {
        CLI.parse(args);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (IOLoop loop = new IOLoop()) {
            long start = System.nanoTime();
            Consumer<String> say = what -> System.out.printf("[%6.1f ms] %s%n", (System.nanoTime() - start) / 1e6, what);
            String result = loop.runSync(() -> tour(loop, pool, say), Duration.ofSeconds(5));
            say.accept("8. runSync returned: " + result);
            System.out.println(loop.stats());
        } finally {
            pool.shutdown();
        }
    }

    /** Steps 1 to 7, reported through {@code say}; runs on the loop (as runSync's task). */
    static Future<String> tour(IOLoop loop, ExecutorService pool, Consumer<String> say) {
        say.accept("1. the first callback runs on " + Thread.currentThread().getName());
        Promise<Void> timersRan = new Promise<>(loop);
        loop.addCallback(() -> {
            say.accept("3. a callback added by a callback runs in the next iteration");
            // The timers are scheduled here, not in step 1: had step 1 taken longer than 10 ms
            // (class loading on a cold JVM), a timer scheduled there would be due in step 1's own
            // iteration and run before step 3. Both deadlines come from one clock reading, so
            // their order is exactly the order of the delays.
            long now = loop.time();
            loop.callAt(now + LONG.toNanos(), () -> {
                say.accept("5. the 30 ms timer");
                timersRan.complete(null);
            });
            loop.callAt(now + SHORT.toNanos(),
                    () -> say.accept("4. the 10 ms timer, added second, runs first (deadline order, not insertion order)"));
        });
        say.accept("2. ...after the current one finishes");

        return timersRan.flatMap(v -> {
            // A future completed on another thread calls back on the loop thread.
            Future<Integer> square = Futures.runInExecutor(loop, pool, () -> {
                say.accept("6. computing 7*7 on " + Thread.currentThread().getName());
                return 7 * 7;
            });
            Promise<String> later = new Promise<>(loop);
            loop.callLater(Duration.ofMillis(20), () -> later.complete("twenty ms later"));
            return Futures.all(List.of(square.map(n -> "7*7=" + n), later)).map(parts -> {
                say.accept("7. all() done on " + Thread.currentThread().getName() + ": " + parts);
                return String.join(", ", parts);
            });
        });
    }
}
