package dev.eddy.jmh;

import dev.eddy.IOLoop;
import dev.eddy.http.HttpServer;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.http.HttpResponse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One loop at the limit of one machine's descriptors: as many idle keep-alive HTTP connections
 * as the process may open (its {@code ulimit -n}, less some room), held by two client
 * processes that connect from four source addresses (127.0.0.2 to 127.0.0.5, so no one
 * address runs out of ephemeral ports); then the heap per held connection, and the latency of
 * fresh requests while they are held against the same with none held. Not a JMH benchmark
 * (a heap size and a latency distribution, not a rate) but a main:
 *
 * <pre>java -cp jmh/target/benchmarks.jar dev.eddy.jmh.HeldConnections [N]</pre>
 *
 * <p>N defaults to the descriptor limit less 300 (the JVM's own files, the listening socket,
 * the measuring client's socket). The latency client is a blocking socket in this process,
 * one request at a time: {@value #SAMPLES} requests each on a new connection (connect, GET,
 * read, close), then {@value #SAMPLES} on one keep-alive connection.
 */
public final class HeldConnections {

    private static final int SAMPLES = 2_000;
    private static final String[] SOURCES = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};

    private HeldConnections() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("clients")) {
            clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        long limit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : (int) (limit - 300);
        IOLoop loop = new IOLoop();
        Thread loopThread = new Thread(loop::run, "server-loop");
        loopThread.start();
        HttpServer server = new HttpServer(r -> r.respond(HttpResponse.text(200, "Hello, World!")),
                HttpServerOptions.defaults().withIdleTimeout(Duration.ofMinutes(30)).withBacklog(4096));
        InetSocketAddress bound = server.listen(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        System.out.printf("descriptor limit %d, holding %,d connections; JVM %s %s%n", limit, n,
                System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());

        latency("none held", bound);
        long before = IdleConnectionsMemory.usedHeapAfterGc();
        List<Process> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int part = 0; part < 2; part++) {
            clients.add(startClients(bound.getPort(), n / 2 + (part == 0 ? n % 2 : 0), part * 2));
        }
        for (Process p : clients) {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null || !line.startsWith("connected")) {
                throw new IllegalStateException("a client process failed: " + line);
            }
        }
        System.out.printf("%,d connections opened (one request each) in %.1f s; open on the server: %,d%n", n,
                (System.nanoTime() - start) / 1e9, server.connectionCount());
        long after = IdleConnectionsMemory.usedHeapAfterGc();
        System.out.printf("heap: %,d bytes more, %.0f bytes per held connection%n", after - before,
                (after - before) / (double) n);
        latency(String.format("%,d held", n), bound);

        for (Process p : clients) {
            p.getOutputStream().close();        // tells the clients to go
            p.waitFor(60, TimeUnit.SECONDS);
        }
        server.shutdown(Duration.ofSeconds(1)).get(60, TimeUnit.SECONDS);
        loop.close();
        loopThread.join(5000);
    }

    /** Fresh-connection and keep-alive latency, one request at a time. */
    private static void latency(String label, InetSocketAddress server) throws Exception {
        for (int i = 0; i < 200; i++) {
            fresh(server);          // warm-up
        }
        long[] fresh = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            fresh[i] = fresh(server);
        }
        long[] kept = new long[SAMPLES];
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setTcpNoDelay(true);
            for (int i = 0; i < SAMPLES; i++) {
                long t0 = System.nanoTime();
                IdleConnectionsMemory.exchange(s);
                kept[i] = System.nanoTime() - t0;
            }
        }
        System.out.println(label + ": new connection per request " + percentiles(fresh)
                + "; keep-alive " + percentiles(kept));
    }

    private static long fresh(InetSocketAddress server) throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setTcpNoDelay(true);
            IdleConnectionsMemory.exchange(s);
        }
        return System.nanoTime() - t0;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %d µs, p99 %d µs, p99.9 %d µs, max %d µs", sorted[sorted.length / 2] / 1000,
                sorted[(int) (sorted.length * 0.99)] / 1000, sorted[(int) (sorted.length * 0.999)] / 1000,
                sorted[sorted.length - 1] / 1000);
    }

    private static Process startClients(int port, int count, int firstSource) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HeldConnections.class.getName(),
                "clients", String.valueOf(port), String.valueOf(count), String.valueOf(firstSource))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * A client process: {@code count} connections from two source addresses (starting at
     * {@code firstSource} in {@link #SOURCES}), one exchange each, held until stdin closes.
     */
    private static void clients(int port, int count, int firstSource) throws Exception {
        InetAddress server = InetAddress.getLoopbackAddress();
        List<Socket> open = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(SOURCES[firstSource + i % 2], 0));
            s.connect(new InetSocketAddress(server, port), 10_000);
            IdleConnectionsMemory.exchange(s);
            open.add(s);
        }
        System.out.println("connected " + count);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        for (Socket s : open) {
            s.close();
        }
    }
}
