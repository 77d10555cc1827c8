package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.gen.Continuation;
import dev.eddy.gen.ContinuationEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The work of {@link CoroutineBenchmark} done without coroutines, {@value CoroutineBenchmark#N}
 * operations per invocation, so the figures compare per operation:
 *
 * <ul>
 *   <li>{@code loopCallback}: one plain loop callback that schedules the next (the unit of
 *       work of the loop, and the yardstick for a suspend/resume). {@code awaitMoment}
 *       makes the same single hop, so the difference is what a suspend/resume costs.</li>
 *   <li>{@code continuationHop} (JDK 21+): the same hop made by a bare native
 *       {@link Continuation} instead of a coroutine: a loop callback resumes it, and its body
 *       queues that callback again and suspends. What is left between this and
 *       {@code awaitMoment} is the coroutine's own work per hop (finding the running
 *       coroutine, its checks, its state); between this and {@code loopCallback}, the JDK's
 *       suspend and resume.</li>
 *   <li>{@code callbackMoment}: done-callbacks on {@code Futures.moment}, callback style: two
 *       loop callbacks and a promise per step (what {@code awaitMoment} did before
 *       {@code moment()} became one loop callback).</li>
 *   <li>{@code completableThenComposeDone}: a {@code thenCompose} chain over completed
 *       futures, the {@code java.util.concurrent} counterpart of {@code awaitDone}.</li>
 *   <li>{@code completableThenComposeOnLoop}: {@code thenComposeAsync(fn, loop)}: each step a
 *       loop callback, the counterpart of {@code awaitMoment}.</li>
 *   <li>{@code virtualThreadBlocking} (JDK 21+): two virtual threads that each block on a
 *       {@link CompletableFuture} the other completes: one park and one unpark per operation,
 *       what a thread-per-request server pays for the same wait.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class CoroutineBaselineBenchmark {

    private static final int N = CoroutineBenchmark.N;

    private IOLoop loop;

    @Setup
    public void setUp() {
        loop = new IOLoop();
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int loopCallback() {
        return loop.runSync(() -> {
            Promise<Integer> end = new Promise<>(loop);
            new Runnable() {
                int left = N;

                @Override
                public void run() {
                    if (--left == 0) {
                        end.complete(N);
                    } else {
                        loop.addCallback(this);
                    }
                }
            }.run();
            return end;
        }, null);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int continuationHop() {
        ContinuationEngine engine = ContinuationEngine.nativeEngine();  // throws on JDK 17, as it should
        return loop.runSync(() -> {
            Promise<Integer> end = new Promise<>(loop);
            ContinuationHop hop = new ContinuationHop();
            hop.continuation = engine.create(s -> {
                for (int i = 0; i < N; i++) {
                    loop.addCallback(hop);
                    s.suspend();
                }
                end.complete(N);
            });
            hop.run();
            return end;
        }, null);
    }

    /** The loop callback of {@link #continuationHop()}: resumes the continuation. */
    private static final class ContinuationHop implements Runnable {
        Continuation continuation;

        @Override
        public void run() {
            continuation.resume();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int callbackMoment() {
        return loop.runSync(() -> {
            Promise<Integer> end = new Promise<>(loop);
            new java.util.function.Consumer<Future<Void>>() {
                int left = N;

                @Override
                public void accept(Future<Void> f) {
                    if (left-- == 0) {
                        end.complete(N);
                    } else {
                        Futures.moment(loop).addDoneCallback(this);
                    }
                }
            }.accept(null);
            return end;
        }, null);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int completableThenComposeDone() {
        CompletableFuture<Integer> cf = CompletableFuture.completedFuture(0);
        for (int i = 0; i < N; i++) {
            cf = cf.thenCompose(v -> CompletableFuture.completedFuture(v + 1));
        }
        return cf.join();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int completableThenComposeOnLoop() {
        return loop.runSync(() -> {
            CompletableFuture<Integer> cf = CompletableFuture.completedFuture(0);
            for (int i = 0; i < N; i++) {
                cf = cf.thenComposeAsync(v -> CompletableFuture.completedFuture(v + 1), loop);
            }
            return Futures.fromStage(loop, cf);
        }, null);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int virtualThreadBlocking() throws InterruptedException {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] ping = new CompletableFuture[N];
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] pong = new CompletableFuture[N];
        for (int i = 0; i < N; i++) {
            ping[i] = new CompletableFuture<>();
            pong[i] = new CompletableFuture<>();
        }
        int[] result = new int[1];
        ThreadFactory virtual = VirtualThreads.factory();
        if (virtual == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+");
        }
        Thread a = virtual.newThread(() -> {
            int v = 0;
            for (int i = 0; i < N; i++) {
                ping[i].complete(v);
                v = pong[i].join() + 1;       // blocks: parks this virtual thread
            }
            result[0] = v;
        });
        Thread b = virtual.newThread(() -> {
            for (int i = 0; i < N; i++) {
                pong[i].complete(ping[i].join());
            }
        });
        a.start();
        b.start();
        a.join();
        b.join();
        return result[0];
    }
}
