package dev.eddy.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket echo over loopback: Eddy's server (a {@code WebSocketUpgrade} route of its
 * HttpServer, one IOLoop thread) beside Netty's codec (HttpServerCodec + HttpObjectAggregator +
 * WebSocketServerProtocolHandler, one NIO event loop thread), in one run; see
 * {@link WebSocketEchoServers}.
 *
 * <p>The client is the same for both and as cheap as a client can be, so that the difference
 * between the rows is the servers': one blocking socket on the benchmark thread that does the
 * opening handshake once, then per invocation writes a batch of pre-built masked frames in one
 * write and reads the unmasked echoes back, walking their headers to check that every message
 * came back whole, as the right kind, and nothing else did. The frames are built (and masked)
 * once, so the client neither allocates nor masks while measuring.
 *
 * <ul>
 *   <li>{@code text_32B}: 100 text messages of 32 bytes in flight per invocation.</li>
 *   <li>{@code binary_16KiB}: 16 binary messages of 16 KiB in flight per invocation (256 KiB
 *       each way, well below what either server buffers, so writing all before reading cannot
 *       deadlock).</li>
 * </ul>
 *
 * <p>Eddy's server runs three echoes of the same messages ({@link WebSocketEchoServers}):
 * {@code eddy} with done-callbacks (a done-callback runs when the loop's current step ends,
 * never inline), {@code eddy-inline} with callbacks that go on at once when a future is already
 * done, and {@code eddy-coroutine} (awaiting a done future does not suspend). All three answer a
 * read batch within one loop turn, as Netty's handler does within one read. (Until December 2026
 * a done-callback waited for the next loop turn, and {@code eddy} took two turns per message.)
 * On a JDK without native continuations the coroutine runs on a thread of its own, whose CPU
 * time the server-thread figure does not include: read that row's throughput only.
 *
 * <p>Scores are per message (one message out and its echo back). Under {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation per message of the whole JVM, which is the
 * server's: the client allocates nothing. {@link ServerCpu} gives the server thread's CPU time
 * per message ({@code ThreadMXBean.getThreadCpuTime}); the benchmark thread's CPU is the same
 * client work for both servers, so that figure compares the servers' efficiency even on a busy
 * machine, where the throughput mostly measures the scheduler.
 *
 * <pre>java -jar jmh/target/benchmarks.jar WebSocketEchoBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc</pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")   // native coroutines on JDK 21+
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebSocketEchoBenchmark {

    private static final int TEXT_BYTES = 32;
    private static final int TEXT_IN_FLIGHT = 100;
    private static final int BINARY_BYTES = 16 * 1024;
    private static final int BINARY_IN_FLIGHT = 16;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Param({"eddy", "eddy-inline", "eddy-coroutine", "netty"})
    public String server;

    private WebSocketEchoServers.Running running;
    private SocketChannel channel;
    private ByteBuffer textFrames;
    private ByteBuffer textEchoes;
    private ByteBuffer binaryFrames;
    private ByteBuffer binaryEchoes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        running = WebSocketEchoServers.start(server);
        channel = SocketChannel.open(running.address());
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        handshake();
        textFrames = frames(TEXT, TEXT_BYTES, TEXT_IN_FLIGHT);
        textEchoes = ByteBuffer.allocateDirect(TEXT_IN_FLIGHT * (2 + TEXT_BYTES));
        binaryFrames = frames(BINARY, BINARY_BYTES, BINARY_IN_FLIGHT);
        binaryEchoes = ByteBuffer.allocateDirect(BINARY_IN_FLIGHT * (4 + BINARY_BYTES));
        // once, the payloads too: the echo is byte for byte what was sent, unmasked
        echo(textFrames, textEchoes, TEXT, TEXT_BYTES, TEXT_IN_FLIGHT);
        checkPayloads(textEchoes, TEXT_BYTES, TEXT_IN_FLIGHT);
        echo(binaryFrames, binaryEchoes, BINARY, BINARY_BYTES, BINARY_IN_FLIGHT);
        checkPayloads(binaryEchoes, BINARY_BYTES, BINARY_IN_FLIGHT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (SocketChannel ch = channel) {
            // an orderly end: a close frame (1000); both servers answer it and close the connection
            ByteBuffer close = ByteBuffer.allocate(8).put((byte) (0x80 | CLOSE)).put((byte) (0x80 | 2)).put(MASK)
                    .put((byte) (0x03 ^ MASK[0])).put((byte) (0xe8 ^ MASK[1])).flip();
            writeAll(close);
            ByteBuffer rest = ByteBuffer.allocate(256);
            while (ch.read(rest.clear()) >= 0) {
                // until the server closes
            }
        } finally {
            running.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(TEXT_IN_FLIGHT)
    public int text_32B(ServerCpu cpu) throws IOException {
        cpu.messages += TEXT_IN_FLIGHT;
        return echo(textFrames, textEchoes, TEXT, TEXT_BYTES, TEXT_IN_FLIGHT);
    }

    @Benchmark
    @OperationsPerInvocation(BINARY_IN_FLIGHT)
    public int binary_16KiB(ServerCpu cpu) throws IOException {
        cpu.messages += BINARY_IN_FLIGHT;
        return echo(binaryFrames, binaryEchoes, BINARY, BINARY_BYTES, BINARY_IN_FLIGHT);
    }

    /**
     * The server thread's CPU time per message: per iteration as a JMH counter (the
     * {@code serverCpuNsPerMsg} line under each iteration), and over all measured iterations
     * printed at the end of the trial. The printed line is the one to quote: JMH sums event
     * counters over the iterations in its summary table, so that row reads Cnt times too high.
     * The CPU clock is read at the iteration's ends only: reading another thread's costs a
     * system call, which stays out of the measured loop.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ServerCpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        /** The server thread's CPU nanoseconds per message in this iteration. */
        public double serverCpuNsPerMsg;
        long messages;
        private long serverThreadId;
        private long cpuAtStart;
        private boolean measuring;
        private long measuredCpu;
        private long measuredMessages;

        @Setup(Level.Iteration)
        public void start(WebSocketEchoBenchmark benchmark, IterationParams iteration) {
            serverThreadId = benchmark.running.thread().getId();
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            messages = 0;
            serverCpuNsPerMsg = 0;
            cpuAtStart = THREADS.getThreadCpuTime(serverThreadId);
        }

        @TearDown(Level.Iteration)
        public void stop() {
            long used = THREADS.getThreadCpuTime(serverThreadId) - cpuAtStart;
            serverCpuNsPerMsg = messages == 0 ? 0 : (double) used / messages;
            if (measuring) {
                measuredCpu += used;
                measuredMessages += messages;
            }
        }

        @TearDown(Level.Trial)
        public void report(WebSocketEchoBenchmark benchmark) {
            System.out.printf("%n%s server thread CPU per message over the measured iterations: %.0f ns (%,d messages)%n",
                    benchmark.server, measuredMessages == 0 ? 0.0 : (double) measuredCpu / measuredMessages,
                    measuredMessages);
        }
    }

    /**
     * Writes a batch of frames and reads exactly the bytes their echoes take, then checks each
     * echo's header: a final frame of the right kind with the right length, and nothing else.
     */
    private int echo(ByteBuffer frames, ByteBuffer echoes, int opcode, int payload, int count) throws IOException {
        writeAll(frames.clear());
        echoes.clear();
        while (echoes.hasRemaining()) {
            if (channel.read(echoes) < 0) {
                throw new EOFException("the server closed the connection");
            }
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            int length = echoes.get(at + 1) & 0x7f;
            int header = 2;
            if (length == 126) {
                length = echoes.getShort(at + 2) & 0xffff;
                header = 4;
            }
            if ((echoes.get(at) & 0xff) != (0x80 | opcode) || length != payload) {
                throw new IllegalStateException("echo " + i + " is not a whole message of " + payload + " bytes: "
                        + Integer.toHexString(echoes.get(at) & 0xff) + " length " + length);
            }
            at += header + length;
        }
        return at;
    }

    /** Checks that every echoed payload is the one sent (see {@link #payload}). */
    private static void checkPayloads(ByteBuffer echoes, int payload, int count) {
        int header = payload < 126 ? 2 : 4;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < payload; j++) {
                int at = i * (header + payload) + header + j;
                if (echoes.get(at) != payload(j)) {
                    throw new IllegalStateException("echo " + i + " differs at byte " + j);
                }
            }
        }
    }

    /** Byte {@code j} of every message: printable ASCII, so also valid UTF-8 for the text ones. */
    private static byte payload(int j) {
        return (byte) ('a' + j % 26);
    }

    /** {@code count} masked client frames of one kind, back to back, ready to write. */
    private static ByteBuffer frames(int opcode, int payload, int count) {
        int header = payload < 126 ? 2 : 4;
        ByteBuffer frames = ByteBuffer.allocateDirect(count * (header + 4 + payload));
        for (int i = 0; i < count; i++) {
            frames.put((byte) (0x80 | opcode));
            if (payload < 126) {
                frames.put((byte) (0x80 | payload));
            } else {
                frames.put((byte) (0x80 | 126)).putShort((short) payload);
            }
            frames.put(MASK);
            for (int j = 0; j < payload; j++) {
                frames.put((byte) (payload(j) ^ MASK[j & 3]));
            }
        }
        return frames.flip();
    }

    /** The opening handshake, with a fixed key: the servers only check that it is well formed. */
    private void handshake() throws IOException {
        String request = "GET " + WebSocketEchoServers.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        writeAll(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        // one byte at a time: nothing behind the 101's head may be read here (the server sends nothing yet)
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            if (channel.read(one.clear()) < 0) {
                throw new EOFException("the server closed before answering the upgrade: " + head);
            }
            head.append((char) one.get(0));
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    private void writeAll(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
