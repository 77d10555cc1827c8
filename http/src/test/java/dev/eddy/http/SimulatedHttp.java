package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.HttpClient;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.SimulatedNetwork;
import dev.eddy.testing.SimulatedTransport;
import dev.eddy.testing.TestLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: an {@link HttpServer} listening on {@code server:80} of a
 * {@link SimulatedNetwork} and an {@link HttpClient} that connects through it, on one
 * {@link TestLoop}. {@link #close()} closes the client and the listener and waits for the
 * server's shutdown, so the test loop's leak check finds nothing of theirs.
 */
public final class SimulatedHttp {

    private static final Duration DEADLINE = Duration.ofMinutes(1);

    private final TestLoop test;
    private final SimulatedNetwork net;
    private final HttpServer server;
    private final HttpClient client;
    private final SimulatedNetwork.Listener listener;
    private final List<SimulatedTransport> accepted = new ArrayList<>();

    /**
     * The server (with {@code serverOptions}) and the client (default options) on a network
     * with {@code faults}, drawn from {@code seed}.
     */
    public SimulatedHttp(TestLoop test, long seed, NetworkFaults faults, HttpHandler handler,
                         HttpServerOptions serverOptions) {
        this.test = test;
        this.net = new SimulatedNetwork(test, seed, faults);
        this.server = new HttpServer(handler, serverOptions);
        this.listener = net.listen("server", 80, t -> {
            accepted.add(t);
            server.serve(test.loop(), t);
        });
        this.client = HttpClient.withConnector(test.loop(), ClientOptions.defaults(),
                (origin, timeout, options) -> net.connectStream(origin.host(), origin.port(), options));
    }

    public SimulatedNetwork net() {
        return net;
    }

    public HttpServer server() {
        return server;
    }

    public HttpClient client() {
        return client;
    }

    /** The server ends of the connections accepted so far. */
    public List<SimulatedTransport> accepted() {
        return accepted;
    }

    /** Closes the client and the listener, and waits for the server to shut down. */
    public void close() throws Exception {
        client.close();
        listener.close();
        test.run(() -> Futures.fromStage(test.loop(), server.shutdown(Duration.ofSeconds(1))), DEADLINE);
    }
}
