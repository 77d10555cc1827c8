package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopStats;
import dev.eddy.http.StatsSnapshots.LoopSnapshot;
import dev.eddy.http.StatsSnapshots.ServerSnapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves the statistics of some loops ({@link IOLoop#stats()}) and HTTP servers
 * ({@link HttpServer#stats()}) as JSON, or in the Prometheus text exposition format, so a
 * dashboard or a scraper can watch a running service. Mount it on a path of a {@link Router}:
 *
 * <pre>{@code
 * StatsHandler stats = new StatsHandler().includeLoops(group.loops());
 * HttpServer server = new HttpServer(new Router().get("/stats", stats).get("/hello", hello));
 * stats.includeServer("api", server);
 * }</pre>
 *
 * <p>Which format: {@code ?format=prometheus} or {@code ?format=json} decides; without it,
 * a request whose {@code Accept} names {@code text/plain} or OpenMetrics (as Prometheus's
 * scraper does) gets the text format, anything else JSON. The text format is version 0.0.4
 * ({@code text/plain; version=0.0.4}), written by hand ({@code PrometheusText}): every
 * metric with its {@code # HELP} and {@code # TYPE} lines, label values escaped.
 *
 * <p>The figures of a loop other than the handler's own are read off that loop's thread, so
 * they may lag it by an iteration (see {@link LoopStats}). {@code includeLoops} and
 * {@code includeServer} are thread-safe; the handler runs on its connection's loop.
 */
public final class StatsHandler implements HttpHandler {

    /** The content type of the Prometheus text exposition format this handler writes. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final List<IOLoop> loops = new CopyOnWriteArrayList<>();
    private final List<NamedServer> servers = new CopyOnWriteArrayList<>();

    /** A server and the name its figures are labelled with. */
    record NamedServer(String name, HttpServer server) {
    }

    /** A handler that reports nothing until loops and servers are included. */
    public StatsHandler() {
    }

    /**
     * Reports {@code more} loops too, each labelled with its {@link IOLoop#name()}.
     *
     * @param more the loops, e.g. a {@code LoopGroup}'s {@code loops()}
     * @return this handler, for chaining
     */
    public StatsHandler includeLoops(Collection<IOLoop> more) {
        for (IOLoop loop : more) {
            loops.add(Objects.requireNonNull(loop, "loop"));
        }
        return this;
    }

    /**
     * Reports {@code server} too, labelled {@code name}. A server is usually built after its
     * router (which holds this handler), so it is included afterwards.
     *
     * @param name the label of its figures, e.g. "api"
     * @param server the server
     * @return this handler, for chaining
     */
    public StatsHandler includeServer(String name, HttpServer server) {
        servers.add(new NamedServer(Objects.requireNonNull(name, "name"), Objects.requireNonNull(server, "server")));
        return this;
    }

    @Override
    public Future<HttpResponse> handle(HttpRequest request) {
        return request.respond(wantsPrometheus(request)
                ? HttpResponse.bytes(200, PROMETHEUS_CONTENT_TYPE, prometheus().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : HttpResponse.json(200, json()));
    }

    /**
     * The figures as JSON: {@code {"loops": [...], "servers": [...]}}, one object per loop
     * and per server; durations in nanoseconds.
     *
     * @return the JSON text
     */
    public String json() {
        return StatsJson.write(loopSnapshots(), serverSnapshots());
    }

    /**
     * The figures in the Prometheus text exposition format, version 0.0.4.
     *
     * @return the text, one sample a line
     */
    public String prometheus() {
        return PrometheusText.write(loopSnapshots(), serverSnapshots());
    }

    private static boolean wantsPrometheus(HttpRequest request) {
        String format = request.query().first("format");
        if (format != null) {
            return format.equalsIgnoreCase("prometheus");
        }
        String accept = request.header("accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/plain") || a.contains("openmetrics");
    }

    private List<LoopSnapshot> loopSnapshots() {
        List<LoopSnapshot> all = new ArrayList<>(loops.size());
        for (IOLoop loop : loops) {
            all.add(new LoopSnapshot(loop.name(), loop.stats()));
        }
        return all;
    }

    private List<ServerSnapshot> serverSnapshots() {
        List<ServerSnapshot> all = new ArrayList<>(servers.size());
        for (NamedServer s : servers) {
            all.add(new ServerSnapshot(s.name(), s.server().stats()));
        }
        return all;
    }
}
