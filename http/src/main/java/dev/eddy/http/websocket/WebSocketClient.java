package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.tls.TlsClientConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens WebSocket connections as a client: {@code ws://host:port/path}, or {@code wss://} over
 * TLS ({@link dev.eddy.tls.TlsTransport}, certificates and host names verified). It connects, sends the
 * upgrade request with a fresh random key, checks the server's {@code 101} (the
 * {@code Sec-WebSocket-Accept} value, the subprotocol and extensions it chose), and hands over
 * a {@link WebSocket} whose frames it masks with keys from a {@link SecureRandom}.
 *
 * <pre>{@code
 * WebSocket ws = Coroutine.await(WebSocketClient.connect(loop, URI.create("ws://127.0.0.1:8080/echo")));
 * Coroutine.await(ws.send("hello"));
 * }</pre>
 *
 * <p>The future fails with a {@link WebSocketHandshakeException} when the server refuses or
 * answers wrongly, a {@link dev.eddy.net.ConnectTimeoutException} when connecting and the
 * handshake take longer than {@link WebSocketOptions#handshakeTimeout()}, or the socket's
 * {@link java.io.IOException} (a refused connection, say). Host names are resolved off the loop,
 * the first address is used.
 */
public final class WebSocketClient {

    /** Shared: SecureRandom is thread-safe, and seeding one per connection would be slow. */
    static final SecureRandom RANDOM = new SecureRandom();

    private static final AtomicInteger RESOLVER_THREADS = new AtomicInteger();
    private static volatile ExecutorService resolver;

    private WebSocketClient() {
    }

    /**
     * Connects with {@link WebSocketOptions#defaults()} and no extra headers.
     *
     * @param loop the loop the connection will belong to; call on its thread
     * @param uri the {@code ws://} or {@code wss://} URI to connect to
     * @return a future completing with the open connection, or failing as the class comment says
     */
    public static Future<WebSocket> connect(IOLoop loop, URI uri) {
        return connect(loop, uri, new HttpHeaders(), WebSocketOptions.defaults());
    }

    /**
     * Connects to {@code uri} ({@code ws://}, or {@code wss://} trusting the JDK's certificate
     * authorities); call on the loop thread.
     *
     * @param loop the loop the connection will belong to; call on its thread
     * @param uri the {@code ws://} or {@code wss://} URI to connect to
     * @param headers sent with the upgrade request (an {@code Origin}, a cookie, authorization)
     * @param options frame and message limits, timeouts, compression and subprotocols to offer
     * @return a future completing with the open connection, or failing as the class comment says
     */
    public static Future<WebSocket> connect(IOLoop loop, URI uri, HttpHeaders headers, WebSocketOptions options) {
        return connect(loop, uri, headers, options, null);
    }

    /**
     * Connects to {@code uri}; for {@code wss://} with {@code tls} (null: the JDK's defaults:
     * its trust store, host name verification).
     *
     * @param loop the loop the connection will belong to; call on its thread
     * @param uri the {@code ws://} or {@code wss://} URI to connect to
     * @param headers sent with the upgrade request (an {@code Origin}, a cookie, authorization)
     * @param options frame and message limits, timeouts, compression and subprotocols to offer
     * @param tls whom to trust for {@code wss://}, or null for the JDK's defaults
     * @return a future completing with the open connection, or failing as the class comment says
     */
    public static Future<WebSocket> connect(IOLoop loop, URI uri, HttpHeaders headers, WebSocketOptions options,
                                            TlsClientConfig tls) {
        loop.checkLoopThread("WebSocketClient.connect");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("wss");
        if (!(secure || scheme.equals("ws")) || uri.getHost() == null) {
            return Future.failed(loop, new IllegalArgumentException("not a ws:// or wss:// URI: " + uri));
        }
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String hostHeader = host + (uri.getPort() == -1 ? "" : ":" + port);
        Executor lookup = isIpLiteral(bareHost) ? Runnable::run : resolver();
        TlsClientConfig tlsConfig = !secure ? null : tls != null ? tls : TlsClientConfig.defaults();
        ClientHandshake handshake = new ClientHandshake(loop, options, hostHeader, target, headers, tlsConfig);
        Futures.runInExecutor(loop, lookup, () -> new InetSocketAddress(InetAddress.getByName(bareHost), port))
                .whenComplete((address, failure) -> {
                    if (failure != null) {
                        handshake.fail(failure);
                    } else {
                        handshake.connect(address, bareHost);
                    }
                });
        return handshake.result();
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Blocking name lookups run here, never on a loop: a few daemon threads, made on first use. */
    private static Executor resolver() {
        ExecutorService r = resolver;
        if (r == null) {
            synchronized (WebSocketClient.class) {
                if (resolver == null) {
                    resolver = Executors.newCachedThreadPool(task -> {
                        Thread t = new Thread(task, "eddy-ws-resolver-" + RESOLVER_THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                r = resolver;
            }
        }
        return r;
    }
}
