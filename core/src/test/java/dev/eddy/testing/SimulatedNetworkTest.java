package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamClosedException;
import dev.eddy.net.StreamOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link SimulatedNetwork} itself: a seed replays exactly, writes are cut and delayed on
 * virtual time without losing or reordering a byte, a reset fails both ends, back-pressure
 * engages when the peer stops reading, a FIN ends the stream after the bytes, and what is left
 * open is a leak.
 */
class SimulatedNetworkTest {

    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final int READ = SelectionKey.OP_READ;
    private static final int WRITE = SelectionKey.OP_WRITE;

    // ------------------------------------------------------------------ determinism

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnotherOne() throws Exception {
        NetworkFaults faults = NetworkFaults.all().withBuffers(64, 64 << 10).withResets(0.3, 20_000);
        List<String> first = echoRun(42, faults).trace;
        List<String> again = echoRun(42, faults).trace;
        List<String> other = echoRun(43, faults).trace;
        assertThat(first).hasSizeGreaterThan(20);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void everyByteArrivesInOrderWhateverTheSeedUnlessTheConnectionIsReset() throws Exception {
        // buffers of 64 bytes and more: through a 1-byte buffer 20 KB would take 20,000 round trips
        NetworkFaults faults = NetworkFaults.all().withBuffers(64, 64 << 10).withResets(0.3, 20_000);
        int completed = 0;
        int reset = 0;
        for (long seed = 0; seed < 40; seed++) {
            EchoRun r = echoRun(seed, faults);
            if (r.failure == null) {
                assertThat(r.echoed).as("seed %d", seed).isEqualTo(r.sent);
                completed++;
            } else {
                assertThat(r.failure).as("seed %d", seed).isInstanceOf(StreamClosedException.class);
                assertThat(r.failure.getCause()).as("seed %d", seed).isInstanceOf(SocketException.class);
                assertThat(r.trace).as("seed %d", seed).anyMatch(line -> line.contains("reset by the network"));
                reset++;
            }
        }
        assertThat(completed).isPositive();
        assertThat(reset).isPositive();
    }

    /** What one echo over the network did: the client's bytes, what came back, how it ended, the trace. */
    private record EchoRun(byte[] sent, byte[] echoed, Throwable failure, List<String> trace) {
    }

    /**
     * A client that writes 20 KB in pieces of random size and reads the echo back, and a server
     * that echoes what it reads until the client closes: IOStreams over the network.
     */
    private static EchoRun echoRun(long seed, NetworkFaults faults) throws Exception {
        byte[] data = new byte[20_000];
        new Random(seed).nextBytes(data);
        try (TestLoop test = TestLoop.builder().creationSites(false).build()) {
            IOLoop loop = test.loop();
            SimulatedNetwork net = new SimulatedNetwork(test, seed, faults);
            SimulatedNetwork.Listener listener = net.listen("echo", 7, t -> echo(newStream(loop, t)));
            Promise<byte[]> result = new Promise<>(loop);
            test.run(() -> net.connect("echo", 7).whenComplete((t, failure) -> {
                IOStream s = newStream(loop, t);
                int at = 0;
                Random sizes = new Random(seed);
                while (at < data.length) {
                    int n = Math.min(data.length - at, 1 + sizes.nextInt(3000));
                    s.write(ByteBuffer.wrap(data, at, n)).addDoneCallback(f -> { });  // a reset fails the read too
                    at += n;
                }
                s.readBytes(data.length).whenComplete((echoed, readFailure) -> {
                    s.close();
                    if (readFailure != null) {
                        result.tryFail(readFailure);
                    } else {
                        result.tryComplete(echoed);
                    }
                });
            }).flatMap(t -> result).recover(t -> null), DEADLINE);
            listener.close();
            test.run(() -> Futures.sleep(loop, Duration.ofMinutes(1)), DEADLINE);  // let the closes travel
            return new EchoRun(data, result.isSucceeded() ? result.getNow() : null,
                    result.isFailed() ? result.cause() : null, net.trace());
        }
    }

    private static IOStream newStream(IOLoop loop, SimulatedTransport t) {
        try {
            return new IOStream(loop, t, StreamOptions.defaults());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void echo(IOStream s) {
        s.readBytes(4096, true).whenComplete((bytes, failure) -> {
            if (failure != null) {
                s.close();
                return;
            }
            s.write(bytes).whenComplete((v, writeFailure) -> {
                if (writeFailure != null) {
                    s.close();
                } else {
                    echo(s);
                }
            });
        });
    }

    // ------------------------------------------------------------------ splits and delays

    @Test
    void aPerfectNetworkDeliversAWriteWholeOnTheNextTurnAtNoCostInTime() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedNetwork net = new SimulatedNetwork(test, 1, NetworkFaults.none());
            SimulatedTransport client = net.pair();
            Ends ends = new Ends(test, client);
            test.run(() -> {
                ends.write(client, bytes(5000));
                return ends.readAll(client.peer(), 5000);
            }, DEADLINE);
            assertThat(ends.reads).containsExactly(5000);
            assertThat(test.elapsed()).isEqualTo(Duration.ZERO);
            ends.closeBoth();
        }
    }

    @Test
    void aSplittingNetworkCutsWritesIntoPiecesFromOneByteToAllAndKeepsTheirOrder() throws Exception {
        List<Integer> allReads = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            try (TestLoop test = TestLoop.onVirtualTime()) {
                SimulatedNetwork net = new SimulatedNetwork(test, seed, NetworkFaults.none().withSplitWrites(true));
                SimulatedTransport client = net.pair();
                Ends ends = new Ends(test, client);
                byte[] got = test.run(() -> {
                    ends.write(client, bytes(1000));
                    return ends.readAll(client.peer(), 1000);
                }, DEADLINE);
                assertThat(got).as("seed %d", seed).isEqualTo(bytes(1000));
                allReads.addAll(ends.reads);
                ends.closeBoth();
            }
        }
        assertThat(allReads).contains(1).contains(1000);
        assertThat(allReads).anyMatch(n -> n > 8 && n < 1000);
    }

