package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClosedException;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.websocket.WebSocketUpgrade;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The WebSocket echo servers {@link WebSocketEchoBenchmark} compares, each on one thread: Eddy's
 * {@link HttpServer} with a {@link WebSocketUpgrade} route on one {@link IOLoop}, and Netty's
 * codec (HttpServerCodec, HttpObjectAggregator, WebSocketServerProtocolHandler) on one NIO event
 * loop. Both listen on {@code /echo} and send every text or binary message back as it came.
 * Not a benchmark; never used outside the benchmarks.
 */
final class WebSocketEchoServers {

    static final String PATH = "/echo";

    private WebSocketEchoServers() {
    }

    /** A running echo server: where it listens, the one thread it runs on, and how to stop it. */
    interface Running extends AutoCloseable {
        InetSocketAddress address();

        /** The thread every byte of the server passes through: its CPU time is the server's. */
        Thread thread();

        @Override
        void close();
    }

    static Running start(String kind) throws IOException {
        return switch (kind) {
            case "eddy" -> eddy(ws -> new EddyEcho(ws).next());
            case "eddy-inline" -> eddy(ws -> new EddyInlineEcho(ws).next());
            case "eddy-coroutine" -> eddy(WebSocketEchoServers::coroutineEcho);
            case "netty" -> netty();
            default -> throw new IllegalArgumentException("unknown server " + kind);
        };
    }

    /**
     * Eddy's echo, the loop of the ws-echo example: receive, send back, and only after the send
     * receive again, each step in a done-callback. A done-callback never runs inline: it runs
     * when the loop's current step ends (the IO handlers that completed the receive, say), so a
     * read batch is answered within one loop turn. The two callbacks are allocated
     * once per connection, so what {@code -prof gc} counts per message is the library's.
     */
    static final class EddyEcho {
        private final WebSocket ws;
        private final Consumer<Future<WebSocketMessage>> onMessage = this::onMessage;
        private final Consumer<Future<Void>> onSent = this::onSent;

        EddyEcho(WebSocket ws) {
            this.ws = ws;
        }

        void next() {
            ws.receive().addDoneCallback(onMessage);
        }

        private void onMessage(Future<WebSocketMessage> received) {
            if (!received.isSucceeded()) {
                return;         // the peer closed: the connection ends itself
            }
            WebSocketMessage m = received.getNow();
            Future<Void> sent = m instanceof WebSocketMessage.Text t ? ws.send(t.text())
                    : ws.send(((WebSocketMessage.Binary) m).data());
            sent.addDoneCallback(onSent);
        }

        private void onSent(Future<Void> sent) {
            if (sent.isSucceeded()) {
                next();
            }
        }
    }

    /**
     * The same echo with the callbacks' usual shortcut: a future that is already done (a message
     * that was waiting, a send below the high-water mark) is handled at once, in a loop, and only
     * a pending one gets a callback. This is what a coroutine does when it awaits a done future,
     * without a coroutine: a read batch of messages is answered within one loop turn, as Netty's
     * handler answers it within one read.
     */
    static final class EddyInlineEcho {
        private final WebSocket ws;
        private final Consumer<Future<WebSocketMessage>> onMessage = this::onMessage;
        private final Consumer<Future<Void>> onSent = this::onSent;

        EddyInlineEcho(WebSocket ws) {
            this.ws = ws;
        }

        void next() {
            while (true) {
                Future<WebSocketMessage> received = ws.receive();
                if (!received.isDone()) {
                    received.addDoneCallback(onMessage);
                    return;
                }
                if (!answer(received)) {
                    return;
                }
            }
        }

        /** Sends the echo; true when the send is done and the next message may be taken at once. */
        private boolean answer(Future<WebSocketMessage> received) {
            if (!received.isSucceeded()) {
                return false;   // the peer closed: the connection ends itself
            }
            WebSocketMessage m = received.getNow();
            Future<Void> sent = m instanceof WebSocketMessage.Text t ? ws.send(t.text())
                    : ws.send(((WebSocketMessage.Binary) m).data());
            if (!sent.isDone()) {
                sent.addDoneCallback(onSent);
                return false;
            }
            return sent.isSucceeded();
        }

        private void onMessage(Future<WebSocketMessage> received) {
            if (answer(received)) {
                next();
            }
        }

        private void onSent(Future<Void> sent) {
            if (sent.isSucceeded()) {
                next();
            }
        }
    }

    /**
     * The echo of {@link WebSocket}'s class comment, as a coroutine: await the message, await the
     * send, again. Awaiting a done future does not suspend, so this too answers a read batch
     * within one loop turn. The engine is the default one (native where the JVM allows it, else
     * a thread per coroutine, handed control back and forth).
     */
    static void coroutineEcho(WebSocket ws) {
        Coroutine.async(ws.loop(), () -> {
            try {
                while (true) {
                    WebSocketMessage m = Coroutine.await(ws.receive());
                    Coroutine.await(m instanceof WebSocketMessage.Text t ? ws.send(t.text())
                            : ws.send(((WebSocketMessage.Binary) m).data()));
                }
            } catch (WebSocketClosedException closed) {
                return null;    // the peer closed
            }
        });
    }

    /**
     * Netty's echo: the decoded frame is written back as it is (its buffer goes to the encoder,
     * no copy) and everything written in a read batch is flushed once at its end, the usual Netty
     * way. Pings, pongs and the close handshake are WebSocketServerProtocolHandler's.
     */
    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                ctx.write(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private static Running eddy(Consumer<WebSocket> echo) throws IOException {
        IOLoop loop = BenchLoops.startedLoop("ws-eddy");
        Router router = new Router().get(PATH, WebSocketUpgrade.handler(WebSocketOptions.defaults(), echo));
        HttpServer server = new HttpServer(router);
        InetSocketAddress bound = server.listen(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = threadOf(loop);
        return new Running() {
            public InetSocketAddress address() {
                return bound;
            }

            public Thread thread() {
                return thread;
            }

            public void close() {
                server.shutdown(Duration.ZERO).orTimeout(10, TimeUnit.SECONDS).join();
                loop.close();
            }
        };
    }

    private static Running netty() {
        MultiThreadIoEventLoopGroup group = NettyLoops.group();
        IoEventLoop loop = NettyLoops.startedLoop(group);
        NettyEcho echo = new NettyEcho();
        Channel server = new ServerBootstrap()
                .group(group)           // one thread accepts and serves, like the Eddy loop
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(PATH), echo);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        Thread thread = threadOf(loop);
        return new Running() {
            public InetSocketAddress address() {
                return (InetSocketAddress) server.localAddress();
            }

            public Thread thread() {
                return thread;
            }

            public void close() {
                server.close().syncUninterruptibly();
                NettyLoops.shutdown(group);
            }
        };
    }

    /** The thread a single-threaded executor runs its tasks on. */
    private static Thread threadOf(Executor loop) {
        return CompletableFuture.supplyAsync(Thread::currentThread, loop).orTimeout(10, TimeUnit.SECONDS).join();
    }
}
