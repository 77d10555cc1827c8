package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.ConnectionLostException;
import dev.eddy.http.client.HttpClient;
import dev.eddy.http.client.RequestTimeoutException;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.testing.LogCapture;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.SimulatedNetwork;
import dev.eddy.testing.TestLoop;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One seed of {@link HttpOnASimulatedNetworkTest}: Eddy's HTTP server and client on one
 * {@link TestLoop}, talking over a {@link SimulatedNetwork}, with everything drawn from the
 * seed: the network's faults, the requests (GET, HEAD, POST with a body or a chunked one or
 * one the handler does not read; answers whole, streamed in chunks, late, gzipped, through a
 * redirect, or into a consumer that pauses; see {@link SeededRoutes}), how many at once, sometimes short request
 * timeouts, sometimes a graceful shutdown of the server in the middle, sometimes a short server
 * idle timeout with pauses between the requests, and sometimes a raw
 * client that pipelines requests on one connection and may half-close after them
 * ({@link PipeliningClient}).
 *
 * <p>The rules every seed must keep, checked by {@link #run()}:
 * <ul>
 *   <li>every request ends: with exactly the response it asked for (status, body, length),
 *       or with a clear exception where one is due: a {@link ConnectionLostException} where the
 *       network resets connections (raw client: a reset stream), a
 *       {@link RequestTimeoutException} for a request with a short timeout of its own, a lost
 *       connection or a refused one for a request the server did not run to the end because
 *       it had begun a graceful shutdown (one it ran must be answered: the shutdown is
 *       graceful; a redirect is two requests), a lost
 *       connection for a POST the server never ran because it closed the pooled connection for
 *       idling as the POST went out (a GET is retried and must be answered). Never a timeout
 *       otherwise, never another error, never a wrong byte;</li>
 *   <li>no POST is executed twice (the client retries only what it may);</li>
 *   <li>nothing is logged at WARNING or above (a logged error is a bug somewhere);</li>
 *   <li>after the client closes and the server shuts down, nothing is left: no connection,
 *       no armed timer, no failed future nobody looked at (the test loop's leak check).</li>
 * </ul>
 * A broken rule is an {@link AssertionError} that says which; {@link #traceTail} shows what the
 * network did just before.
 */
final class SimulatedHttpRun {

    /** Virtual time one seed may take; it needs seconds, so reaching this is a hang. */
    private static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final String SERVER = "server";

    final long seed;
    private final boolean creationSites;
    /** The scenario's own draws (faults, requests), apart from the network's. */
    private final Random random;
    private final NetworkFaults faults;
    private final SeededRoutes routes = new SeededRoutes();
    private final List<Call> calls = new ArrayList<>();
    /** Whether some requests carry a timeout of their own, short enough to end them early. */
    private final boolean shortTimeouts;
    /** When the server begins a graceful shutdown in the middle of the run, in ms; -1 for never. */
    private final int shutdownAfterMillis;
    /**
     * The server's keep-alive (idle) timeout in ms, short enough to close pooled connections
     * between waves (waves are then apart by up to twice it); -1 for the default minute. Never
     * below 2.5 s: the server also closes a connection whose client has taken nothing for that
     * long ("client stopped reading"), and a stalled direction (2 s at most, plus a delivery
     * delay) must not look like one.
     */
    private final int serverIdleMillis;
    private SimulatedNetwork net;
    private IOLoop loop;
    private boolean shutdownBegan;
    private int failed;

    /**
     * One request of the client, what it must return, how many requests the server must run to
     * answer it (2 through a redirect), its own timeout (null for the client's), where a
     * streaming consumer put the body (null: in the response), and how it ended.
     */
    private record Call(String id, String method, String description, byte[] expected, int hops, Duration timeout,
                        ByteArrayOutputStream streamedInto, Future<ClientResponse> result) {

        /** The body that arrived: the response's, or what a streaming consumer took. */
        byte[] received() {
            return streamedInto != null ? streamedInto.toByteArray() : result.getNow().body();
        }
    }

    SimulatedHttpRun(long seed, boolean creationSites) {
        this.seed = seed;
        this.creationSites = creationSites;
        this.random = new Random(seed);
        this.faults = drawFaults(random);
        this.shortTimeouts = random.nextInt(4) == 0;
        this.shutdownAfterMillis = random.nextInt(5) == 0 ? random.nextInt(1500) : -1;
        this.serverIdleMillis = random.nextInt(4) == 0 ? 2_500 + random.nextInt(1000) : -1;
    }

    /**
     * A quarter each: a perfect network, one that only cuts and delays, everything but resets,
     * everything. The smallest buffer is drawn too (1 byte to 4 KiB), because it bounds the
     * bodies: a direction moves at most one buffer per delivery delay, so a large body through
     * a tiny buffer takes as long in virtual time as it would on a real network with such a
     * window (and as many events), which is no test of anything but patience.
     */
    private static NetworkFaults drawFaults(Random r) {
        int minBuffer = new int[] {1, 16, 512, 4096}[r.nextInt(4)];
        return switch (r.nextInt(4)) {
            case 0 -> NetworkFaults.none();
            case 1 -> NetworkFaults.none().withSplitWrites(true).withMaxDelay(Duration.ofMillis(r.nextInt(20)));
            case 2 -> NetworkFaults.all().withBuffers(minBuffer, 64 << 10).withResets(0, 0);
            default -> NetworkFaults.all().withBuffers(minBuffer, 64 << 10).withResets(0.3, 1 + r.nextInt(20_000));
        };
    }

    /** The network's faults and what else the seed drew: for the failure report. */
    String describe() {
        return faults + (shortTimeouts ? ", short request timeouts" : "")
                + (shutdownAfterMillis >= 0 ? ", server shutdown after " + shutdownAfterMillis + " ms" : "")
                + (serverIdleMillis >= 0 ? ", server idle timeout " + serverIdleMillis + " ms" : "");
    }

    /** How many requests ended, and how many of those failed (allowed only after a reset). */
    String summary() {
        return calls.size() + " requests, " + failed + " failed";
    }

    int requests() {
        return calls.size();
    }

    int failedRequests() {
        return failed;
    }

    /** The last {@code n} lines of the network's trace, for a failure report. */
    List<String> traceTail(int n) {
        if (net == null) {
            return List.of();
        }
        List<String> trace = net.trace();
        return trace.subList(Math.max(0, trace.size() - n), trace.size());
    }

    List<String> trace() {
        return net == null ? List.of() : net.trace();
    }

    /** Runs the seed; an {@link AssertionError} (or the leak check's) when a rule is broken. */
    void run() throws Exception {
        try (TestLoop test = TestLoop.builder().name("sim-" + seed).creationSites(creationSites)
                .realTimeLimit(Duration.ofSeconds(20)).build();
             LogCapture log = LogCapture.of("dev.eddy", test.loop())) {
            loop = test.loop();
            net = new SimulatedNetwork(test, seed, faults);
            HttpServerOptions serverOptions = serverIdleMillis < 0 ? HttpServerOptions.defaults()
                    : HttpServerOptions.defaults().withIdleTimeout(Duration.ofMillis(serverIdleMillis));
            HttpServer server = new HttpServer(routes, serverOptions);
            SimulatedNetwork.Listener listener = net.listen(SERVER, 80, t -> server.serve(loop, t));
            // generous timeouts: a request that waits behind slow ones is not what is tested
            ClientOptions options = ClientOptions.defaults().withMaxConnectionsPerHost(1 + random.nextInt(4))
                    .withQueueTimeout(Duration.ofMinutes(2)).withRequestTimeout(Duration.ofMinutes(5));
            HttpClient client = HttpClient.withConnector(loop, options,
                    (origin, timeout, streamOptions) -> net.connectStream(origin.host(), origin.port(), streamOptions));
            PipeliningClient pipelining = random.nextInt(3) == 0 ? new PipeliningClient(net, SERVER, 80, random) : null;
            List<CompletableFuture<Void>> terminated = new ArrayList<>(1);
            Timeout earlyShutdown = shutdownAfterMillis < 0 ? null
                    : loop.callLater(Duration.ofMillis(shutdownAfterMillis), () -> {
                        shutdownBegan = true;
                        listener.close();
                        terminated.add(server.shutdown(Duration.ofMinutes(1)));     // in-flight requests finish
                    });

            test.run(() -> {
                if (pipelining != null) {
                    pipelining.start();
                }
                Future<Void> waves = waves(client, 1 + random.nextInt(3));
                return pipelining == null ? waves : waves.flatMap(v -> pipelining.done());
            }, DEADLINE);
            check();
            if (pipelining != null) {
                pipelining.check(resetsPossible(), shutdownBegan);
            }

            client.close();
            listener.close();
            if (earlyShutdown != null) {
                earlyShutdown.cancel();     // the requests were over before it was due
            }
            if (terminated.isEmpty()) {
                terminated.add(server.shutdown(Duration.ofSeconds(5)));
            }
            test.run(() -> Futures.fromStage(loop, terminated.get(0)), DEADLINE);
            test.run(() -> Futures.sleep(loop, Duration.ofMinutes(1)), DEADLINE);     // the last FINs arrive
            if (server.connectionCount() != 0 || client.openConnections() != 0) {
                throw new AssertionError("after shutdown: " + server.connectionCount() + " server and "
                        + client.openConnections() + " client connections open");
            }
            var logged = log.matching(System.Logger.Level.WARNING, "");
            if (!logged.isEmpty()) {
                throw new AssertionError("logged at WARNING or above: " + logged.get(0).getMessage(),
                        logged.get(0).getThrown());
            }
        }
    }

    private boolean resetsPossible() {
        return faults.resetChance() > 0;
    }

    private boolean idleClosePossible() {
        return serverIdleMillis >= 0;
    }

    /**
     * A request the client may not send again (a POST) that went out on a pooled connection just
     * as the server closed it for idling: it fails with a lost connection before any byte of an
     * answer, and the server never ran it. Anything else must have been retried and answered.
     */
    private static boolean notRetried(Call c, Throwable t, int executed) {
        return c.method.equals("POST") && executed == 0 && t instanceof ConnectionLostException lost
                && lost.responseBytes() == 0;
    }

    // ------------------------------------------------------------------ the client's side

    /** {@code n} waves one after the other; each starts 1 to 4 requests at once and waits for all. */
    private Future<Void> waves(HttpClient client, int n) {
        Promise<Void> done = new Promise<>(loop);
        wave(client, n, done);
        return done;
    }

    private void wave(HttpClient client, int left, Promise<Void> done) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        int n = 1 + random.nextInt(4);
        int[] running = {n};
        for (int i = 0; i < n; i++) {
            start(client).addDoneCallback(f -> {
                if (--running[0] == 0) {
                    afterPause(() -> wave(client, left - 1, done));
                }
            });
        }
    }

    /**
     * Runs {@code next} at once, or, with a short server idle timeout, after a pause of up to
     * twice it: the next wave then finds pooled connections the server closed, or is closing
     * just as a request goes out on them (the race a client's retry is for).
     */
    private void afterPause(Runnable next) {
        if (serverIdleMillis < 0) {
            next.run();
        } else {
            Futures.sleep(loop, Duration.ofMillis(random.nextInt(2 * serverIdleMillis))).whenComplete((v, t) -> next.run());
        }
    }

    /** Starts one request drawn from the seed and remembers what it must return. */
    private Future<ClientResponse> start(HttpClient client) {
        String id = "r" + calls.size();
        int size = bodySize();
        long bodySeed = random.nextLong();
        byte[] body = SeededRoutes.bytes(bodySeed, size);
        String url = "http://" + SERVER + "/";
        ClientRequest.Builder b;
        String method;
        byte[] expected = body;
        String description;
        ByteArrayOutputStream streamedInto = null;
        int hops = 1;
        switch (random.nextInt(10)) {
            case 0 -> {
                method = "GET";
                description = "GET of " + size + " bytes";
                b = ClientRequest.get(url + "bytes/" + size + "/" + bodySeed);
            }
            case 1 -> {
                method = "HEAD";
                description = "HEAD of " + size + " bytes";
                b = ClientRequest.head(url + "bytes/" + size + "/" + bodySeed);
                expected = new byte[0];
            }
            case 2 -> {
                int pieces = 1 + random.nextInt(8);
                method = "GET";
                description = "GET of " + size + " bytes streamed in " + pieces + " chunks";
                b = ClientRequest.get(url + "stream/" + size + "/" + bodySeed + "/" + pieces);
            }
            case 3 -> {
                int ms = random.nextInt(500);
                method = "GET";
                description = "GET of " + size + " bytes answered after " + ms + " ms";
                b = ClientRequest.get(url + "slow/" + size + "/" + bodySeed + "/" + ms);
            }
            case 4 -> {
                int pieces = random.nextInt(4);
                method = "GET";
                description = "GET of " + size + " bytes gzipped" + (pieces == 0 ? "" : ", streamed in " + pieces + " chunks");
                b = ClientRequest.get(url + "gzip/" + size + "/" + bodySeed + "/" + pieces);
            }
            case 5 -> {
                method = "GET";
                description = "GET of " + size + " bytes through a redirect";
                hops = 2;
                b = ClientRequest.get(url + "redirect/" + size + "/" + bodySeed);
            }
            case 6 -> {
                method = "GET";
                description = "GET of " + size + " bytes into a consumer that pauses";
                streamedInto = new ByteArrayOutputStream();
                b = ClientRequest.get(url + "bytes/" + size + "/" + bodySeed).stream(pausingConsumer(streamedInto));
            }
            case 7 -> {
                method = "POST";
                description = "POST of " + size + " bytes";
                b = ClientRequest.post(url + "echo").body(body, "application/octet-stream");
            }
            case 8 -> {
                // answered without reading the body: the server drops it (past its skip limit, then closes)
                if (faults.minBuffer() >= 4096 && random.nextInt(10) == 0) {
                    size = 256 * 1024 + random.nextInt(100_000);
                    body = SeededRoutes.bytes(bodySeed, size);
                }
                method = "POST";
                description = "POST of " + size + " bytes that the handler does not read";
                b = ClientRequest.post(url + "ignore").body(body, "application/octet-stream");
                expected = SeededRoutes.IGNORED;
            }
            default -> {
                int pieces = 1 + random.nextInt(8);
                method = "POST";
                description = "POST of " + size + " bytes, chunked in " + pieces + " writes";
                b = ClientRequest.post(url + "echo").body(chunked(body, pieces), -1);
            }
        }
        Duration timeout = null;
        if (shortTimeouts && random.nextInt(3) == 0) {
            timeout = Duration.ofMillis(1 + random.nextInt(2000));
            b.timeout(timeout);
            description += " within " + timeout.toMillis() + " ms";
        }
        Future<ClientResponse> f = client.fetch(b.header("X-Call", id).build());
        calls.add(new Call(id, method, id + ": " + description, expected, hops, timeout, streamedInto, f));
        return f;
    }

    /**
     * Mostly small bodies, some of a few KB, a few large enough to fill buffers and hold limits;
     * never more than 200 of the network's smallest buffers (see {@link #drawFaults}).
     */
    private int bodySize() {
        int kind = random.nextInt(20);
        int size = kind < 3 ? 0 : kind < 12 ? random.nextInt(200) : kind < 19 ? random.nextInt(8_000)
                : 20_000 + random.nextInt(80_000);
        return Math.min(size, faults.minBuffer() * 200);
    }

    /** A body written in {@code pieces} writes, each after the previous one was taken. */
    private Consumer<BodyWriter> chunked(byte[] body, int pieces) {
        return sink -> SeededRoutes.writePieces(body, pieces, 0, sink::write, sink::end);
    }

    /**
     * Takes the body's pieces into {@code into}, and now and then asks the client to wait
     * before the next one (up to 50 ms): the client must stop reading meanwhile, and resume.
     */
    private BodyConsumer pausingConsumer(ByteArrayOutputStream into) {
        return chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            into.writeBytes(b);
            return random.nextInt(3) == 0 ? Futures.sleep(loop, Duration.ofMillis(random.nextInt(50))) : null;
        };
    }

    /** Checks every request against the rules (see the class comment). */
    private void check() {
        for (Call c : calls) {
            Future<ClientResponse> f = c.result;
            if (!f.isDone()) {
                throw new AssertionError(c.description + " never ended");
            }
            int executed = routes.executions(c.id);
            if (c.method.equals("POST") && executed > 1) {
                throw new AssertionError(c.description + " was executed " + executed + " times");
            }
            if (f.isFailed()) {
                failed++;
                Throwable t = f.cause();
                // a reset may be followed by a retry, which a server that shut down meanwhile refuses
                boolean allowed = resetsPossible() && (t instanceof ConnectionLostException
                                || shutdownBegan && t instanceof ConnectionRefusedException)
                        || idleClosePossible() && notRetried(c, t, executed)
                        || c.timeout != null && t instanceof RequestTimeoutException
                        || shutdownBegan && executed < c.hops
                                && (t instanceof ConnectionLostException || t instanceof ConnectionRefusedException);
                if (!allowed) {
                    throw new AssertionError(c.description + " failed (resets " + (resetsPossible() ? "" : "im")
                            + "possible, executed " + executed + " times" + (shutdownBegan ? ", the server shut down" : "")
                            + ")", t);
                }
                continue;
            }
            ClientResponse r = f.getNow();
            byte[] received = c.received();
            if (r.status() != 200 || !Arrays.equals(received, c.expected)) {
                throw new AssertionError(c.description + ": got status " + r.status() + " and " + received.length
                        + " bytes" + (r.status() == 200 ? " that differ from the " + c.expected.length + " expected"
                        : ": " + r.bodyText()));
            }
            if (c.method.equals("POST") && executed != 1) {
                throw new AssertionError(c.description + " succeeded but was executed " + executed + " times");
            }
        }
    }
}
