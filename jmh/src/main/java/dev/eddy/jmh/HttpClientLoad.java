package dev.eddy.jmh;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.HttpClient;
import dev.eddy.tls.TlsClientConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP client load benchmark: requests per second and client CPU per request of Eddy's
 * {@link HttpClient} driven by one loop with C requests in flight, against the JDK's
 * {@code java.net.http.HttpClient} (HTTP/1.1) and a raw Netty client (one event loop,
 * {@code HttpClientCodec}, no framework above it) doing the same work. Not JMH: a rate over
 * real sockets against a server in another process, like wrk. {@code jmh/wrk/clients.sh}
 * runs it once per client, each in its own process, against one nginx.
 *
 * <pre>
 * java -jar examples/target/eddy-examples.jar hello --port 8080 &amp;
 * java -cp jmh/target/benchmarks.jar dev.eddy.jmh.HttpClientLoad [--url http://127.0.0.1:8080/plaintext]
 *      [--conc 64] [--seconds 10] [--warmup 10] [--clients eddy,jdk,jdk-direct,netty] [--cacert CA.pem]
 * </pre>
 *
 * Each client keeps exactly C requests in flight (C request loops: send, check the body is
 * "Hello, World!", send the next), warms up, then counts completions and reads this process's
 * CPU time over the measured window: CPU µs per request is the cost of the client alone (the
 * server is another process). {@code jdk} uses the JDK client's default executor (completions
 * handed to a thread pool), {@code jdk-direct} runs them on its selector thread. For Eddy it
 * also reports the bytes its loop thread allocates per request (the JMH {@code -prof gc} figure,
 * read from {@code ThreadMXBean.getThreadAllocatedBytes}). Each client prints a
 * {@code RESULT} line for people and a {@code CSV} line for scripts.
 *
 * <p>An {@code https} URL is fetched over TLS with each client's own TLS stack, trusting exactly
 * the CA certificate of {@code --cacert} (a self-signed test certificate is its own CA) and
 * verifying the host name against it: Eddy's {@link TlsClientConfig#trustingCaPem}, Netty's
 * {@code SslHandler} on the JDK's engine, TLS 1.3 (as its server peer uses), and the JDK client
 * with an {@code SSLContext} trusting that certificate. Connections are kept alive, so the
 * handshakes happen in the warm-up and the measured window is the cost of encrypted requests.
 *
 * <p>{@code PHASE measure} and {@code PHASE done} lines on stdout mark the measured window, so
 * a script can sample the process (threads, RSS) inside it.
 */
public final class HttpClientLoad {

    private static final byte[] EXPECTED = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** A client under load: start C loops, stop sending when told. */
    private interface Subject {
        void start(int concurrency);

        void stop() throws Exception;

        /** Bytes allocated so far by the client's own thread, or -1 when it has no single thread. */
        default long allocatedBytes() {
            return -1;
        }
    }

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final LatencyLog latency = new LatencyLog();
    private volatile boolean running = true;
    private volatile boolean measuring;

    private void done(long startNanos, boolean success) {
        if (success) {
            ok.incrementAndGet();
        } else {
            errors.incrementAndGet();
        }
        if (measuring) {
            latency.record((System.nanoTime() - startNanos) / 1000);
        }
    }

    /** Eddy: one loop thread, C fetch loops on one HttpClient with C connections. */
    private final class EddySubject implements Subject {
        final IOLoop loop = new IOLoop();
        final HttpClient client;
        final ClientRequest request;
        final Thread thread = new Thread(loop::run, "eddy-client-loop");

        EddySubject(URI uri, int concurrency, Path caPem) throws IOException {
            client = new HttpClient(loop, ClientOptions.defaults().withMaxConnectionsPerHost(concurrency)
                    .withDecompress(false).withUserAgent(null),
                    caPem == null ? null : TlsClientConfig.trustingCaPem(caPem));
            request = ClientRequest.get(uri.toString()).build();
        }

        @Override
        public void start(int concurrency) {
            thread.start();
            loop.addCallback(() -> {
                for (int i = 0; i < concurrency; i++) {
                    send();
                }
            });
        }

