package dev.eddy.jmh;

import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The request parser alone, as the server drives it: {@value #BATCH} requests arrive in one
 * direct buffer (the loop's read buffer after a pipelined read), one parser per connection
 * parses the heads and frames the bodies. Every figure is per request
 * ({@code @OperationsPerInvocation}); with {@code -prof gc}, {@code gc.alloc.rate.norm} is the
 * allocation per request. Bytes per request for each set are printed at setup, so bytes/s =
 * bytes per request / time per request.
 *
 * <ul>
 *   <li>{@code wrk}: the benchmark client's request, {@code GET /plaintext} with one header;</li>
 *   <li>{@code browser}: a browser's GET with a dozen headers (~600 bytes);</li>
 *   <li>{@code mixed}: browser GET, urlencoded POST with Content-Length, chunked PUT with a trailer.</li>
 * </ul>
 *
 * Run: {@code java -jar jmh/target/benchmarks.jar HttpParser -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HttpParserBenchmark {

    static final int BATCH = 60;

    static final String WRK = "GET /plaintext HTTP/1.1\r\nHost: localhost:18080\r\n\r\n";
    static final String BROWSER = "GET /articles/2026/11/http-on-the-loop?utm_source=feed&page=2 HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "Connection: keep-alive\r\n"
            + "sec-ch-ua: \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n"
            + "sec-ch-ua-mobile: ?0\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Referer: https://www.example.com/articles\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-GB,en;q=0.9\r\n"
            + "Cookie: session=4f1c2a9e8b7d6c5e; theme=dark\r\n\r\n";
    static final String POST = "POST /login HTTP/1.1\r\nHost: www.example.com\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n"
            + "user=ada&password=hunter2&x=1";
    static final String CHUNKED = "PUT /upload HTTP/1.1\r\nHost: www.example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "10\r\n0123456789abcdef\r\n8;ext=1\r\n01234567\r\n0\r\nX-Checksum: 42\r\n\r\n";

    @Param({"wrk", "browser", "mixed"})
    public String set;

    private ByteBuffer input;
    private RequestParser parser;
    private ChunkedDecoder chunked;

    @Setup
    public void setup() {
        String one = switch (set) {
            case "wrk" -> WRK;
            case "browser" -> BROWSER;
            case "mixed" -> BROWSER + POST + CHUNKED;
            default -> throw new IllegalArgumentException(set);
        };
        int perString = set.equals("mixed") ? 3 : 1;
        byte[] bytes = one.repeat(BATCH / perString).getBytes(StandardCharsets.ISO_8859_1);
        input = ByteBuffer.allocateDirect(bytes.length);
        input.put(bytes).flip();
        parser = new RequestParser(HttpLimits.defaults());
        chunked = new ChunkedDecoder(HttpLimits.defaults());
        System.out.printf("%n[%s] %d requests per invocation, %.1f bytes per request%n",
                set, BATCH, (double) bytes.length / BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int parse(Blackhole bh) {
        input.position(0);
        int n = 0;
        while (input.hasRemaining()) {
            try {
                RequestHead head = parser.parse(input);
                bh.consume(head);
                if (head.chunked()) {
                    chunked.reset();
                    int r;
                    while ((r = chunked.read(input)) != -1) {
                        input.position(input.position() + r);
                    }
                } else if (head.contentLength() > 0) {
                    input.position(input.position() + (int) head.contentLength());
                }
                parser.reset();
                n++;
            } catch (HttpProtocolException e) {
                throw new IllegalStateException(e);
            }
        }
        if (n != BATCH) {
            throw new IllegalStateException("parsed " + n + " requests, expected " + BATCH);
        }
        return n;
    }
}
