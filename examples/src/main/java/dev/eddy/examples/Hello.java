package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.LoopOptions;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.http.Router;
import dev.eddy.http.StatsHandler;
import dev.eddy.http.TrustedProxies;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The TechEmpower-style demo server:
 * {@code java -jar examples/target/eddy-examples.jar hello [--host 127.0.0.1] [--port 8080] [--loops K] [--stats] [--tls-cert CHAIN.pem --tls-key KEY.pem]}.
 * {@code GET /plaintext} answers {@code Hello, World!} (text/plain), {@code GET /json}
 * answers {@code {"message":"Hello, World!"}} (application/json), keep-alive. With
 * {@code --stats}, {@code GET /stats} serves the loops' and the server's statistics
 * ({@link StatsHandler}: JSON, or Prometheus text with {@code ?format=prometheus}). It listens on
 * loopback unless {@code --host} says otherwise: a demo should not be reachable from the
 * network by surprise.
 *
 * <p>For running behind a proxy and in several processes: {@code --unix PATH} serves the same
 * routes on a Unix-domain socket instead of TCP, {@code --reuseport} lets another process
 * listen on the same port (a rolling restart: start the new one, SIGTERM the old one, which
 * drains), {@code --trust-proxy ADDR} believes that proxy's {@code X-Forwarded-For}, and
 * {@code GET /whoami} (or POST) says which client and scheme the server saw and which process answered.
 * {@code --reuse-requests} turns on {@link HttpServerOptions#reuseRequests()}: with it the
 * plaintext and json answers allocate nothing per request.
 */
public final class Hello {

    static final CommandLine CLI = TlsFlags.server(new CommandLine("hello",
            "HTTP demo server: GET /plaintext and GET /json")
            .text("--host", "ADDR", "127.0.0.1", "the address to listen on (0.0.0.0 for every interface)")
            .port(8080)
            .text("--unix", "PATH", null, "listen on this Unix-domain socket instead of TCP")
            .flag("--reuseport", "listen with SO_REUSEPORT: other processes may serve the same port")
            .flag("--reuse-requests", "fill finished request objects with later requests: no garbage per request")
            .repeatable("--trust-proxy", "ADDR", "believe X-Forwarded-For from this proxy: an address, a CIDR "
                    + "block, or 'unix' for peers on a Unix-domain socket", Hello::proxy)
            .integer("--loops", 1, 1, 256, "event loops, one thread each")
            .flag("--stats", "also serve GET /stats: loop and server statistics (JSON, or ?format=prometheus)"));

    private static final byte[] PLAIN = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /**
     * The answers that never change, made once: the server only reads a response, so one
     * object answers every request, and {@link HttpRequest#respond} hands back the same
     * finished future for it.
     */
    private static final HttpResponse PLAINTEXT = HttpResponse.bytes(200, "text/plain", PLAIN);
    private static final HttpResponse JSON = HttpResponse.json(200, "{\"message\":\"Hello, World!\"}");
    private static final long PID = ProcessHandle.current().pid();

    private Hello() {
    }

    /** The routes, shared by every loop. */
    static Router router() {
        return new Router()
                .get("/plaintext", Hello::plaintext)
                .get("/json", r -> r.respond(JSON))
                .get("/whoami", Hello::whoami)
                .post("/whoami", Hello::whoami);    // a POST is never retried by a client: load tests count every failure
    }

    /** {@code Hello, World!} as text/plain (the {@code echo} example answers it too). */
    static Future<HttpResponse> plaintext(HttpRequest request) {
        return request.respond(PLAINTEXT);
    }

    /** {@code client=203.0.113.5 scheme=https pid=4242}: who asked, as this server sees it, and who answered. */
    static Future<HttpResponse> whoami(HttpRequest request) {
        InetSocketAddress client = request.clientAddress();
        return request.respond(HttpResponse.text(200, "client=" + (client == null ? "unix" : client.getAddress()
                .getHostAddress()) + " scheme=" + request.scheme() + " pid=" + PID + "\n"));
    }

    public static void main(String[] args) throws Exception {
        RunningServer running = start(CLI.parse(args));
        System.out.println("hello: listening on " + running.where() + " with " + running.group().size()
                + " loop(s); try GET /plaintext or /json");
        System.out.flush();
        running.awaitSignal();
    }

    /** Listens as the options say; returns once the socket is bound. */
    static RunningServer start(CommandLine.Values options) throws IOException {
        TlsServerConfig tls = TlsFlags.serverConfig(CLI, options);      // before the loops: a bad file starts nothing
        String unix = options.text("--unix");
        if (unix != null && tls != null) {
            throw CLI.error("--unix serves plain HTTP; --tls-cert needs TCP");
        }
        HttpServerOptions serverOptions = HttpServerOptions.defaults()
                .withReusePort(options.flag("--reuseport"))
                .withReuseRequests(options.flag("--reuse-requests"))
                .withTrustedProxies(TrustedProxies.of(options.<String>all("--trust-proxy").toArray(String[]::new)));
        SocketAddress address = unix != null ? UnixDomainSocketAddress.of(Path.of(unix))
                : new InetSocketAddress(options.text("--host"), options.integer("--port"));
        LoopGroup group = new LoopGroup(options.integer("--loops"), LoopOptions.defaults().withName("hello"));
        Router router = router();
        StatsHandler stats = null;
        if (options.flag("--stats")) {
            stats = new StatsHandler().includeLoops(group.loops());
            router.get("/stats", stats);
        }
        HttpServer server = new HttpServer(router, serverOptions);
        if (stats != null) {
            stats.includeServer("hello", server);
        }
        return RunningServer.listen(server, group, address, tls);
    }

    /** A {@code --trust-proxy} value, checked when the command line is read. */
    private static String proxy(String value) {
        TrustedProxies.of(value);           // throws IllegalArgumentException with the reason
        return value;
    }
}
