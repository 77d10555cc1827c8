package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.LoopOptions;
import dev.eddy.http.HttpHandler;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Params;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar examples/target/eddy-examples.jar echo [--port N] [--tls-cert CHAIN.pem --tls-key KEY.pem]}: every request, whatever
 * its method (any token: {@code GET}, {@code PROPFIND}, {@code QUERY}...) and path, is
 * answered 200 with a JSON description of it: method, path, query, headers, and the body's
 * length and SHA-256. The one exception is {@code GET /plaintext}, answered
 * {@code Hello, World!} like {@code hello}, so one server offers both. Prints
 * {@code listening on 127.0.0.1:PORT} when ready.
 *
 * <p>The handler is a plain {@link HttpHandler}, not router routes, because routes are per
 * method and an echo has to take every method. The body goes through a {@link BodyDigest}
 * piece by piece, so a large upload costs no more memory than a small one.
 */
public final class Echo {

    static final CommandLine CLI = TlsFlags.server(new CommandLine("echo",
            "HTTP echo server: any request is answered with a JSON description of it")
            .text("--host", "ADDR", "127.0.0.1", "the address to listen on")
            .port(8080));

    private Echo() {
    }

    /** The whole server: GET /plaintext, or a description of the request. */
    static Future<HttpResponse> handle(HttpRequest request) {
        if (request.method().equals("GET") && request.path().equals("/plaintext")) {
            return Hello.plaintext(request);
        }
        return BodyDigest.read(request.loop(), request.body()::read)
                .map(body -> HttpResponse.json(200, describe(request, body.length(), body.sha256())));
    }

    static String describe(HttpRequest r, long bodyLength, byte[] sha256) {
        StringBuilder sb = new StringBuilder(256).append('{');
        Json.field(sb, "method").append(Json.string(r.method())).append(',');
        Json.field(sb, "path").append(Json.string(r.path())).append(',');
        Json.field(sb, "query").append('{');
        Params q = r.query();
        boolean first = true;
        for (Map.Entry<String, List<String>> e : q.asMap().entrySet()) {
            sb.append(first ? "" : ",");
            first = false;
            Json.field(sb, e.getKey()).append(Json.array(e.getValue()));
        }
        sb.append("},");
        Json.field(sb, "headers").append('[');
        HttpHeaders h = r.headers();
        for (int i = 0; i < h.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('[').append(Json.string(h.name(i))).append(',')
                    .append(Json.string(h.value(i))).append(']');
        }
        sb.append("],");
        Json.field(sb, "bodyLength").append(bodyLength).append(',');
        Json.field(sb, "bodySha256").append(Json.string(HexFormat.of().formatHex(sha256)));
        return sb.append('}').toString();
    }

    public static void main(String[] args) throws Exception {
        RunningServer running = start(CLI.parse(args));
        running.announce();
        running.awaitSignal();
    }

    /** Listens as the options say, on one loop; returns once the socket is bound. */
    static RunningServer start(CommandLine.Values options) throws IOException {
        TlsServerConfig tls = TlsFlags.serverConfig(CLI, options);      // before the loop: a bad file starts nothing
        LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("echo"));
        return RunningServer.listen(new HttpServer(Echo::handle), group,
                new InetSocketAddress(options.text("--host"), options.integer("--port")), tls);
    }
}
