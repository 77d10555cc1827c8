package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ImmediateEventExecutor;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.eddy.jmh.BenchLoops.N;

/**
 * Futures, per future: create, add listeners, complete, and the listeners run (Eddy: once the
 * loop callback that completed the future has returned, never inline; CompletableFuture:
 * inline in {@code complete}). The
 * anchors run in the same JMH run: Netty's {@code DefaultPromise} on its event loop (listeners
 * run inline in {@code setSuccess}, the loop thread being the promise's executor) and the
 * JDK's {@code CompletableFuture}. The chain rows build ten {@code map}s ({@code thenApply}s)
 * on a future, then complete it.
 *
 * <p>An Eddy chain of ten maps resolves link after link once the driver callback returns, in
 * the same loop iteration up to the loop's bound on deliveries per step (1024; the rest wait
 * for the next iteration). A loop with no channel skips the {@code selectNow} between
 * iterations; {@code eddy_mapChain10_idleChannel} shows the cost with one idle channel
 * registered, which is what a real server loop pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FuturesBenchmark {

    /** How many listeners each future gets. */
    @State(Scope.Benchmark)
    public static class Listeners {
        @Param({"1", "10"})
        public int n;
    }

    IOLoop loop;
    IOLoop loopWithChannel;
    /** Run by the benchmark thread itself with runSync: no second thread, no wake-ups. */
    IOLoop ownLoop;
    Pipe pipe;
    MultiThreadIoEventLoopGroup nettyGroup;
    IoEventLoop nettyLoop;
    final BenchLoops.Flag flag = new BenchLoops.Flag();
    int fired;
    int target;
    int cfFired;
    int listenerCount;

    /** Counts listener runs on the loop thread; raises the flag after the last one. */
    final Consumer<Future<Object>> listener = f -> {
        if (++fired == target) {
            flag.done = true;
        }
    };
    final Consumer<Future<Integer>> chainEnd = f -> {
        if (++fired == target) {
            flag.done = true;
        }
    };
    final Runnable cfAction = () -> cfFired++;
    final Function<Integer, Integer> inc = x -> x + 1;

    final Runnable promiseDriver = () -> {
        IOLoop l = loop;
        Consumer<Future<Object>> li = listener;
        int listeners = listenerCount;
        for (int i = 0; i < N; i++) {
            Promise<Object> p = new Promise<>(l);
            for (int j = 0; j < listeners; j++) {
                p.addDoneCallback(li);
            }
            p.complete(null);
        }
    };

    final Runnable chainDriver = () -> runChains(loop);
    final Runnable chainDriverWithChannel = () -> runChains(loopWithChannel);

    private void runChains(IOLoop l) {
        Function<Integer, Integer> f = inc;
        for (int i = 0; i < N; i++) {
            Promise<Integer> p = new Promise<>(l);
            Future<Integer> end = p;
            for (int j = 0; j < 10; j++) {
                end = end.map(f);
            }
            end.addDoneCallback(chainEnd);
            p.complete(0);
        }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        loop = BenchLoops.startedLoop("bench-loop");
        ownLoop = new IOLoop();
        loopWithChannel = BenchLoops.startedLoop("bench-loop-with-channel");
        pipe = Pipe.open();
        BenchLoops.Flag registered = new BenchLoops.Flag();
        loopWithChannel.addCallback(() -> {
            try {
                loopWithChannel.register(pipe.source(), SelectionKey.OP_READ, ops -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registered.run();
        });
        registered.await();
        nettyGroup = NettyLoops.group();
        nettyLoop = NettyLoops.startedLoop(nettyGroup);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        loop.close();
        ownLoop.close();
        loopWithChannel.close();
        pipe.sink().close();
        NettyLoops.shutdown(nettyGroup);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_promise_onLoop(Listeners listeners) {
        fired = 0;
        listenerCount = listeners.n;
        target = N * listeners.n;
        flag.reset();
        loop.addCallback(promiseDriver);
        flag.await();
        return fired;
    }

    /** The last listener of a same-thread batch completes this, ending runSync. */
    Promise<Void> batchDone;
    final Consumer<Future<Object>> ownListener = f -> {
        if (++fired == target) {
            batchDone.complete(null);
        }
    };
    final java.util.function.Supplier<Future<Void>> ownDriver = () -> {
        IOLoop l = ownLoop;
        Consumer<Future<Object>> li = ownListener;
        batchDone = new Promise<>(l);
        for (int i = 0; i < N; i++) {
            Promise<Object> p = new Promise<>(l);
            p.addDoneCallback(li);
            p.complete(null);
        }
        return batchDone;
    };

    /**
     * The same future life cycle with the benchmark thread as the loop thread
     * ({@code runSync}): no hand-over between threads, so on a busy machine this is the
     * steadiest measure of the future itself. Includes 1/1000 of one runSync.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_promise_runSync() {
        fired = 0;
        target = N;
        ownLoop.runSync(ownDriver, null);
        return fired;
    }

    /** Counts Netty listener runs on its loop thread; raises the flag after the last one. */
    final GenericFutureListener<io.netty.util.concurrent.Future<Object>> nettyListener = f -> {
        if (++fired == target) {
            flag.done = true;
        }
    };

    final Runnable nettyPromiseDriver = () -> {
        IoEventLoop l = nettyLoop;
        GenericFutureListener<io.netty.util.concurrent.Future<Object>> li = nettyListener;
        int listeners = listenerCount;
        for (int i = 0; i < N; i++) {
            DefaultPromise<Object> p = new DefaultPromise<>(l);
            for (int j = 0; j < listeners; j++) {
                p.addListener(li);
            }
            p.setSuccess(null);
        }
    };

    /** Anchor for {@link #eddy_promise_onLoop}: Netty's promise, created and completed on its loop. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_promise_onLoop(Listeners listeners) {
        fired = 0;
        listenerCount = listeners.n;
        target = N * listeners.n;
        flag.reset();
        nettyLoop.execute(nettyPromiseDriver);
        flag.await();
        return fired;
    }

    // ------------------------------------------------------------------ the promise hop, step by step
    //
    // eddy_promise_onLoop = hand-over to the loop thread and back (the batch's share)
    //                     + create + add one listener + complete + the deferred delivery.
    // The rows below take it apart; the same-thread ones run on the benchmark thread (it is
    // the loop thread inside runSync), so the scheduler of a busy machine stays out of them.

    /** The hand-over alone: the driver does nothing, so this is one batch's wake-up and wait, per op. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_handoverOnly() {
        flag.reset();
        loop.addCallback(flag);
        flag.await();
        return 0;
    }

    /** Anchor for {@link #eddy_handoverOnly}: Netty's loop, the same empty batch. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_handoverOnly() {
        flag.reset();
        nettyLoop.execute(flag);
        flag.await();
        return 0;
    }

    Blackhole sink;
    final java.util.function.Supplier<Future<Void>> createCompleteDriver = () -> {
        IOLoop l = ownLoop;
        Blackhole bh = sink;
        for (int i = 0; i < N; i++) {
            Promise<Object> p = new Promise<>(l);
            p.complete(null);
            bh.consume(p);
        }
        return Future.succeeded(l, null);
    };

    /** Create and complete with nobody listening (no delivery queued), on the loop thread. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void eddy_promise_sameThread_noListener(Blackhole bh) {
        sink = bh;
        ownLoop.runSync(createCompleteDriver, null);
    }

    /**
     * Anchor for {@link #eddy_promise_runSync}: Netty's promise on the benchmark thread, its
     * executor {@code ImmediateEventExecutor} (so the thread counts as the promise's loop and
     * listeners run inline). Netty's own loop threads find their thread-local map in a field;
     * the benchmark thread pays a {@code ThreadLocal} lookup per notification, so this row
     * is a little slower than Netty on its loop. The Eddy row also carries its
     * {@code runSync} (entering and leaving the loop, two turns with a {@code select} each)
     * spread over the batch's 1000 futures, which this one has no counterpart for.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int netty_promise_sameThread() {
        fired = 0;
        target = N;
        GenericFutureListener<io.netty.util.concurrent.Future<Object>> li = nettyListener;
        for (int i = 0; i < N; i++) {
            DefaultPromise<Object> p = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
            p.addListener(li);
            p.setSuccess(null);
        }
        return fired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int cf_thenRun_complete(Listeners listeners) {
        Runnable a = cfAction;
        int n = listeners.n;
        for (int i = 0; i < N; i++) {
            CompletableFuture<Object> f = new CompletableFuture<>();
            for (int j = 0; j < n; j++) {
                f.thenRun(a);
            }
            f.complete(null);
        }
        return cfFired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_mapChain10() {
        fired = 0;
        target = N;
        flag.reset();
        loop.addCallback(chainDriver);
        flag.await();
        return fired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_mapChain10_idleChannel() {
        fired = 0;
        target = N;
        flag.reset();
        loopWithChannel.addCallback(chainDriverWithChannel);
        flag.await();
        return fired;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int cf_mapChain10() {
        Function<Integer, Integer> f = inc;
        Runnable a = cfAction;
        for (int i = 0; i < N; i++) {
            CompletableFuture<Integer> start = new CompletableFuture<>();
            CompletableFuture<Integer> end = start;
            for (int j = 0; j < 10; j++) {
                end = end.thenApply(f);
            }
            end.thenRun(a);
            start.complete(0);
        }
        return cfFired;
    }
}
