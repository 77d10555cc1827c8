package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.sync.FutureCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Futures as a cache: a thousand callers ask for the same slow value at the same moment, and
 * the backend is called once. The cache stores the <em>future</em> of the value, so from the
 * instant the first call starts, everyone else joins it instead of starting their own.
 *
 * <pre>java -jar examples/target/eddy-examples.jar memo [--callers 1000]</pre>
 */
final class MemoizedLookup {

    static final CommandLine CLI = new CommandLine("memo",
            "futures as a cache: many callers, one slow backend call")
            .integer("--callers", 1000, 1, 1_000_000, "callers asking for the same value at once");

    private MemoizedLookup() {
    }

    static void main(String[] args) {
        int callers = CLI.parse(args).integer("--callers");
        int[] backendCalls = {0};
        try (IOLoop loop = new IOLoop()) {
            // the "backend": 200 ms to look up a user's name
            FutureCache<String, String> names = new FutureCache<>(loop, 10_000, Duration.ofSeconds(30), id -> {
                backendCalls[0]++;
                System.out.println("backend: looking up " + id + " (call #" + backendCalls[0] + ")");
                return Futures.sleep(loop, Duration.ofMillis(200)).map(v -> "Ada (user " + id + ")");
            });

            long start = System.nanoTime();
            List<String> answers = loop.runSync(() -> {
                List<Future<String>> lookups = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    lookups.add(names.get("42"));
                }
                return Futures.all(lookups);
            }, Duration.ofSeconds(10));
            System.out.printf("%d callers got \"%s\" in %.0f ms with %d backend call(s)%n",
                    answers.size(), answers.get(0), (System.nanoTime() - start) / 1e6, backendCalls[0]);

            start = System.nanoTime();
            String again = loop.runSync(() -> names.get("42"), Duration.ofSeconds(10));
            System.out.printf("a later caller got \"%s\" in %.3f ms, still %d backend call(s)%n",
                    again, (System.nanoTime() - start) / 1e6, backendCalls[0]);
            System.out.println("cache: " + names);
        }
    }
}