        @Override
        public long allocatedBytes() {
            return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                    .getThreadAllocatedBytes(thread.getId());
        }

        private void send() {
            long t0 = System.nanoTime();
            client.fetch(request).whenComplete((r, e) -> {
                done(t0, e == null && r.status() == 200 && Arrays.equals(r.body(), EXPECTED));
                if (running) {
                    send();
                }
            });
        }

        @Override
        public void stop() throws Exception {
            loop.addCallback(client::close);
            loop.stop();
            thread.join(5000);
            loop.close();
        }
    }

    /** The JDK's client, HTTP/1.1, sendAsync with a byte[] body. */
    private final class JdkSubject implements Subject {
        final java.net.http.HttpClient client;
        final HttpRequest request;

        JdkSubject(URI uri, int concurrency, boolean direct, Path caPem) throws IOException, GeneralSecurityException {
            System.setProperty("jdk.httpclient.connectionPoolSize", Integer.toString(concurrency));
            java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1);
            if (caPem != null) {
                b.sslContext(ThrowawayTls.contextTrusting(caPem));
            }
            if (direct) {
                b.executor(Runnable::run);
            }
            client = b.build();
            request = HttpRequest.newBuilder(uri).GET().build();
        }

        @Override
        public void start(int concurrency) {
            for (int i = 0; i < concurrency; i++) {
                send();
            }
        }

