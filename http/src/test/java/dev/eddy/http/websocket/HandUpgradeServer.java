package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import dev.eddy.net.SocketTransport;
import dev.eddy.net.Transport;
import dev.eddy.testing.LoopOnThread;
import dev.eddy.tls.TlsServerConfig;
import dev.eddy.tls.TlsTransport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A loop on its own thread with a WebSocket server that does the opening handshake by hand
 * (parse the request, check it, write the 101), so the connection object can be tested without
 * the HTTP server. Accepted server-side connections arrive in {@link #accepted}. A test may
 * replace the answer (to test the client against a wrong one) and append bytes right behind
 * it (frames that travel with the 101).
 */
final class HandUpgradeServer implements AutoCloseable {

    final LoopOnThread loopThread;
    final BlockingQueue<WebSocket> accepted = new LinkedBlockingQueue<>();
    final int port;
    private final ServerSocketChannel listener;
    volatile WebSocketOptions options = WebSocketOptions.defaults();
    /** From the request's key to the whole answer; by default a correct 101. */
    volatile Function<String, String> answer = key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + WebSocketHandshake.acceptFor(key) + "\r\n\r\n";
    volatile byte[] afterAnswer = new byte[0];
    /** What the accepted connection's transport is wrapped in (to count its writes, say); by default nothing. */
    volatile UnaryOperator<Transport> wrapTransport = t -> t;

    private final TlsServerConfig tls;

    HandUpgradeServer() throws Exception {
        this(null);
    }

    /** With {@code tls}, a wss:// server on the address "localhost" resolves to (the name its certificate has). */
    HandUpgradeServer(TlsServerConfig tls) throws Exception {
        this.tls = tls;
        loopThread = LoopOnThread.start("ws-test");
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(tls == null ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName("localhost"), 0));
        listener.configureBlocking(false);
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        onLoop(() -> loop().register(listener, SelectionKey.OP_ACCEPT, ops -> accept()));
    }

    IOLoop loop() {
        return loopThread.loop();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    WebSocket nextAccepted() throws InterruptedException {
        WebSocket ws = accepted.poll(5, TimeUnit.SECONDS);
        if (ws == null) {
            throw new AssertionError("no WebSocket accepted within 5 s");
        }
        return ws;
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            new Upgrade(tls == null ? new SocketTransport(ch) : TlsTransport.server(ch, tls)).start();
        }
    }

    /** One connection during its handshake; then it forwards readiness to the WebSocket. */
    private final class Upgrade implements IOHandler {
        final Transport transport;
        final RequestParser parser = new RequestParser(HttpLimits.defaults());
        IOHandler open;

        Upgrade(Transport transport) {
            this.transport = transport;
        }

        void start() throws IOException {
            transport.register(loop(), this);
            transport.interestOps(SelectionKey.OP_READ);
        }

        @Override
        public void onReady(int ops) throws Exception {
            if (open != null) {
                open.onReady(ops);
                return;
            }
            ByteBuffer buf = loop().readBuffer();
            buf.clear();
            int n;
            try {
                n = transport.read(buf);
            } catch (IOException e) {
                transport.close();  // a refused TLS handshake, a reset: nothing to upgrade
                return;
            }
            if (n < 0) {
                transport.close();
                return;
            }
            if (n == 0) {
                return;             // nothing yet (a TLS handshake in progress reports readiness too)
            }
            buf.flip();
            RequestHead head = parser.parse(buf);
            if (head == null) {
                return;
            }
            String key = WebSocketHandshake.checkRequest(head.method(), head.minorVersion(), head.headers());
            PerMessageDeflate deflate = options.compression() ? WebSocketHandshake.negotiateDeflate(head.headers()) : null;
            String text = answer.apply(key);
            if (deflate != null) {
                text = text.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: " + deflate.responseHeader() + "\r\n\r\n");
            }
            ByteBuffer out = ByteBuffer.wrap(concat(text.getBytes(StandardCharsets.ISO_8859_1), afterAnswer));
            transport.write(new ByteBuffer[]{out}, 0, 1);      // small: the kernel takes it whole
            WebSocket ws = new WebSocket(loop(), wrapTransport.apply(transport), Role.SERVER, options,
                    new WebSocketHandshake.Agreement(null, deflate), null);
            open = ws.handler();
            accepted.add(ws);
            ws.start(buf);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Runs {@code task} on the loop and returns its result (5 s deadline). */
    <T> T onLoop(Callable<T> task) throws Exception {
        return loopThread.call(task);
    }

    /** Starts {@code task} on the loop and waits (with a deadline) for the future it returns. */
    <T> T await(Callable<Future<T>> task, Duration deadline) throws Exception {
        return loopThread.await(task, deadline);
    }

    <T> T await(Callable<Future<T>> task) throws Exception {
        return loopThread.await(task);
    }

    @Override
    public void close() throws IOException {
        try {
            onLoop(() -> {
                listener.close();
                return null;
            });
        } catch (Exception e) {
            throw new IOException("could not close the listening socket on the loop", e);
        } finally {
            loopThread.close();
        }
    }
}
