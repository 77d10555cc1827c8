package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous load on one URL: {@code concurrency} POST requests always in flight, each
 * followed at once by the next, over the client's keep-alive connections. POST because a
 * client never retries one (it is not idempotent): a request the server drops is a failure
 * here, not a retry the client hides. Counts what succeeded (per {@code pid=} in the body,
 * which {@code /whoami} carries) and keeps what failed. A test waits
 * for "N more answers" and stops it; it runs on the client's loop, the counts are read from
 * any thread.
 */
final class SteadyLoad {

    private final IOLoop loop;
    private final HttpClient client;
    private final String url;
    private final int concurrency;
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> byPid = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();         // loop thread only
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean stopping;
    private int running;                                            // loop thread only

    private record Waiter(int atOk, CompletableFuture<Void> done) {
    }

    SteadyLoad(IOLoop loop, HttpClient client, String url, int concurrency) {
        this.loop = loop;
        this.client = client;
        this.url = url;
        this.concurrency = concurrency;
    }

    void start() {
        loop.addCallback(() -> {
            for (int i = 0; i < concurrency; i++) {
                running++;
                next();
            }
        });
    }

    private void next() {
        if (stopping) {
            if (--running == 0) {
                stopped.complete(null);
            }
            return;
        }
        client.fetch(ClientRequest.post(url).body("ping").build()).addDoneCallback(f -> {
            if (f.isSucceeded() && f.join().status() == 200) {
                ClientResponse r = f.join();
                String body = r.bodyText();
                String pid = body.substring(body.indexOf("pid=") + 4).trim();
                byPid.computeIfAbsent(pid, k -> new AtomicInteger()).incrementAndGet();
                int n = ok.incrementAndGet();
                waiters.removeIf(w -> n >= w.atOk() && w.done().complete(null));
            } else {
                failures.add(f.isSucceeded() ? "status " + f.join().status() : String.valueOf(f.cause()));
            }
            next();
        });
    }

    /** Completes once {@code n} more requests than now have succeeded. */
    CompletableFuture<Void> moreAnswers(int n) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.addCallback(() -> waiters.add(new Waiter(ok.get() + n, done)));
        return done;
    }

    /** Lets the requests in flight finish and starts no more; completes when they have. */
    CompletableFuture<Void> stop() {
        stopping = true;
        return stopped;
    }

    int ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Successful answers of the process {@code pid}. */
    int answeredBy(long pid) {
        AtomicInteger n = byPid.get(Long.toString(pid));
        return n == null ? 0 : n.get();
    }
}