        private void send() {
            long t0 = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                done(t0, e == null && r.statusCode() == 200 && Arrays.equals(r.body(), EXPECTED));
                if (running) {
                    send();
                }
            });
        }

        @Override
        public void stop() {
            // no close() before JDK 21; in-flight requests end with the process
        }
    }

    /**
     * Netty as the "least framework" anchor: one NIO event loop, C channels, each with
     * {@code HttpClientCodec} + {@code HttpObjectAggregator} and a handler that checks the
     * response and sends the next request on the same connection.
     */
    private final class NettySubject implements Subject {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final Bootstrap bootstrap;
        final FullHttpRequest request;
        final String host;
        final int port;
        final SslContext tls;

        NettySubject(URI uri, Path caPem) throws IOException {
            host = uri.getHost();
            boolean https = uri.getScheme().equals("https");
            port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
            // the JDK's engine, TLS 1.3 only: what NettyHelloServer serves, so the two sides match
            tls = !https ? null : SslContextBuilder.forClient()
                    .trustManager(caPem == null ? null : caPem.toFile())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target, Unpooled.EMPTY_BUFFER);
            request.headers().set(HttpHeaderNames.HOST, host + ":" + port);
            bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new RequestLoop());
                        }
                    });
        }

        @Override
        public void start(int concurrency) {
            for (int i = 0; i < concurrency; i++) {
                long t0 = System.nanoTime();
                bootstrap.connect(host, port).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        send(f.channel());
                    } else {
                        done(t0, false);
                    }
                });
            }
        }

        private void send(Channel ch) {
            ch.pipeline().get(RequestLoop.class).sentAt = System.nanoTime();
            ch.writeAndFlush(request.retainedDuplicate(), ch.voidPromise());
        }

        @Override
        public void stop() {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }

        /** One per connection, on the event loop: check the answer, send the next request. */
        private final class RequestLoop extends SimpleChannelInboundHandler<FullHttpResponse> {
            long sentAt;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                done(sentAt, response.status().code() == 200
                        && Arrays.equals(ByteBufUtil.getBytes(response.content()), EXPECTED));
                if (running) {
                    send(ctx.channel());
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                done(sentAt, false);
                ctx.close();
            }
        }
    }

    /** One client's figures over the measured window. */
    record Result(String client, int conc, long requests, long errors, double seconds, double cpuSeconds,
                  long p50, long p99, long allocated) {
        double rate() {
            return requests / seconds;
        }

        double cpuMicrosPerRequest() {
            return cpuSeconds * 1e6 / requests;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private Result measure(String name, Subject subject, int conc, double seconds, double warmup) throws Exception {
        subject.start(conc);
        Thread.sleep((long) (warmup * 1000));
        System.out.println("PHASE measure");
        latency.reset();
        measuring = true;
        long ok0 = ok.get();
        long err0 = errors.get();
        long cpu0 = processCpuNanos();
        long alloc0 = subject.allocatedBytes();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long ok1 = ok.get();
        long err1 = errors.get();
        long cpu1 = processCpuNanos();
        long alloc1 = subject.allocatedBytes();
        long t1 = System.nanoTime();
        measuring = false;
        System.out.println("PHASE done");
        running = false;
        return new Result(name, conc, ok1 - ok0, err1 - err0, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9,
                latency.percentile(0.50), latency.percentile(0.99), alloc0 < 0 ? -1 : alloc1 - alloc0);
    }

    private static Subject subject(HttpClientLoad run, String name, URI uri, int conc, Path caPem) throws Exception {
        return switch (name) {
            case "eddy" -> run.new EddySubject(uri, conc, caPem);
            case "jdk" -> run.new JdkSubject(uri, conc, false, caPem);
            case "jdk-direct" -> run.new JdkSubject(uri, conc, true, caPem);
            case "netty" -> run.new NettySubject(uri, caPem);
            default -> throw new IllegalArgumentException("unknown client " + name + " (eddy, jdk, jdk-direct, netty)");
        };
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080/plaintext";
        int conc = 64;
        double seconds = 10;
        double warmup = 10;
        String clients = "eddy,jdk,jdk-direct";
        Path caPem = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--conc" -> conc = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--clients" -> clients = args[++i];
                case "--cacert" -> caPem = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("JDK %s, %d CPUs visible, %s, %d in flight, warm-up %.0f s, measured %.0f s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), url, conc, warmup, seconds);
        for (String name : clients.split(",")) {
            HttpClientLoad run = new HttpClientLoad();     // fresh counters per client
            Subject subject = subject(run, name, URI.create(url), conc, caPem);
            Result r = run.measure(name, subject, conc, seconds, warmup);
            subject.stop();
            System.out.printf("RESULT %-10s %9.0f req/s  %7.1f µs CPU/req  p50 %6d µs  p99 %7d µs  errors %d%s%n",
                    r.client(), r.rate(), r.cpuMicrosPerRequest(), r.p50(), r.p99(), r.errors(),
                    r.allocated() < 0 ? "" : String.format("  loop thread allocates %d B/req", r.allocated() / Math.max(1, r.requests())));
            System.out.printf(java.util.Locale.ROOT, "CSV %s,%.0f,%.2f,%d,%d,%d,%d%n", r.client(), r.rate(),
                    r.cpuMicrosPerRequest(), r.p50(), r.p99(), r.errors(),
                    r.allocated() < 0 ? -1 : r.allocated() / Math.max(1, r.requests()));
        }
        System.exit(0);
    }

    /** Latencies in microseconds, log-linear buckets (32 per power of two, ~3 %), thread-safe. */
    private static final class LatencyLog {
        private final java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(64 * 32);

        void record(long micros) {
            long v = Math.max(1, micros);
            int exp = 63 - Long.numberOfLeadingZeros(v);
            int sub = exp < 5 ? (int) (v << (5 - exp)) & 31 : (int) (v >>> (exp - 5)) & 31;
            counts.incrementAndGet(exp * 32 + sub);
        }

        void reset() {
            for (int i = 0; i < counts.length(); i++) {
                counts.set(i, 0);
            }
        }

        long percentile(double q) {
            long total = 0;
            for (int i = 0; i < counts.length(); i++) {
                total += counts.get(i);
            }
            long want = (long) Math.ceil(total * q);
            long seen = 0;
            for (int i = 0; i < counts.length(); i++) {
                seen += counts.get(i);
                if (seen >= want && seen > 0) {
                    int exp = i / 32;
                    int sub = i % 32;
                    return exp < 5 ? (1L << exp) : (1L << exp) + ((long) sub << (exp - 5));
                }
            }
            return 0;
        }
    }
}
