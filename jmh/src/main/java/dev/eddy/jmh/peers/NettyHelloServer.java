package dev.eddy.jmh.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The Netty peer of the HTTP comparison: {@code GET /plaintext} answers {@code Hello, World!}
 * with Netty's {@code HttpServerCodec} on the NIO transport and one event loop that both
 * accepts and serves (the shape of Eddy's {@code hello} on one loop). A response is written
 * per request and flushed once per read batch ({@code channelReadComplete}), the usual Netty
 * way to serve pipelined requests. No {@code Date} header: the response is 78 bytes.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar dev.eddy.jmh.peers.NettyHelloServer PORT [EVENT_LOOPS]
 * </pre>
 *
 * With {@code TLS_CERT} and {@code TLS_KEY} in the environment (PEM certificate chain and
 * PKCS#8 key) it serves HTTPS, TLS 1.3 only, through an {@code SslHandler} on the JDK's
 * {@code SSLEngine}. Runs until killed.
 */
public final class NettyHelloServer {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private NettyHelloServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        SslContext tls = tlsFromEnvironment();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
        try {
            Channel server = bind(group, new InetSocketAddress("127.0.0.1", port), tls, null);
            System.out.printf("netty %s listening on %s with %d event loop(s)%s%n",
                    io.netty.util.Version.identify().values().iterator().next().artifactVersion(),
                    server.localAddress(), loops, tls == null ? "" : ", TLS 1.3 (JDK SSLEngine)");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /**
     * Binds the hello server on {@code group}: HTTPS through {@code tls} when it is not null, and
     * every accepted connection added to {@code children} (when not null) for as long as it is open.
     *
     * @param group    the event loops that accept and serve
     * @param address  where to listen
     * @param tls      the server's TLS context, or null for plain HTTP
     * @param children where open connections are kept, or null
     * @return the listening channel
     * @throws InterruptedException if interrupted while binding
     */
    public static Channel bind(EventLoopGroup group, InetSocketAddress address, SslContext tls,
                               io.netty.channel.group.ChannelGroup children) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (children != null) {
                            children.add(ch);
                        }
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(tls.newHandler(ch.alloc()));
                        }
                        p.addLast(new HttpServerCodec(), new HelloHandler());
                    }
                })
                .bind(address).sync().channel();
    }

    private static SslContext tlsFromEnvironment() throws Exception {
        String cert = System.getenv("TLS_CERT");
        String key = System.getenv("TLS_KEY");
        if (cert == null || cert.isEmpty() || key == null || key.isEmpty()) {
            return null;
        }
        return SslContextBuilder.forServer(new File(cert), new File(key))
                .sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
    }

    /** Answers every request head; bodies (none for GET) are dropped by the base class. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean found = request.uri().equals("/plaintext");
            ByteBuf body = found ? Unpooled.wrappedBuffer(BODY) : Unpooled.EMPTY_BUFFER;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    found ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
