package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.testing.LogCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TcpServer and TcpClient on one loop, over loopback. */
class TcpServerClientTest {

    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Echoes lines until the peer closes (callbacks, so no future chain grows per line). */
    static Future<Void> echoLines(IOStream s) {
        s.readUntil(bytes("\n"), 1024).addDoneCallback(line -> {
            if (!line.isSucceeded()) {
                s.close();
                return;
            }
            s.write(line.join()).addDoneCallback(w -> echoLines(s));
        });
        return null;
    }

    private <T> T run(java.util.function.Supplier<Future<T>> task) {
        return loop.runSync(task, WAIT);
    }

    @Test
    void echoOverAnEphemeralPort() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        assertThat(server.port()).isPositive();
        byte[] reply = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                .flatMap(c -> c.write(bytes("ping\n")).flatMap(v -> c.readUntil(bytes("\n"), 100))));
        assertThat(str(reply)).isEqualTo("ping\n");
    }

    @Test
    void namesAreResolvedOffTheLoop() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        byte[] reply = run(() -> TcpClient.connect(loop, "localhost", server.port(), WAIT)
                .flatMap(c -> c.write(bytes("x\n")).flatMap(v -> c.readUntil(bytes("\n"), 100))));
        assertThat(str(reply)).isEqualTo("x\n");
    }

    @Test
    void theClientAppliesStreamOptionsAndACustomResolver() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        StreamOptions options = StreamOptions.defaults().withIdleTimeout(Duration.ofMinutes(5));
        IOStream viaDefaultResolver = run(() -> TcpClient.connect(loop, "localhost", server.port(), WAIT, options));
        assertThat(viaDefaultResolver.options()).isSameAs(options);
        int[] lookups = {0};
        java.util.concurrent.Executor counting = task -> {
            lookups[0]++;
            task.run();
        };
        IOStream viaOwnResolver = run(() -> TcpClient.connect(loop, "localhost", server.port(), WAIT, options, counting));
        assertThat(lookups[0]).isEqualTo(1);
        assertThat(viaOwnResolver.isClosed()).isFalse();
    }

    @Test
    void aPortOutOfRangeFailsTheFutureAtOnce() {
        for (int port : new int[]{99999, 65536, 0, -1}) {
            Future<IOStream> f = run(() -> Future.succeeded(loop, TcpClient.connect(loop, "127.0.0.1", port, WAIT)));
            assertThat(f.isFailed()).as("port %d", port).isTrue();     // not after the connect timeout
            assertThat(f.cause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(port + " out of range (1-65535)");
        }
    }

    @Test
    void anUnknownHostFailsWithTheResolversUnknownHostExceptionItself() {
        // no DNS query leaves the machine: the resolver is ours
        UnknownHostException unknown = new UnknownHostException("no-such-host.invalid");
        NameResolver failing = host -> {
            throw unknown;
        };
        Throwable cause = run(() -> TcpClient.connect(loop, "no-such-host.invalid", 80, WAIT, StreamOptions.defaults(),
                Runnable::run, failing).<Throwable>map(s -> null).recover(t -> t));
        assertThat(cause).isSameAs(unknown);
    }

    @Test
    void aResolverThatFindsNoAddressFailsTheFutureInsteadOfThrowingInACallback() {
        Throwable cause = run(() -> TcpClient.connect(loop, "nothing.invalid", 80, WAIT, StreamOptions.defaults(),
                Runnable::run, host -> new InetAddress[0]).<Throwable>map(s -> null).recover(t -> t));
        assertThat(cause).isInstanceOf(UnknownHostException.class).hasMessageContaining("nothing.invalid");
    }

    @Test
    void refusedIsDistinctFromTimeout() throws Exception {
        int port;
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(ANY_PORT);
            port = ((InetSocketAddress) ssc.getLocalAddress()).getPort();
        }   // closed: nobody listens there now
        assertThatThrownBy(() -> run(() -> TcpClient.connect(loop, "127.0.0.1", port, WAIT)))
                .isInstanceOf(ConnectionRefusedException.class).hasMessageContaining("refused");
    }

    /**
     * A server that never accepts, with a backlog of 1: once its accept queue is full the
     * kernel drops further SYNs, so a connect neither succeeds nor is refused and the
     * deadline must fire. (No non-routable addresses: this stays on loopback.)
     */
    @Test
    void connectTimesOutAgainstAFullBacklog() throws Exception {
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(ANY_PORT, 1);
            int port = ((InetSocketAddress) ssc.getLocalAddress()).getPort();
            List<Throwable> outcomes = new ArrayList<>();
            for (int i = 0; i < 8 && outcomes.stream().noneMatch(t -> t instanceof ConnectTimeoutException); i++) {
                outcomes.add(run(() -> TcpClient.connect(loop, "127.0.0.1", port, Duration.ofMillis(300))
                        .map(s -> (Throwable) null).recover(t -> t)));
            }
            assertThat(outcomes).anySatisfy(t -> assertThat(t).isInstanceOf(ConnectTimeoutException.class)
                    .hasMessageContaining("while connecting"));
            assertThat(outcomes).noneSatisfy(t -> assertThat(t).isInstanceOf(ConnectionRefusedException.class));
        }
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        int n = 200;
        List<String> replies = run(() -> {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String msg = "client " + i + "\n";
                all.add(TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                        .flatMap(c -> c.write(bytes(msg)).flatMap(v -> c.readUntil(bytes("\n"), 100))
                                .map(b -> {
                                    c.close();
                                    return str(b);
                                })));
            }
            return Futures.all(loop, all);
        });
        assertThat(replies).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(replies.get(i)).isEqualTo("client " + i + "\n");
        }
    }

    @Test
    void acceptingInBatchesOfOneStillServesABurst() throws Exception {
        TcpServer server = TcpServer.listen(loop, ANY_PORT, TcpServerOptions.defaults().withAcceptBatch(1),
                (l, ch) -> {
                    IOStream s = new IOStream(l, ch);
                    echoLines(s);
                    return null;
                });
        List<byte[]> replies = run(() -> {
            List<Future<byte[]>> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                        .flatMap(c -> c.write(bytes("b\n")).flatMap(v -> c.readUntil(bytes("\n"), 10))));
            }
            return Futures.all(loop, all);
        });
        assertThat(replies).hasSize(30).allSatisfy(r -> assertThat(str(r)).isEqualTo("b\n"));
    }

    @Test
    void rawHandlerGetsANonBlockingChannelOnItsLoop() throws Exception {
        TcpServer server = TcpServer.listen(loop, ANY_PORT, (l, ch) -> {
            assertThat(l.inLoopThread()).isTrue();
            assertThat(ch.isBlocking()).isFalse();
            ch.write(ByteBuffer.wrap(bytes("raw hello")));
            ch.close();
            return null;
        });
        byte[] got = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT).flatMap(IOStream::readUntilClose));
        assertThat(str(got)).isEqualTo("raw hello");
    }

    @Test
    void aThrowingHandlerClosesOnlyItsConnection() throws Exception {
        int[] calls = {0};
        TcpServer server = TcpServer.listen(loop, ANY_PORT, (l, ch) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("handler bug (expected by the test)");
            }
            ch.write(ByteBuffer.wrap(bytes("fine")));
            ch.close();
            return Future.failed(l, new IllegalStateException("logged, not thrown (expected by the test)"));
        });
        try (LogCapture log = LogCapture.of(TcpServer.LOG.getName(), loop)) {
            byte[] first = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT).flatMap(IOStream::readUntilClose));
            byte[] second = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT).flatMap(IOStream::readUntilClose));
            assertThat(first).isEmpty();
            assertThat(str(second)).isEqualTo("fine");
            List<LogRecord> warnings = log.matching(System.Logger.Level.WARNING, "");
            assertThat(warnings).extracting(r -> r.getThrown().getMessage()).containsExactly(
                    "handler bug (expected by the test)", "logged, not thrown (expected by the test)");
            assertThat(warnings.get(0).getMessage()).startsWith("connection handler failed; closing");
            assertThat(warnings.get(1).getMessage()).startsWith("connection handler's future failed");
        }
    }

    @Test
    void stopAcceptingRefusesNewConnections() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT));
        server.stopAccepting();
        // the listening socket closes on the loop's next turn, and NIO frees a registered
        // channel's socket only at the select after that: until then the kernel still accepts
        run(() -> Futures.moment(loop));
        assertThatThrownBy(() -> run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)))
                .isInstanceOf(ConnectionRefusedException.class);
    }

    @Test
    void gracefulCloseWaitsForConnectionsThenClosesTheRestAtTheDeadline() throws Exception {
        // the handler never closes: the deadline must close the connection
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(),
                s -> s.readUntil(bytes("\n"), 100));
        Throwable seenByClient = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                .flatMap(c -> c.write(bytes("hi")).flatMap(v -> {
                    Future<byte[]> read = c.readUntilClose();
                    return server.close(Duration.ofMillis(50)).flatMap(done -> read);
                }))
                .map(b -> (Throwable) null).recover(t -> t));
        assertThat(seenByClient).isNull();      // readUntilClose succeeded: the server closed the connection
    }

    @Test
    void gracefulCloseFinishesAsSoonAsConnectionsAreClosed() throws Exception {
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        boolean done = run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT)
                .flatMap(c -> c.write(bytes("a\n")).flatMap(v -> c.readUntil(bytes("\n"), 10)).map(b -> c))
                .flatMap(c -> {
                    Future<Void> closing = server.close(Duration.ofSeconds(60));
                    c.close();      // the echo handler sees EOF and closes its side
                    return closing.map(v -> true);
                }));
        assertThat(done).isTrue();
    }

    @Test
    void theClientCanBeCancelled() throws Exception {
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(ANY_PORT);
            int port = ((InetSocketAddress) ssc.getLocalAddress()).getPort();
            Future<IOStream>[] f = new Future[1];
            run(() -> {
                f[0] = TcpClient.connect(loop, "127.0.0.1", port, WAIT);
                f[0].cancel();
                return Futures.moment(loop);
            });
            assertThat(f[0].isCancelled()).isTrue();
        }
    }

    @Test
    void ipLiteralsSkipTheResolver() {
        assertThat(TcpClient.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(TcpClient.isIpLiteral("::1")).isTrue();
        assertThat(TcpClient.isIpLiteral("localhost")).isFalse();
        assertThat(TcpClient.isIpLiteral("")).isFalse();
    }

    @Test
    void aHandlerSeesThePeersCloseAsEof() throws Exception {
        Throwable[] reason = new Throwable[1];
        TcpServer server = TcpServer.listenStreams(loop, ANY_PORT, StreamOptions.defaults(),
                s -> s.closeFuture().map(v -> reason[0] = s.closeReason()));
        run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), WAIT).flatMap(c -> {
            c.close();
            return StreamPair.when(loop, () -> reason[0] != null);
        }));
        assertThat(reason[0]).isInstanceOf(EOFException.class);
    }

    @Test
    void bindingATakenPortFailsInListen() throws Exception {
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(ANY_PORT);
            InetSocketAddress taken = (InetSocketAddress) ssc.getLocalAddress();
            assertThatThrownBy(() -> TcpServer.listen(loop, taken, (l, ch) -> null))
                    .isInstanceOf(java.net.BindException.class)
                    .hasMessage("127.0.0.1:" + taken.getPort() + " is already in use")
                    .cause().isInstanceOf(java.net.BindException.class);
        }
    }

    @Test
    void aBindFailureNamesTheAddressAsPeopleWriteIt() {
        java.net.BindException denied = new java.net.BindException("Permission denied");
        assertThat(ListeningSockets.named(new InetSocketAddress("::1", 80), denied))
                .hasMessage("cannot listen on [0:0:0:0:0:0:0:1]:80: Permission denied").hasCause(denied);
        assertThat(ListeningSockets.hostAndPort(new InetSocketAddress("127.0.0.1", 8080))).isEqualTo("127.0.0.1:8080");
        assertThat(ListeningSockets.hostAndPort(InetSocketAddress.createUnresolved("example.invalid", 1)))
                .isEqualTo("example.invalid:1");
    }
}
