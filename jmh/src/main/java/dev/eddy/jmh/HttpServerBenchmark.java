package dev.eddy.jmh;

import dev.eddy.LoopOptions;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.http.Router;
import dev.eddy.net.LoopGroup;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole server path over loopback, in one JVM: a blocking client on the benchmark
 * thread sends {@value #PIPELINE} pipelined {@code GET /plaintext} requests in one write and
 * reads the {@value #PIPELINE} responses; the server (the {@code hello} example's router, on
 * one loop) parses them in place and answers with one write. Figures are per request. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} counts every thread, so it is the server's
 * allocation per request plus the client's (which allocates nothing per request here).
 *
 * <p>{@code answer} says how the handler and server are set up: {@code fresh}, the handler
 * makes a new response per request (the default server); {@code prepared}, it answers with one
 * constant response; {@code reused}, a constant response and a server with
 * {@link HttpServerOptions#reuseRequests()}, where nothing is allocated per request.
 *
 * <pre>java -jar jmh/target/benchmarks.jar HttpServerBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpServerBenchmark {

    static final int PIPELINE = 16;
    private static final byte[] PLAIN = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Param({"fresh", "prepared", "reused"})
    public String answer;

    private LoopGroup group;
    private HttpServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] requests;
    private byte[] responses;

    @Setup
    public void setup() throws IOException {
        group = new LoopGroup(1, LoopOptions.defaults().withName("http-bench"));
        HttpResponse prepared = HttpResponse.bytes(200, "text/plain", PLAIN);
        boolean fresh = answer.equals("fresh");
        server = new HttpServer(new Router()
                .get("/plaintext", r -> r.respond(fresh ? HttpResponse.bytes(200, "text/plain", PLAIN) : prepared)),
                HttpServerOptions.defaults().withReuseRequests(answer.equals("reused")));
        int port = server.listen(group, new InetSocketAddress("127.0.0.1", 0)).getPort();
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        requests = "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(PIPELINE)
                .getBytes(StandardCharsets.ISO_8859_1);
        // every response has the same length (the Date line is fixed-width): learn it once
        out.write(requests, 0, requests.length / PIPELINE);
        byte[] probe = new byte[4096];
        int n = in.read(probe);
        responses = new byte[n * PIPELINE];
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pipelined() throws IOException {
        out.write(requests);
        int got = 0;
        while (got < responses.length) {
            int n = in.read(responses, got, responses.length - got);
            if (n < 0) {
                throw new IOException("server closed the connection");
            }
            got += n;
        }
        return responses[9];        // '2' of "200"
    }

    @TearDown
    public void tearDown() throws Exception {
        socket.close();
        server.shutdown(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        group.close();
    }
}
