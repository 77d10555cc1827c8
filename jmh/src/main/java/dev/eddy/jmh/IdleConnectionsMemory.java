package dev.eddy.jmh;

import dev.eddy.IOLoop;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.HttpServerOptions;
import dev.eddy.http.Router;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.websocket.WebSocketUpgrade;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpServer;
import dev.eddy.tls.TlsServerConfig;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory proof of the streams issue: N idle connections on one loop, heap per
 * connection measured. Not a JMH benchmark (heap after GC is not a rate) but a main:
 *
 * <pre>java -cp jmh/target/benchmarks.jar dev.eddy.jmh.IdleConnectionsMemory [N] [stream|raw|http|websocket]
 * java -cp jmh/target/benchmarks.jar dev.eddy.jmh.IdleConnectionsMemory N tls [CHAIN.pem KEY.pem]
 * java -cp jmh/target/benchmarks.jar dev.eddy.jmh.IdleConnectionsMemory N netty-http|netty-tls</pre>
 *
 * <p>The server side (this process) accepts N connections on one {@link IOLoop}; each gets an
 * {@link dev.eddy.net.IOStream} with a pending {@code readUntil("\r\n\r\n")}, which is exactly what an idle
 * keep-alive HTTP connection waiting for its next request looks like. The clients run in a
 * child JVM so each process needs only N file descriptors (a loopback pair costs two).
 * With {@code raw} each connection is only a registered {@code SocketChannel} (the
 * JDK's floor, what the HTTP server's own handler starts from). With {@code http} the server
 * is an {@link HttpServer} and every client sends one request, reads the response and stays
 * connected: N idle keep-alive HTTP connections between requests. {@code tls} is the same over
 * HTTPS: each connection has done its TLS handshake and one exchange, and the server holds its
 * {@code SSLEngine} and TLS buffers beside the HTTP state. Its certificate is {@code CHAIN.pem}
 * and {@code KEY.pem} when given (the throwaway pair {@code jmh/wrk/servers.sh} makes, say), else a
 * throwaway self-signed EC pair that {@code keytool} makes in a temporary folder, deleted after;
 * the clients trust exactly that certificate. With {@code websocket} every
 * client upgrades to WebSocket on a route of an {@link HttpServer} and stays silent, and the
 * server has a {@code receive()} pending on each: N idle chat members, say. {@code netty-http}
 * and {@code netty-tls} measure the same as {@code http} and {@code tls} for Netty's hello server
 * (see {@link IdleNettyConnections}), the yardstick for both.
 * Heap is measured after full GCs before and after, and the classes with at least N
 * instances are listed (from the JVM's class histogram) to show where the bytes go.
 */
public final class IdleConnectionsMemory {

    private static final dev.eddy.IOHandler IGNORE = ops -> { };
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final java.util.regex.Pattern CONTENT_LENGTH =
            java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)");
    private static final byte[] UPGRADE = ("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("clients")) {
            clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "",
                    args.length > 4 ? args[4] : null);
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean raw = args.length > 1 && args[1].equals("raw");
        if (args.length > 1 && args[1].equals("http")) {
            http(n, null, null);
            return;
        }
        if (args.length > 1 && args[1].equals("tls")) {
            if (args.length > 3) {
                Path chain = Path.of(args[2]);
                http(n, TlsServerConfig.fromPem(chain, Path.of(args[3])), chain);
            } else {
                httpsWithThrowawayCertificate(n);
            }
            return;
        }
        if (args.length > 1 && (args[1].equals("netty-http") || args[1].equals("netty-tls"))) {
            IdleNettyConnections.measure(n, args[1].equals("netty-tls"));
            return;
        }
        if (args.length > 1 && args[1].equals("websocket")) {
            websocket(n);
            return;
        }
        IOLoop loop = new IOLoop();
        Thread loopThread = new Thread(loop::run, "server-loop");
        loopThread.start();
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(n);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        TcpServer server = raw
                // the floor: the channel registered for OP_READ with a handler that does nothing
                ? TcpServer.listen(loop, any, (l, ch) -> {
                    l.register(ch, SelectionKey.OP_READ, IGNORE);
                    accepted.incrementAndGet();
                    all.countDown();
                    return null;
                })
                : TcpServer.listenStreams(loop, any, StreamOptions.defaults(), s -> {
                    s.readUntil(END_OF_HEAD, 8192);     // waits for a request that never comes
                    accepted.incrementAndGet();
                    all.countDown();
                    return null;
                });
        // warm up the path once so class loading and the loop's read buffer are in the baseline
        try (SocketChannel warm = SocketChannel.open(server.localAddress())) {
            warm.write(java.nio.ByteBuffer.wrap("x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        }
        while (accepted.get() < 1) {
            Thread.onSpinWait();
        }
        long before = usedHeapAfterGc();

        Process clients = startClients(server.port(), n);
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!all.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + accepted.get() + " of " + (n + 1) + " connections arrived; client said: " + line);
        }
        long after = usedHeapAfterGc();
        report(n, raw ? "idle raw (registered SocketChannel)" : "idle IOStream", before, after);
        clients.getOutputStream().close();          // tells the clients to go
        clients.waitFor(30, TimeUnit.SECONDS);
        loop.close();
        loopThread.join(5000);
    }

    /**
     * N idle keep-alive connections of an {@link HttpServer}, each after one answered request;
     * over TLS with {@code tls} (null: plain), whose certificate {@code caPem} the clients trust.
     */
    private static void http(int n, TlsServerConfig tls, Path caPem) throws Exception {
        IOLoop loop = new IOLoop();
        Thread loopThread = new Thread(loop::run, "server-loop");
        loopThread.start();
        // idle for as long as the measurement takes: opening 10,000 TLS connections one by one
        // takes longer than the default 60 s keep-alive timeout would let the first ones live
        HttpServer server = new HttpServer(r -> r.respond(HttpResponse.text(200, "hello")),
                HttpServerOptions.defaults().withIdleTimeout(java.time.Duration.ofMinutes(30)));
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        InetSocketAddress bound = tls == null ? server.listen(loop, any) : server.listen(loop, any, tls);
        // warm up the path once so class loading and the loop's buffers are in the baseline
        javax.net.SocketFactory sockets = ThrowawayTls.socketFactory(caPem);
        String protocol;
        try (Socket warm = sockets.createSocket(bound.getAddress(), bound.getPort())) {
            exchange(warm);
            protocol = warm instanceof javax.net.ssl.SSLSocket tlsSocket ? tlsSocket.getSession().getProtocol() : null;
        }
        while (server.connectionCount() > 0) {
            Thread.onSpinWait();
        }
        long before = usedHeapAfterGc();
        Process clients = tls == null ? startClients(bound.getPort(), n, "http")
                : startClients(bound.getPort(), n, "http", caPem.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || server.connectionCount() != n) {
            throw new IllegalStateException(server.connectionCount() + " of " + n + " connections open; client said: " + line);
        }
        long after = usedHeapAfterGc();
        report(n, tls == null ? "idle keep-alive HTTP" : "idle keep-alive HTTPS (" + protocol + ")",
                before, after);
        clients.getOutputStream().close();
        clients.waitFor(30, TimeUnit.SECONDS);
        server.shutdown(java.time.Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS);
        loop.close();
        loopThread.join(5000);
    }

    /**
     * N idle WebSocket connections of an {@link HttpServer} route, each with a {@code receive()}
     * pending on the server: what a chat room of silent members holds.
     */
    private static void websocket(int n) throws Exception {
        IOLoop loop = new IOLoop();
        Thread loopThread = new Thread(loop::run, "server-loop");
        loopThread.start();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        Router router = new Router().get("/ws", WebSocketUpgrade.handler(WebSocketOptions.defaults(), ws -> {
            open.incrementAndGet();
            opened.incrementAndGet();
            ws.closed().whenComplete((status, failure) -> open.decrementAndGet());
            ws.receive();               // waits for a message that never comes
        }));
        HttpServer server = new HttpServer(router);
        InetSocketAddress bound = server.listen(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // warm up the path once so class loading and the loop's buffers are in the baseline
        try (SocketChannel warm = SocketChannel.open(bound)) {
            upgrade(warm);
        }
        awaitCount(open, 0, "the warm-up connection to close");
        long before = usedHeapAfterGc();
        Process clients = startClients(bound.getPort(), n, "websocket");
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        awaitCount(opened, n + 1, "all connections to open; client said: " + line);
        long after = usedHeapAfterGc();
        report(n, "idle WebSocket (receive pending)", before, after);
        clients.getOutputStream().close();
        clients.waitFor(30, TimeUnit.SECONDS);
        server.shutdown(java.time.Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS);
        loop.close();
        loopThread.join(5000);
    }

    private static void awaitCount(AtomicInteger count, int expected, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count.get() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + " (" + count.get() + ")");
            }
            try {
                Thread.sleep(10);       // a measuring program, not a test: poll, without taking a core
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sends a WebSocket upgrade request and reads the {@code 101} head; nothing else is sent. */
    private static void upgrade(SocketChannel ch) throws java.io.IOException {
        ch.write(java.nio.ByteBuffer.wrap(UPGRADE));
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(1024);
        String head;
        while (!(head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1)).endsWith("\r\n\r\n")) {
            if (ch.read(in) < 0) {
                throw new java.io.EOFException("server closed before answering the upgrade");
            }
        }
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new java.io.IOException("upgrade refused: " + head);
        }
    }

    /** N idle HTTPS connections with a certificate made for this run only, deleted after. */
    private static void httpsWithThrowawayCertificate(int n) throws Exception {
        Path dir = Files.createTempDirectory("eddy-idle-tls");
        try {
            ThrowawayTls.Throwaway pair = ThrowawayTls.throwawayCertificate(dir);
            http(n, TlsServerConfig.fromPkcs12(pair.keystore(), ThrowawayTls.PASSWORD.toCharArray()), pair.certificate());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Sends one request on a blocking socket and reads its whole (small, Content-Length) response. */
    static void exchange(Socket socket) throws java.io.IOException {
        OutputStream out = socket.getOutputStream();
        out.write(REQUEST);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        int length = 0;
        int bodyEnd = -1;
        while (bodyEnd < 0 || length < bodyEnd) {
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                throw new java.io.EOFException("server closed before answering");
            }
            length += read;
            String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (bodyEnd < 0 && headEnd >= 0) {
                java.util.regex.Matcher m = CONTENT_LENGTH.matcher(text.substring(0, headEnd));
                bodyEnd = headEnd + 4 + (m.find() ? Integer.parseInt(m.group(1)) : 0);
            }
        }
    }

    static Process startClients(int port, int n, String... more) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                IdleConnectionsMemory.class.getName(), "clients", String.valueOf(port), String.valueOf(n)));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static void report(int n, String what, long before, long after) throws Exception {
        double perConnection = (after - before) / (double) n;
        System.out.printf("%d %s connections on one loop: %.0f bytes of heap per connection (%,d bytes in all)%n",
                n, what, perConnection, after - before);
        System.out.println("JVM " + System.getProperty("java.vm.version") + ", " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("the three largest classes, then those with n to 3n instances (count, bytes, class):");
        histogram(n).forEach(System.out::println);
    }

    /**
     * The child process: opens n connections (mode {@code http}: one request and its response
     * on each, over TLS trusting {@code caPem} when given; {@code websocket}: the upgrade),
     * reports, waits for stdin to close.
     */
    private static void clients(int port, int n, String mode, String caPem) throws Exception {
        List<java.io.Closeable> open = new ArrayList<>(n);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        javax.net.SocketFactory sockets = ThrowawayTls.socketFactory(caPem == null ? null : Path.of(caPem));
        // a few threads, so that 10,000 TLS handshakes (each a few milliseconds of client CPU)
        // do not take minutes; the server sees at most this many handshakes at once
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<List<java.io.Closeable>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int count = n / threads + (t < n % threads ? 1 : 0);
            parts.add(pool.submit(() -> {
                List<java.io.Closeable> mine = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    mine.add(connect(mode, sockets, address));
                }
                return mine;
            }));
        }
        for (java.util.concurrent.Future<List<java.io.Closeable>> part : parts) {
            open.addAll(part.get());
        }
        pool.shutdown();
        System.out.println("connected " + n);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        for (java.io.Closeable c : open) {
            c.close();
        }
    }

    /** One client connection in {@code mode}, after its exchange (http) or upgrade (websocket). */
    private static java.io.Closeable connect(String mode, javax.net.SocketFactory sockets, InetSocketAddress address)
            throws java.io.IOException {
        if (mode.equals("http")) {
            Socket socket = sockets.createSocket(address.getAddress(), address.getPort());
            exchange(socket);
            return socket;
        }
        SocketChannel ch = SocketChannel.open(address);
        if (mode.equals("websocket")) {
            upgrade(ch);
        }
        return ch;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);      // a measuring program, not a test: let the GC settle
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Lines of the JVM's class histogram (jcmd GC.class_histogram) with at least n instances. */
    private static List<String> histogram(int n) throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                long count = Long.parseLong(f[1]);
                // the histogram is sorted by bytes: its first lines (arrays, mostly) are
                // shown whatever their count, then the classes that come once or twice per connection
                if (lines.size() < 3 || (count >= n && count < 3L * n)) {
                    lines.add(String.format("  %8d %10d  %s", count, Long.parseLong(f[2]), f[3]));
                }
            }
        }
        return lines;
    }
}
