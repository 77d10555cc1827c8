package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.LoopOptions;
import dev.eddy.http.HttpHeaders;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Params;
import dev.eddy.net.LoopGroup;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar examples/target/eddy-examples.jar echo --port N}: every request, whatever
 * its method and path, is answered 200 with a JSON description of it: method, path, query,
 * headers, and the body's length and SHA-256. The body is streamed through the digest piece
 * by piece, so a large upload costs no more memory than a small one. Prints
 * {@code listening on 127.0.0.1:PORT} when ready.
 */
public final class Echo {

    private Echo() {
    }

    /** Reads the body piece by piece into a digest, then describes the request. */
    static Future<HttpResponse> handle(HttpRequest request) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] length = {0};
        return digest(request, sha, length).map(v -> HttpResponse.json(200, describe(request, length[0], sha.digest())));
    }

    private static Future<Void> digest(HttpRequest request, MessageDigest sha, long[] length) {
        return request.body().read().flatMap(piece -> {
            if (piece == null) {
                return Future.succeeded(request.loop(), null);
            }
            length[0] += piece.remaining();
            sha.update(piece);
            return digest(request, sha, length);
        });
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
        int port = Args.intOption(args, "--port", 8080);
        LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("echo"));
        HttpServer server = new HttpServer(Echo::handle);
        InetSocketAddress bound = server.listen(group, new InetSocketAddress("127.0.0.1", port));
        System.out.println("listening on 127.0.0.1:" + bound.getPort());
        System.out.flush();
        Args.awaitShutdown(server, group);
    }
}
