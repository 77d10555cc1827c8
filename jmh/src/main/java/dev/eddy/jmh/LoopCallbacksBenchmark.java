package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.eddy.jmh.BenchLoops.N;

/**
 * Callbacks: the cost of adding a callback to a loop plus running it, per callback, for
 * Eddy's {@code addCallback} and, in the same run, its anchors: Netty's event loop
 * {@code execute} (same-thread and from another thread), the JDK's single-thread executor,
 * and an {@code ArrayDeque} run inline (the floor: no atomics, no second thread).
 *
 * <p>The {@code _busyCores} variants measure the cross-thread hand-off on a machine where
 * the cores are contended: {@link BusyCores} keeps {@code spinners} threads spinning for the
 * whole trial (default 1, like a {@code yes > /dev/null} running beside the benchmark), so
 * the producer or the loop thread is now and then descheduled in the middle of a hand-off.
 * Eddy and Netty run under the same competition in the same run:
 * <pre>
 *   java -jar jmh/target/benchmarks.jar 'LoopCallbacksBenchmark.(eddy|netty)_execute' -f 1 -wi 3 -i 5
 *   java -jar jmh/target/benchmarks.jar 'LoopCallbacksBenchmark.(eddy|netty)_execute_busyCores' -p spinners=2
 * </pre>
 * The first runs the quiet and the contended variants; with contention compare the
 * per-iteration ranges, not only the means (a stall costs milliseconds, so one iteration can
 * be far off the others).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoopCallbacksBenchmark {

    IOLoop loop;
    /** Run by the benchmark thread itself with runSync: no second thread, no wake-ups. */
    IOLoop ownLoop;
    ExecutorService tpe;
    MultiThreadIoEventLoopGroup nettyGroup;
    IoEventLoop nettyLoop;
    final BenchLoops.CountingTask callback = new BenchLoops.CountingTask(N);
    /** Runs on the loop thread: adds N callbacks to its own loop (they run next iteration). */
    final Runnable driver = () -> {
        IOLoop l = loop;
        BenchLoops.CountingTask cb = callback;
        for (int i = 0; i < N; i++) {
            l.addCallback(cb);
        }
    };

    @Setup(Level.Trial)
    public void setup() {
        loop = BenchLoops.startedLoop("bench-loop");
        ownLoop = new IOLoop();
        tpe = Executors.newSingleThreadExecutor();
        BenchLoops.start(tpe);
        nettyGroup = NettyLoops.group();
        nettyLoop = NettyLoops.startedLoop(nettyGroup);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        loop.close();
        ownLoop.close();
        BenchLoops.shutdown(tpe);
        NettyLoops.shutdown(nettyGroup);
    }

    /** On the loop thread: a plain ArrayDeque add, no atomics, no wake-up. Should allocate 0 B. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_sameThreadExecute() {
        callback.reset();
        loop.addCallback(driver);
        callback.await();
        return callback.count;
    }

    Promise<Void> batchDone;
    final BenchLoops.CountingTask ownCallback = new BenchLoops.CountingTask(N);
    final Runnable ownLast = () -> batchDone.complete(null);
    final Supplier<Future<Void>> ownDriver = () -> {
        IOLoop l = ownLoop;
        BenchLoops.CountingTask cb = ownCallback;
        batchDone = new Promise<>(l);
        for (int i = 0; i < N; i++) {
            l.addCallback(cb);
        }
        l.addCallback(ownLast);
        return batchDone;
    };

    /**
     * The same as {@link #eddy_sameThreadExecute} with the benchmark thread as the loop thread
     * ({@code runSync}): no cross-thread kick-off, so this is the loop's own cost per callback
     * (plus 1/1000 of one runSync). Compare with the anchor {@code arrayDeque_inline}.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_sameThreadExecute_runSync() {
        ownCallback.reset();
        ownLoop.runSync(ownDriver, null);
        return ownCallback.count;
    }

    /**
     * From the benchmark thread: the inbox ({@code MpscChunkedQueue}), waking the loop only if
     * it sleeps. Should allocate 0 B (a drained chunk is reused); compare with the anchor
     * {@code CrossThreadHandoff.netty_execute}.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_execute() {
        BenchLoops.CountingTask t = callback;
        t.reset();
        IOLoop l = loop;
        for (int i = 0; i < N; i++) {
            l.addCallback(t);
        }
        t.await();
        return t.count;
    }

    /**
     * Threads that spin for the whole trial, competing with the benchmark thread and the
     * loop's thread for the cores. Not part of what is measured; stopped at the trial's end.
     */
    @State(Scope.Benchmark)
    public static class BusyCores {
        /** How many spinning threads: with 1 on a 2-core machine three threads want 2 cores. */
        @Param({"1"})
        public int spinners;
        volatile boolean spinning;
        Thread[] threads;
        /** Written once at the end so the spin loop is not removed as dead code. */
        public volatile long sink;

        @Setup(Level.Trial)
        public void start() {
            spinning = true;
            threads = new Thread[spinners];
            for (int i = 0; i < spinners; i++) {
                threads[i] = new Thread(this::spin, "busy-core-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void spin() {
            long x = 0;
            while (spinning) {
                x = x * 31 + 1;
            }
            sink = x;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            spinning = false;
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** {@link #eddy_execute} while {@link BusyCores} competes for the cores. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_execute_busyCores(BusyCores busy) {
        return eddy_execute();
    }

    /** {@link #netty_execute} under the same competition: the anchor for the one above. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_execute_busyCores(BusyCores busy) {
        return netty_execute();
    }

    /** The JDK's single-thread executor with the same producer. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int tpe_execute() {
        BenchLoops.CountingTask t = callback;
        t.reset();
        ExecutorService ex = tpe;
        for (int i = 0; i < N; i++) {
            ex.execute(t);
        }
        t.await();
        return t.count;
    }

    /** Runs on Netty's loop thread: executes N callbacks onto its own loop. */
    final Runnable nettyDriver = () -> {
        IoEventLoop l = nettyLoop;
        BenchLoops.CountingTask cb = callback;
        for (int i = 0; i < N; i++) {
            l.execute(cb);
        }
    };

    /** Anchor for {@link #eddy_sameThreadExecute}: Netty's MPSC task queue, offered on its own thread. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_sameThreadExecute() {
        callback.reset();
        nettyLoop.execute(nettyDriver);
        callback.await();
        return callback.count;
    }

    /** Anchor for {@link #eddy_execute}: the same producer handing tasks to Netty's loop. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_execute() {
        BenchLoops.CountingTask t = callback;
        t.reset();
        IoEventLoop l = nettyLoop;
        for (int i = 0; i < N; i++) {
            l.execute(t);
        }
        t.await();
        return t.count;
    }

    final ArrayDeque<Runnable> deque = new ArrayDeque<>(2 * N);
    int inlineCount;
    final Runnable inlineTask = () -> inlineCount++;

    /**
     * The floor any single-threaded callback queue sits on: N offers to an {@code ArrayDeque},
     * then poll and run them, all on the benchmark thread. Compare with
     * {@link #eddy_sameThreadExecute_runSync}.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int arrayDeque_inline() {
        ArrayDeque<Runnable> q = deque;
        Runnable t = inlineTask;
        for (int i = 0; i < N; i++) {
            q.offer(t);
        }
        Runnable r;
        while ((r = q.poll()) != null) {
            r.run();
        }
        return inlineCount;
    }
}
