package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out: one coroutine asks many servers at once, each request with its own timeout, and
 * gathers what came back. A service that "talks to lots of things" spends its life doing this.
 *
 * <pre>java -jar examples/target/eddy-examples.jar fanout [--timeout-ms 300] [URL ...]</pre>
 *
 * Without URLs it starts a demo server on the same loop whose {@code /delay/MS} answers after
 * MS milliseconds, and fans out to a mix of fast and slow ones: the slow ones time out, the
 * others arrive, and the whole round takes about one timeout, not the sum of the delays.
 */
final class Fanout {

    static final CommandLine CLI = new CommandLine("fanout",
            "one coroutine fetches many URLs at once, each with a timeout, and gathers the answers")
            .integer("--timeout-ms", 300, 1, 3_600_000, "each request's time limit, in milliseconds")
            .arguments("URL...", 0, Integer.MAX_VALUE, "the URLs; without any, a demo server's fast and slow ones");

    private Fanout() {
    }

    /** One result line: a response or the error that replaced it. */
    record Outcome(String url, ClientResponse response, Throwable error, long millis) {
        @Override
        public String toString() {
            return String.format("%5d ms  %-45s %s", millis, url, error != null
                    ? error.getClass().getSimpleName() : response.status() + " " + response.bodyText().strip());
        }
    }

    static void main(String[] args) throws Exception {
        CommandLine.Values options = CLI.parse(args);
        int timeoutMs = options.integer("--timeout-ms");
        List<String> urls = new ArrayList<>(options.arguments());
        urls.forEach(url -> Fetch.url(CLI, url));       // a malformed URL is a usage error before anything starts
        Duration timeout = Duration.ofMillis(timeoutMs);
        try (IOLoop loop = new IOLoop()) {
            if (urls.isEmpty()) {
                int port = demoServer(loop);
                for (int ms : new int[]{5, 50, 100, 200, 250, 400, 800, 20, 1000, 10}) {
                    urls.add("http://127.0.0.1:" + port + "/delay/" + ms);
                }
            }
            HttpClient client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(urls.size()));
            // The first round pays for class loading and JIT warm-up; the second shows the design.
            for (String round : new String[]{"cold", "warm"}) {
                long start = System.nanoTime();
                List<Outcome> outcomes = loop.runSync(() -> gather(loop, client, urls, timeout), timeout.plusSeconds(5));
                long took = (System.nanoTime() - start) / 1_000_000;
                if (round.equals("warm")) {
                    outcomes.forEach(System.out::println);
                }
                long ok = outcomes.stream().filter(o -> o.error() == null).count();
                System.out.printf("%s round: %d of %d answered within %d ms; the round took %d ms%n",
                        round, ok, outcomes.size(), timeoutMs, took);
            }
        }
    }

    /** The fan-out itself: one coroutine, every request in flight at once, one wait. */
    static Future<List<Outcome>> gather(IOLoop loop, HttpClient client, List<String> urls, Duration timeout) {
        return Coroutine.async(loop, () -> {
            // 1. start every request: nothing waits yet, they are all in flight together
            List<Future<Outcome>> inFlight = new ArrayList<>();
            for (String url : urls) {
                long t0 = System.nanoTime();
                Future<ClientResponse> f = client.fetch(ClientRequest.get(url).timeout(timeout).build());
                inFlight.add(f.map(r -> new Outcome(url, r, null, (System.nanoTime() - t0) / 1_000_000))
                        .recover(e -> new Outcome(url, null, e, (System.nanoTime() - t0) / 1_000_000)));
            }
            // 2. wait for all of them; none fails (each failure became an Outcome above)
            return Coroutine.await(Futures.all(inFlight));
        });
    }

    /** /delay/MS answers "slept MS" after MS milliseconds, on the same loop as the client. */
    static int demoServer(IOLoop loop) throws Exception {
        HttpServer server = new HttpServer(new Router().get("/delay/{ms}", r -> {
            long ms = Long.parseLong(r.pathParam("ms"));
            return Futures.sleep(r.loop(), Duration.ofMillis(ms)).flatMap(v -> r.respond(HttpResponse.text(200, "slept " + ms)));
        }));
        return server.listen(loop, new InetSocketAddress("127.0.0.1", 0)).getPort();
    }
}
