package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.net.IOStream;
import dev.eddy.net.TcpClient;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Echo over loopback: Eddy's TcpServer (one loop; two loops with round-robin hand-off; two
 * loops with SO_REUSEPORT) against a blocking thread-per-connection server, in one run.
 *
 * <ul>
 *   <li>{@code roundTrip_1conn}: one connection, a blocking client on the benchmark thread
 *       writes 64 bytes and reads them back. Latency-bound: one op = one round trip.</li>
 *   <li>{@code roundTrips_100conn}: 100 connections driven by an Eddy client loop on the
 *       benchmark thread; each op is one round trip on every connection at once
 *       (reported per round trip).</li>
 *   <li>{@code bulk_1MiB}: one connection; the client writes 1 MiB and reads the echo at the
 *       same time. One op = 1 MiB each way: MiB/s = ops/s.</li>
 *   <li>{@code connectEchoClose}: a new connection per op (connect, one 64-byte round trip,
 *       close with a reset so no TIME_WAIT piles up): where accepting and handing off
 *       connections shows, so round robin and SO_REUSEPORT can differ.</li>
 * </ul>
 *
 * <pre>java -jar jmh/target/benchmarks.jar EchoBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoBenchmark {

    private static final int MESSAGE = 64;
    private static final int BULK = 1 << 20;
    private static final int CONNECTIONS = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Param({"eddy", "eddy-2loops", "eddy-2loops-reuseport", "blocking"})
    public String server;

    private EchoServers.Running running;
    private SocketChannel blockingClient;
    private final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);

    private IOLoop clientLoop;
    private final List<IOStream> streams = new ArrayList<>();
    private final List<ByteBuffer> replies = new ArrayList<>();
    private final byte[] message = new byte[MESSAGE];
    private final byte[] bulk = new byte[BULK];
    private final ByteBuffer bulkIn = ByteBuffer.allocate(BULK);
    private final List<Future<?>> pending = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        running = EchoServers.start(server);
        blockingClient = SocketChannel.open(running.address());
        blockingClient.setOption(StandardSocketOptions.TCP_NODELAY, true);
        clientLoop = new IOLoop();
        clientLoop.runSync(() -> {
            List<Future<IOStream>> all = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                all.add(TcpClient.connect(clientLoop, "127.0.0.1", running.address().getPort(), WAIT));
            }
            return Futures.all(clientLoop, all).map(list -> {
                streams.addAll(list);
                list.forEach(s -> replies.add(ByteBuffer.allocate(MESSAGE)));
                return null;
            });
        }, WAIT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        blockingClient.close();
        clientLoop.close();
        running.close();
    }

    @Benchmark
    public int roundTrip_1conn() throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            blockingClient.write(out);
        }
        in.clear();
        while (in.hasRemaining()) {
            blockingClient.read(in);
        }
        return in.get(0);
    }

    @Benchmark
    @OperationsPerInvocation(CONNECTIONS)
    public int roundTrips_100conn() {
        return clientLoop.runSync(() -> {
            pending.clear();
            for (int i = 0; i < CONNECTIONS; i++) {
                IOStream s = streams.get(i);
                ByteBuffer reply = replies.get(i).clear();
                s.write(message);
                pending.add(s.readInto(reply));
            }
            return Futures.all(clientLoop, pending).map(List::size);
        }, WAIT);
    }

    @Benchmark
    public int connectEchoClose() throws IOException {
        try (SocketChannel ch = SocketChannel.open(running.address())) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            ByteBuffer o = ByteBuffer.allocate(MESSAGE);
            while (o.hasRemaining()) {
                ch.write(o);
            }
            ByteBuffer i = ByteBuffer.allocate(MESSAGE);
            while (i.hasRemaining() && ch.read(i) >= 0) {
                // until the echo is back
            }
            return i.position();
        }
    }

    @Benchmark
    public int bulk_1MiB() {
        IOStream s = streams.get(0);
        return clientLoop.runSync(() -> {
            bulkIn.clear();
            s.write(ByteBuffer.wrap(bulk));
            return s.readInto(bulkIn);
        }, WAIT);
    }
}
