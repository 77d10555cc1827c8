package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * What an {@code await} costs inside a coroutine, per engine. Each invocation runs one
 * coroutine of {@value #N} awaits on a loop run by the benchmark thread ({@code runSync}),
 * so the cost of starting the loop and the coroutine is spread over {@value #N} operations.
 *
 * <ul>
 *   <li>{@code awaitDone}: awaiting a future that is already done: the fast path, no suspension.</li>
 *   <li>{@code awaitMoment}: a full suspend/resume through the loop. {@code Coroutine.moment()}
 *       queues the coroutine's runner itself as one loop callback, which resumes the body in
 *       the next iteration: one loop callback, one suspend, one resume, no future and no
 *       allocation. (Until November 2026 it awaited {@code Futures.moment}, a future completed
 *       by a loop callback whose done-callback resumed the body: two loop callbacks and a
 *       promise per moment.)</li>
 * </ul>
 * {@link CoroutineBaselineBenchmark} does the same work without coroutines.
 *
 * <p>{@code loopThread}: the loop runs on the benchmark's own (platform) thread, or on a
 * virtual thread started per invocation. It matters for the thread engine only: its
 * hand-overs are between the loop thread and a virtual body thread, and a platform thread
 * must be woken through the kernel while a virtual one is rescheduled in user space.
 *
 * <pre>java -jar jmh/target/benchmarks.jar 'Coroutine(Baseline)?Benchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 * On JDK 17 add {@code -p engine=thread}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class CoroutineBenchmark {

    static final int N = 1000;

    @Param({"native", "thread"})
    public String engine;

    @Param({"platform", "virtual"})
    public String loopThread;

    private ContinuationEngine continuations;
    private IOLoop loop;
    private Future<Integer> done;

    @Setup
    public void setUp() {
        continuations = engine.equals("native") ? ContinuationEngine.nativeEngine() : ContinuationEngine.threadEngine();
        loop = new IOLoop();
        done = loop.runSync(() -> Future.succeeded(loop, Future.succeeded(loop, 1)), null);
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int awaitDone() throws Exception {
        return onLoopThread(() -> loop.runSync(() -> Coroutine.async(loop, continuations, () -> {
            int sum = 0;
            for (int i = 0; i < N; i++) {
                sum += Coroutine.await(done);
            }
            return sum;
        }), null));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int awaitMoment() throws Exception {
        return onLoopThread(() -> loop.runSync(() -> Coroutine.async(loop, continuations, () -> {
            for (int i = 0; i < N; i++) {
                Coroutine.moment();
            }
            return N;
        }), null));
    }

    private int onLoopThread(java.util.concurrent.Callable<Integer> run) throws Exception {
        return loopThread.equals("platform") ? run.call() : VirtualThreads.call(run);
    }
}