    @Test
    void delaysPassOnVirtualTimeAndNeverReorderTheBytes() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            NetworkFaults faults = NetworkFaults.none().withSplitWrites(true).withMaxDelay(Duration.ofSeconds(1));
            SimulatedNetwork net = new SimulatedNetwork(test, 7, faults);
            SimulatedTransport client = net.pair();
            Ends ends = new Ends(test, client);
            byte[] got = test.run(() -> {
                for (int i = 0; i < 10; i++) {
                    ends.write(client, ByteBuffer.wrap(bytes(1000), i * 100, 100));
                }
                return ends.readAll(client.peer(), 1000);
            }, DEADLINE);
            assertThat(got).isEqualTo(bytes(1000));
            assertThat(test.elapsed()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(net.trace()).anyMatch(line -> line.matches("\\d+\\.\\d{3}ms c1> arrived \\d+"));
            ends.closeBoth();
        }
    }

    // ------------------------------------------------------------------ back-pressure

    @Test
    void aPeerThatStopsReadingMakesWritesTakeLessThenNothingAndWritabilityReturnsWhenItReads() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedNetwork net = new SimulatedNetwork(test, 3, NetworkFaults.none().withBuffers(100, 100));
            SimulatedTransport client = net.pair();
            Ends ends = new Ends(test, client);
            test.run(() -> {
                assertThat(ends.write(client, bytes(60))).isEqualTo(60);
                assertThat(ends.write(client, bytes(60))).isEqualTo(40);    // what fits
                assertThat(ends.write(client, bytes(60))).isZero();         // nothing: the buffer is full
                client.interestOps(WRITE);
                return Futures.sleep(test.loop(), Duration.ofSeconds(1));
            }, DEADLINE);
            assertThat(ends.calls).doesNotContain("c1 client " + WRITE);   // never writable meanwhile
            test.run(() -> {
                ends.read(client.peer(), 30);
                return Futures.moment(test.loop()).flatMap(v -> Futures.moment(test.loop()));
            }, DEADLINE);
            assertThat(ends.calls).contains("c1 client " + WRITE);
            test.run(() -> Future.succeeded(test.loop(), ends.write(client, bytes(60))), DEADLINE);
            assertThat(ends.written).endsWith(30L);
            ends.closeBoth();
        }
    }

    @Test
    void aStalledDirectionHoldsItsBytesUntilTheStallEnds() throws Exception {
        NetworkFaults faults = NetworkFaults.none().withStalls(1.0, Duration.ofSeconds(10));
        for (long seed = 0; seed < 5; seed++) {
            try (TestLoop test = TestLoop.onVirtualTime()) {
                SimulatedNetwork net = new SimulatedNetwork(test, seed, faults);
                SimulatedTransport client = net.pair();
                Ends ends = new Ends(test, client);
                String stall = net.trace().stream().filter(l -> l.contains("c1> will stall")).findFirst().orElseThrow();
                test.run(() -> Futures.sleep(test.loop(), Duration.ofSeconds(10)), DEADLINE);
                test.run(() -> {
                    ends.write(client, bytes(10));      // sent at 10 s: inside the stall or after it
                    return ends.readAll(client.peer(), 10);
                }, DEADLINE);
                double until = Double.parseDouble(stall.replaceAll(".* to (\\d+\\.\\d+)ms$", "$1"));
                double arrived = test.elapsed().toNanos() / 1e6;
                assertThat(arrived).as("seed %d: %s", seed, stall).isEqualTo(Math.max(10_000.0, until), within(0.001));
                ends.closeBoth();
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    // ------------------------------------------------------------------ end of stream and reset

    @Test
    void shutdownOutputEndsTheStreamAfterItsBytesAndTheOtherDirectionStaysOpen() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            NetworkFaults faults = NetworkFaults.none().withSplitWrites(true).withMaxDelay(Duration.ofMillis(20));
            SimulatedNetwork net = new SimulatedNetwork(test, 11, faults);
            SimulatedTransport client = net.pair();
            SimulatedTransport server = client.peer();
            Ends ends = new Ends(test, client);
            test.run(() -> {
                ends.write(client, bytes(500));
                try {
                    client.shutdownOutput();
                } catch (ClosedChannelException e) {
                    throw new IllegalStateException(e);
                }
                return ends.readAll(server, 500);
            }, DEADLINE);
            int end = test.run(() -> ends.readEnd(server), DEADLINE);
            assertThat(end).isEqualTo(-1);
            assertThatThrownBy(() -> client.write(new ByteBuffer[] {ByteBuffer.wrap(bytes(1))}, 0, 1))
                    .isInstanceOf(ClosedChannelException.class);
            byte[] answer = test.run(() -> {
                ends.write(server, bytes(300));
                return ends.readAll(client, 300);
            }, DEADLINE);
            assertThat(answer).isEqualTo(bytes(300));
            ends.closeBoth();
        }
    }

    @Test
    void aResetFailsTheReadingEndWithConnectionResetAndTheWritingEndWithBrokenPipe() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            // every connection is reset after at most 100 bytes: the 1000-byte write meets it
            SimulatedNetwork net = new SimulatedNetwork(test, 5, NetworkFaults.none().withResets(1.0, 100));
            SimulatedTransport client = net.pair();
            SimulatedTransport server = client.peer();
            Ends ends = new Ends(test, client);
            test.run(() -> {
                ends.write(client, bytes(1000));
                return Futures.sleep(test.loop(), Duration.ofSeconds(1));
            }, DEADLINE);
            assertThat(ends.written.get(0)).isLessThanOrEqualTo(100L);
            assertThat(client.isReset()).isTrue();
            assertThat(server.isReset()).isTrue();
            ByteBuffer buf = ByteBuffer.allocate(2000);
            assertThatThrownBy(() -> server.read(buf)).isInstanceOf(SocketException.class)
                    .hasMessage("Connection reset");
            assertThatThrownBy(() -> server.write(new ByteBuffer[] {ByteBuffer.wrap(bytes(1))}, 0, 1))
                    .isInstanceOf(SocketException.class).hasMessage("Broken pipe");
            assertThatThrownBy(() -> client.read(buf)).isInstanceOf(SocketException.class);
            assertThatThrownBy(() -> client.write(new ByteBuffer[] {ByteBuffer.wrap(bytes(1))}, 0, 1))
                    .isInstanceOf(SocketException.class);
            assertThat(net.trace()).anyMatch(l -> l.contains("c1 reset by the network after"));
            ends.closeBoth();
        }
    }

    @Test
    void aResetIsReportedAsReadableAndWritableSoAWaitingOwnerNotices() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedNetwork net = new SimulatedNetwork(test, 5, NetworkFaults.none().withResets(1.0, 0));
            SimulatedTransport client = net.pair();
            Ends ends = new Ends(test, client);
            client.peer().interestOps(READ);
            test.run(() -> {
                ends.write(client, bytes(10));      // the first byte meets the reset
                return Futures.sleep(test.loop(), Duration.ofSeconds(1));
            }, DEADLINE);
            assertThat(ends.calls).contains("c1 server " + READ);
            ends.closeBoth();
        }
    }

    @Test
    void closingWithUnreadBytesResetsThePeerAndBytesSentToAClosedEndAreAnsweredWithAReset() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedNetwork net = new SimulatedNetwork(test, 8, NetworkFaults.none());
            SimulatedTransport a = net.pair();
            Ends ends = new Ends(test, a);
            test.run(() -> {
                ends.write(a, bytes(10));
                return Futures.moment(test.loop()).flatMap(v -> Futures.moment(test.loop()));
            }, DEADLINE);
            a.peer().close();           // 10 bytes arrived, unread
            test.run(() -> Futures.sleep(test.loop(), Duration.ofSeconds(1)), DEADLINE);
            assertThat(a.isReset()).isTrue();

            SimulatedTransport b = net.pair();
            Ends more = new Ends(test, b);
            b.peer().close();           // nothing unread: a FIN
            test.run(() -> more.readEnd(b), DEADLINE);
            assertThat(b.isReset()).isFalse();
            test.run(() -> {
                more.write(b, bytes(10));       // the write is taken: the kernel does not know yet
                return Futures.sleep(test.loop(), Duration.ofSeconds(1));
            }, DEADLINE);
            assertThat(b.isReset()).isTrue();
            ends.closeBoth();
            more.closeBoth();
        }
    }

    // ------------------------------------------------------------------ listening, leaks

    @Test
    void connectingWhereNothingListensIsRefused() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedNetwork net = new SimulatedNetwork(test, 2, NetworkFaults.all());
            assertThatThrownBy(() -> test.run(() -> net.connect("nobody", 80), DEADLINE))
                    .isInstanceOf(ConnectionRefusedException.class).hasMessageContaining("nobody:80");
        }
    }

    @Test
    void anEndLeftOpenAndAListenerLeftOpenAreLeaksAndArePending() throws Exception {
        TestLoop test = TestLoop.onVirtualTime();
        SimulatedNetwork net = new SimulatedNetwork(test, 2, NetworkFaults.all());
        List<SimulatedTransport> accepted = new ArrayList<>();
        net.listen("server", 80, accepted::add);
        SimulatedTransport client = test.run(() -> net.connect("server", 80), DEADLINE);
        client.close();
        assertThat(test.pending()).contains("open SimulatedTransport[c1 server]", "open simulated listener on server:80");
        assertThatThrownBy(test::close).isInstanceOfSatisfying(LeakError.class, e -> {
            // and the client's FIN, still on its way to the server: a timer of the loop
            assertThat(e.leaks()).contains("open SimulatedTransport[c1 server]", "open simulated listener on server:80");
            assertThat(e).hasMessageContaining("made at dev.eddy.testing.SimulatedNetworkTest.");
        });
        assertThat(accepted).hasSize(1);
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndItsEndClosedAsTheLoopDoesForAChannel() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime();
             LogCapture log = LogCapture.of("dev.eddy.testing", test.loop())
                     .expect(System.Logger.Level.ERROR, "handler of SimulatedTransport\\[c1 server\\] failed.*")) {
            SimulatedNetwork net = new SimulatedNetwork(test, 4, NetworkFaults.none());
            SimulatedTransport client = net.pair();
            SimulatedTransport server = client.peer();
            server.register(test.loop(), ops -> {
                throw new IllegalStateException("bug in the handler");
            });
            client.register(test.loop(), ops -> { });
            server.interestOps(READ);
            Ends.send(client, bytes(5));
            test.run(() -> Futures.sleep(test.loop(), Duration.ofSeconds(1)), DEADLINE);
            assertThat(server.isClosed()).isTrue();
            client.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /**
     * Both ends of one connection, registered with handlers that record each call
     * ("c1 server 1") and complete the read a test is waiting for. Without such a read, a
     * handler takes what it was told off its interest: it wanted to hear it once (readiness is
     * level-triggered, so an owner that never consumes would be called on every turn).
     */
    private static final class Ends {
        final TestLoop test;
        final SimulatedTransport client;
        final List<String> calls = new ArrayList<>();
        final List<Integer> reads = new ArrayList<>();
        final List<Long> written = new ArrayList<>();
        Runnable onReadable;

        Ends(TestLoop test, SimulatedTransport client) throws IOException {
            this.test = test;
            this.client = client;
            for (SimulatedTransport t : List.of(client, client.peer())) {
                t.register(test.loop(), ops -> {
                    calls.add(t.side() + " " + ops);
                    if ((ops & READ) != 0 && onReadable != null) {
                        onReadable.run();
                    } else {
                        t.interestOps(t.interestOps() & ~ops);
                    }
                });
            }
        }

        long write(SimulatedTransport t, byte[] b) {
            return write(t, ByteBuffer.wrap(b));
        }

        long write(SimulatedTransport t, ByteBuffer b) {
            long n = send(t, b.array().length == b.remaining() ? b.array() : java.util.Arrays.copyOfRange(b.array(),
                    b.position(), b.limit()));
            written.add(n);
            return n;
        }

        static long send(SimulatedTransport t, byte[] b) {
            try {
                return t.write(new ByteBuffer[] {ByteBuffer.wrap(b)}, 0, 1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        int read(SimulatedTransport t, int max) {
            try {
                int n = t.read(ByteBuffer.allocate(max));
                if (n > 0) {
                    reads.add(n);
                }
                return n;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Reads {@code n} bytes on {@code t}, as they arrive. */
        Future<byte[]> readAll(SimulatedTransport t, int n) {
            Promise<byte[]> done = new Promise<>(test.loop());
            ByteBuffer buf = ByteBuffer.allocate(n);
            onReadable = () -> {
                try {
                    int r;
                    while (buf.hasRemaining() && (r = t.read(buf)) > 0) {
                        reads.add(r);
                    }
                } catch (IOException e) {
                    t.interestOps(0);
                    onReadable = null;
                    done.tryFail(e);
                    return;
                }
                if (!buf.hasRemaining()) {
                    t.interestOps(0);
                    onReadable = null;
                    done.tryComplete(buf.array());
                }
            };
            t.interestOps(READ);
            return done;
        }

        /** What a read on {@code t} returns once something is readable: -1 at the end of the stream. */
        Future<Integer> readEnd(SimulatedTransport t) {
            Promise<Integer> done = new Promise<>(test.loop());
            onReadable = () -> {
                try {
                    done.tryComplete(t.read(ByteBuffer.allocate(10)));
                } catch (IOException e) {
                    done.tryFail(e);
                }
                t.interestOps(0);
                onReadable = null;
            };
            t.interestOps(READ);
            return done;
        }

        void closeBoth() {
            client.close();
            client.peer().close();
        }
    }
}
