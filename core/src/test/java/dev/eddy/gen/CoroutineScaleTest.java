package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.Promise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many coroutines: nothing leaks, and a loop can hold very many suspended at once.
 *
 * <p>The counts depend on the engine, because the cost of one coroutine does: on the native
 * engine a coroutine is a heap object (a million take well under a second); on the thread
 * engine each one starts a thread and every hand-over wakes the (platform) loop thread
 * through the kernel: about 70 µs a coroutine with virtual threads on the 2-core CI machine,
 * so 20,000 keep the test near a second; with platform threads (JDK 17) a thread start costs
 * more again and each is a kernel thread, so 100,000 suspended at once would exhaust the
 * machine: 1,000-2,000 there. The engine's docs say so: on platform threads it suits
 * hundreds of coroutines. 100,000 suspended at once on every engine, and the memory each
 * takes, are measured by {@code dev.eddy.jmh.CoroutineMemoryBenchmark}, not here.
 */
class CoroutineScaleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static int scaled(String engineName, int nativeCount, int virtualCount, int platformCount) {
        if (engineName.equals("native")) {
            return nativeCount;
        }
        return Engines.platformThreads() ? platformCount : virtualCount;
    }

    /** A thread engine like the default one whose threads count themselves out when they end. */
    private static final class CountingEngine {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final ContinuationEngine engine;

        CountingEngine() {
            ThreadFactory base = ThreadEngine.virtualThreadFactory();
            ThreadFactory inner = base != null ? base : r -> {
                Thread t = new Thread(r, "counted-body");
                t.setDaemon(true);
                return t;
            };
            engine = ContinuationEngine.threadEngine(r -> {
                started.incrementAndGet();
                return inner.newThread(() -> {
                    try {
                        r.run();
                    } finally {
                        ended.incrementAndGet();
                    }
                });
            });
        }

        /** Waits (with a deadline, never sleeping blind) until every started thread has ended. */
        boolean allEnded(Duration timeout, boolean collectGarbage) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            CountDownLatch never = new CountDownLatch(1);
            while (ended.get() < started.get() && System.nanoTime() < deadline) {
                if (collectGarbage) {
                    System.gc();            // lets the Cleaner notice dropped generators
                }
                never.await(20, TimeUnit.MILLISECONDS);
            }
            return ended.get() == started.get();
        }
    }

    private static ContinuationEngine engineFor(String engineName, CountingEngine counting) {
        Engines.get(engineName);            // skips the native run where unavailable
        return engineName.equals("native") ? ContinuationEngine.nativeEngine() : counting.engine;
    }

    /**
     * A loop without the blocking watchdog: these tests start a thousand coroutines or more in
     * one callback on purpose, which on the thread engine (a platform thread each on JDK 17)
     * of a loaded machine can take longer than the watchdog's 2 s.
     */
    private static IOLoop unwatchedLoop() {
        return new IOLoop(LoopOptions.defaults().withBlockingThreshold(null));
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void manyShortCoroutinesLeaveNoThreadsBehind(String engineName) throws Exception {
        CountingEngine counting = new CountingEngine();
        ContinuationEngine engine = engineFor(engineName, counting);
        int total = scaled(engineName, 1_000_000, 20_000, 2_000);
        int batch = 1_000;
        int threadsBefore = Thread.activeCount();
        try (IOLoop loop = unwatchedLoop()) {
            long sum = loop.runSync(() -> Coroutine.async(loop, () -> {
                long s = 0;
                for (int done = 0; done < total; done += batch) {
                    List<Future<Integer>> wave = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        int n = i;
                        wave.add(Coroutine.async(loop, engine, () -> {
                            Coroutine.moment();         // one real suspension each
                            return n;
                        }));
                    }
                    for (int v : Coroutine.all(wave)) {
                        s += v;
                    }
                }
                return s;
            }), DEADLINE);
            assertThat(sum).isEqualTo((long) (total / batch) * (batch * (batch - 1L) / 2));
        }
        assertThat(counting.allEnded(Duration.ofSeconds(30), false)).as("every body thread ended").isTrue();
        if (engineName.equals("thread")) {
            assertThat(counting.started.get()).isEqualTo(total);
        } else {
            assertThat(counting.started.get()).isZero();
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void droppedSuspendedGeneratorsAreReleased(String engineName) throws Exception {
        CountingEngine counting = new CountingEngine();
        ContinuationEngine engine = engineFor(engineName, counting);
        int n = scaled(engineName, 10_000, 2_000, 200);
        AtomicInteger finallyRan = new AtomicInteger();
        List<WeakReference<Generator<Integer>>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Generator<Integer> g = Generator.of(engine, out -> {
                try {
                    for (int k = 0; ; k++) {
                        out.yield(k);
                    }
                } finally {
                    finallyRan.incrementAndGet();
                }
            });
            assertThat(g.next()).isZero();          // suspended at its first yield
            refs.add(new WeakReference<>(g));
        }                                            // ... and dropped
        assertThat(counting.allEnded(Duration.ofSeconds(30), true)).as("every body thread ended").isTrue();
        CountDownLatch never = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (refs.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            never.await(20, TimeUnit.MILLISECONDS);
        }
        assertThat(refs).allMatch(r -> r.get() == null);
        if (engineName.equals("thread")) {
            assertThat(counting.started.get()).isEqualTo(n);
            assertThat(finallyRan.get()).isEqualTo(n);   // unwound on their own threads
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aLoopHoldsVeryManySuspendedCoroutinesAtOnce(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        int n = scaled(engineName, 100_000, 20_000, 1_000);
        try (IOLoop loop = unwatchedLoop()) {
            Promise<Integer> go = new Promise<>(loop);
            int[] suspended = new int[1];
            long total = loop.runSync(() -> {
                List<Future<Integer>> all = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    all.add(Coroutine.async(loop, engine, () -> Coroutine.await(go) + 1));
                }
                suspended[0] = (int) all.stream().filter(f -> !f.isDone()).count();
                go.complete(1);
                return Futures.all(loop, all).map(values -> values.stream().mapToLong(Integer::longValue).sum());
            }, DEADLINE);
            assertThat(suspended[0]).isEqualTo(n);
            assertThat(total).isEqualTo(2L * n);
        }
    }
}
