package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Memory per suspended coroutine, per engine: N coroutines suspended at once on one loop,
 * each awaiting the same pending future, the way an HTTP service's handlers wait for their
 * next request. Not a JMH benchmark (memory after GC is not a rate) but a main:
 *
 * <pre>java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *     -cp jmh/target/benchmarks.jar dev.eddy.jmh.CoroutineMemoryBenchmark native|thread [N]</pre>
 *
 * <p>It reports the heap growth (after full GCs) and the process's resident-set growth, each
 * divided by N. A native continuation keeps its frames in a heap object (a stack chunk); a
 * virtual thread too, plus the thread object; a platform thread's stack is native memory,
 * which only the resident-set figure shows. The body is two frames deep (the lambda and
 * {@code await}); deeper bodies keep more frames.
 */
public final class CoroutineMemoryBenchmark {

    private CoroutineMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String engineName = args.length > 0 ? args[0] : "native";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        ContinuationEngine engine = engineName.equals("native") ? ContinuationEngine.nativeEngine()
                : ContinuationEngine.threadEngine();
        IOLoop loop = new IOLoop();
        Thread loopThread = new Thread(loop::run, "loop");
        loopThread.start();
        Promise<Integer> go = new Promise<>(loop);
        warmUp(loop, engine);

        long heapBefore = heapAfterGc();
        long rssBefore = rssBytes();
        CountDownLatch started = new CountDownLatch(1);
        List<Future<Integer>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        loop.execute(() -> {
            for (int i = 0; i < n; i++) {
                all.add(Coroutine.async(loop, engine, () -> Coroutine.await(go) + 1));
            }
            started.countDown();
        });
        if (!started.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("coroutines did not start");
        }
        long startNanos = System.nanoTime() - t0;
        long heapSuspended = heapAfterGc();
        long rssSuspended = rssBytes();

        CountDownLatch finished = new CountDownLatch(1);
        loop.execute(() -> {
            go.complete(1);
            Futures.all(loop, all).addDoneCallback(f -> finished.countDown());
        });
        if (!finished.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("coroutines did not finish");
        }
        loop.stop();
        loopThread.join();
        loop.close();

        System.out.printf("engine=%s (%s) N=%d%n", engine.name(), engine.description(), n);
        System.out.printf("  start+suspend: %.2f us per coroutine%n", startNanos / 1e3 / n);
        System.out.printf("  heap per suspended coroutine: %d bytes%n", (heapSuspended - heapBefore) / n);
        System.out.printf("  RSS  per suspended coroutine: %d bytes%n", (rssSuspended - rssBefore) / n);
    }

    private static void warmUp(IOLoop loop, ContinuationEngine engine) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> Coroutine.async(loop, engine, () -> {
            Coroutine.moment();
            return 0;
        }).addDoneCallback(f -> done.countDown()));
        done.await(1, TimeUnit.MINUTES);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            new CountDownLatch(1).await(100, TimeUnit.MILLISECONDS);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc (Linux); 0 elsewhere. */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
