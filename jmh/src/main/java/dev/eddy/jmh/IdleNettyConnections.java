package dev.eddy.jmh;

import dev.eddy.jmh.peers.NettyHelloServer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * The yardstick for {@link IdleConnectionsMemory}'s {@code http} and {@code tls} modes: the same
 * N idle keep-alive connections, each after one exchange, held by Netty's hello server
 * ({@link NettyHelloServer}, one event loop, its {@code SslHandler} on the JDK's {@code SSLEngine}
 * for TLS 1.3) in this process, the same child-process clients, the same heap measurement. So a
 * reader can tell how much of an idle HTTPS connection's heap is the JDK's TLS state, which
 * every Java server on {@code SSLEngine} pays, and how much is the server's own.
 */
final class IdleNettyConnections {

    private IdleNettyConnections() {
    }

    static void measure(int n, boolean tls) throws Exception {
        Path dir = Files.createTempDirectory("eddy-idle-netty");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ThrowawayTls.Throwaway pair = tls ? ThrowawayTls.throwawayCertificate(dir) : null;
            SslContext context = tls ? serverContext(pair.keystore()) : null;
            ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            Channel server = NettyHelloServer.bind(group, any, context, open);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Path ca = tls ? pair.certificate() : null;
            try (Socket warm = ThrowawayTls.socketFactory(ca).createSocket(any.getAddress(), port)) {
                IdleConnectionsMemory.exchange(warm);
            }
            awaitOpen(open, 0);
            long before = IdleConnectionsMemory.usedHeapAfterGc();
            Process clients = tls ? IdleConnectionsMemory.startClients(port, n, "http", ca.toString())
                    : IdleConnectionsMemory.startClients(port, n, "http");
            BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            awaitOpen(open, n);
            long after = IdleConnectionsMemory.usedHeapAfterGc();
            IdleConnectionsMemory.report(n, "Netty " + (tls ? "idle keep-alive HTTPS (TLSv1.3)" : "idle keep-alive HTTP")
                    + " (client said: " + line + ")", before, after);
            clients.getOutputStream().close();
            clients.waitFor(30, TimeUnit.SECONDS);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static SslContext serverContext(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, ThrowawayTls.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, ThrowawayTls.PASSWORD.toCharArray());
        return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
    }

    private static void awaitOpen(ChannelGroup open, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (open.size() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(open.size() + " of " + expected + " connections open");
            }
            Thread.sleep(10);       // a measuring program, not a test: poll without taking a core
        }
    }
}
