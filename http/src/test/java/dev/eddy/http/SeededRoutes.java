package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.Futures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * The server's side of {@link SimulatedHttpRun}: routes whose answers are made from the
 * numbers in their path, so the client knows byte for byte what each must return. It counts
 * how often each request ({@code X-Call} header) was run, for the rule that no POST runs twice.
 *
 * <pre>
 *  /bytes/N/S            N bytes from seed S, whole (Content-Length)
 *  /stream/N/S/P         the same, streamed in P chunks
 *  /slow/N/S/MS          the same, whole, MS milliseconds later
 *  /gzip/N/S/P           the same, gzip-encoded, whole (P = 0) or streamed in P chunks
 *  /redirect/N/S         302 to /bytes/N/S
 *  /echo                 the request's body
 *  /ignore               "ignored", without reading the body
 * </pre>
 *
 * Loop thread only.
 */
final class SeededRoutes implements HttpHandler {

    static final byte[] IGNORED = "ignored".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Integer> executions = new HashMap<>();

    /** How many times the request with this {@code X-Call} id was run. */
    int executions(String id) {
        return executions.getOrDefault(id, 0);
    }

    @Override
    public Future<HttpResponse> handle(HttpRequest r) {
        String id = r.header("x-call");
        if (id != null) {
            executions.merge(id, 1, Integer::sum);
        }
        String[] p = r.path().split("/");
        return switch (p[1]) {
            case "bytes" -> r.respond(octets(body(p)));
            case "stream" -> r.respond(HttpResponse.streamed(200, out -> writePieces(body(p), Integer.parseInt(p[4]), 0,
                    out::write, () -> out.end().addDoneCallback(f -> { }))));
            case "slow" -> Futures.sleep(r.loop(), Duration.ofMillis(Long.parseLong(p[4]))).map(v -> octets(body(p)));
            case "gzip" -> {
                byte[] zipped = gzip(body(p));
                int pieces = Integer.parseInt(p[4]);
                yield r.respond(pieces == 0 ? octets(zipped).header("Content-Encoding", "gzip")
                        : HttpResponse.streamed(200, out -> writePieces(zipped, pieces, 0, out::write,
                                () -> out.end().addDoneCallback(f -> { }))).header("Content-Encoding", "gzip"));
            }
            case "redirect" -> r.respond(HttpResponse.of(302).header("Location", "/bytes/" + p[2] + "/" + p[3]));
            case "echo" -> r.body().readAll().map(SeededRoutes::octets);
            case "ignore" -> r.respond(octets(IGNORED));
            default -> r.respond(HttpResponse.text(404, "no " + r.path()));
        };
    }

    /** The body a path names: N bytes from seed S, at /route/N/S/... */
    private static byte[] body(String[] path) {
        return bytes(Long.parseLong(path[3]), Integer.parseInt(path[2]));
    }

    private static HttpResponse octets(byte[] body) {
        return HttpResponse.bytes(200, "application/octet-stream", body);
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code body} as {@code pieces} writes, each once the previous one completed; stops at a failure. */
    static void writePieces(byte[] body, int pieces, int i, Function<ByteBuffer, Future<Void>> write, Runnable end) {
        if (i == pieces) {
            end.run();
            return;
        }
        int from = (int) ((long) body.length * i / pieces);
        int to = (int) ((long) body.length * (i + 1) / pieces);
        write.apply(ByteBuffer.wrap(body, from, to - from)).whenComplete((v, t) -> {
            if (t == null) {
                writePieces(body, pieces, i + 1, write, end);
            }
        });
    }

    /** {@code n} bytes drawn from {@code seed}: a body both sides can make and compare. */
    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
