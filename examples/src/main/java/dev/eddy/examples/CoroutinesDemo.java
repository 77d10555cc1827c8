package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.gen.Generator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The small task of chapter 2, "From callbacks to coroutines", three ways: look up a user,
 * then fetch that user's two latest orders at the same time, then print a summary. The slow
 * operations are simulated with timers, so the program needs no network.
 *
 * <pre>java -jar examples/target/eddy-examples.jar coroutines</pre>
 * Add {@code -Deddy.continuations=thread} before {@code -jar} to see the other engine.
 */
public final class CoroutinesDemo {

    static final CommandLine CLI = new CommandLine("coroutines",
            "chapter 2's task with callbacks, futures and a coroutine; generators, cancellation")
            .note("Add -Deddy.continuations=thread before -jar to see the other continuation engine.");

    private CoroutinesDemo() {
    }

    public static void main(String[] args) {
        CLI.parse(args);
        System.out.println("continuation engine: " + ContinuationEngine.defaultEngine().description());
        generators();
        try (IOLoop loop = new IOLoop()) {
            Shop shop = new Shop(loop);
            loop.runSync(() -> {
                Promise<Void> done = new Promise<>(loop);
                withCallbacks(shop, summary -> {
                    System.out.println("1. callbacks:  " + summary);
                    done.complete(null);
                });
                return done;
            }, Duration.ofSeconds(5));
            System.out.println("2. futures:    " + loop.runSync(() -> withFutures(shop), Duration.ofSeconds(5)));
            System.out.println("3. coroutine:  " + loop.runSync(() -> withCoroutine(shop), Duration.ofSeconds(5)));
            cancellation(loop);
            interleaving(loop);
        }
    }

    /** The slow services, simulated: each answer arrives after a timer. */
    record Shop(IOLoop loop) {
        Future<String> user(int id) {
            return Futures.sleep(loop, Duration.ofMillis(20)).map(v -> "user" + id);
        }

        Future<String> order(String user, int n) {
            return Futures.sleep(loop, Duration.ofMillis(10L * n)).map(v -> user + "-order" + n);
        }
    }

    // 1. Callbacks: each step nests inside the previous one; errors need a path of their own.
    static void withCallbacks(Shop shop, Consumer<String> reply) {
        shop.user(7).whenComplete((user, err1) -> {
            String[] orders = new String[2];
            int[] left = {2};
            for (int n = 1; n <= 2; n++) {
                int i = n;
                shop.order(user, n).whenComplete((order, err2) -> {
                    orders[i - 1] = order;
                    if (--left[0] == 0) {
                        reply.accept(user + " bought " + orders[0] + ", " + orders[1]);
                    }
                });
            }
        });
    }

    // 2. Futures: a chain; flat, but the logic is spread over lambdas.
    static Future<String> withFutures(Shop shop) {
        return shop.user(7).flatMap(user ->
                Futures.all(List.of(shop.order(user, 1), shop.order(user, 2)))
                        .map(orders -> user + " bought " + orders.get(0) + ", " + orders.get(1)));
    }

    // 3. A coroutine: reads top to bottom; try/catch/finally work as usual.
    static Future<String> withCoroutine(Shop shop) {
        return Coroutine.async(shop.loop(), () -> {
            String user = Coroutine.await(shop.user(7));
            List<String> orders = Coroutine.all(List.of(shop.order(user, 1), shop.order(user, 2)));
            return user + " bought " + orders.get(0) + ", " + orders.get(1);
        });
    }

    static void generators() {
        Generator<Long> fibonacci = Generator.of(out -> {
            long a = 0;
            long b = 1;
            while (true) {
                out.yield(a);
                long next = a + b;
                a = b;
                b = next;
            }
        });
        StringBuilder sb = new StringBuilder("generator: fibonacci");
        try (fibonacci) {
            for (long f : fibonacci) {
                if (f > 100) {
                    break;
                }
                sb.append(' ').append(f);
            }
        }
        System.out.println(sb);
    }

    static void cancellation(IOLoop loop) {
        String outcome = loop.runSync(() -> {
            Future<String> slow = Coroutine.async(loop, () -> {
                try {
                    Coroutine.sleep(Duration.ofSeconds(60));
                    return "finished";
                } finally {
                    System.out.println("4. cancelled: the finally block ran at the await");
                }
            });
            loop.callLater(Duration.ofMillis(10), slow::cancel);
            return Coroutine.async(loop, () -> {
                try {
                    return Coroutine.await(slow);
                } catch (CancellationException e) {
                    return "cancelled";
                }
            });
        }, Duration.ofSeconds(5));
        System.out.println("   outcome: " + outcome);
    }

    static void interleaving(IOLoop loop) {
        for (boolean moment : new boolean[] {false, true}) {
            StringBuilder out = new StringBuilder();
            loop.runSync(() -> Futures.all(List.of(steps(loop, "a", moment, out), steps(loop, "b", moment, out))),
                    Duration.ofSeconds(5));
            System.out.println("5. two coroutines, " + (moment ? "with" : "without") + " moment(): " + out);
        }
    }

    private static Future<Void> steps(IOLoop loop, String name, boolean moment, StringBuilder out) {
        return Coroutine.async(loop, () -> {
            for (int i = 0; i < 5; i++) {
                out.append(Coroutine.await(Future.succeeded(loop, name)));
                if (moment) {
                    Coroutine.moment();
                }
            }
            return null;
        });
    }
}
