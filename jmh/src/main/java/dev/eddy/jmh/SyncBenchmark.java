package dev.eddy.jmh;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.sync.FutureCache;
import dev.eddy.sync.Lock;
import dev.eddy.sync.Permit;
import dev.eddy.sync.Queue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static dev.eddy.jmh.BenchLoops.N;

/**
 * The coordination primitives of {@code dev.eddy.sync}, per operation, on the loop thread:
 * what a lock, a queue hand-off and a cache hit cost, and what they allocate (run with
 * {@code -prof gc}). Every Eddy row is a batch of {@link BenchLoops#N} operations run as one
 * loop callback; the {@code jdk_} rows are the nearest {@code java.util.concurrent}
 * counterparts used from one thread, for scale (they do less: they cannot wait without
 * blocking a thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyncBenchmark {

    IOLoop loop;
    Lock lock;
    Queue<Object> queue;
    FutureCache<String, String> cache;
    final Object item = new Object();
    final BenchLoops.Flag flag = new BenchLoops.Flag();
    final ReentrantLock jdkLock = new ReentrantLock();
    final ArrayBlockingQueue<Object> jdkQueue = new ArrayBlockingQueue<>(16);
    int sink;

    /** acquire a free lock (a finished future), take its permit, close it. */
    final Runnable lockUncontended = () -> {
        for (int i = 0; i < N; i++) {
            lock.acquire().join().close();
        }
        flag.run();
    };

    /** a waiter queues behind the holder; the holder's release hands the lock over. */
    final Runnable lockHandOff = () -> {
        Permit held = lock.acquire().join();
        for (int i = 0; i < N; i++) {
            Future<Permit> next = lock.acquire();
            held.close();
            held = next.join();
        }
        held.close();
        flag.run();
    };

    /** a put into a queue with room, then a get of a stored item. */
    final Runnable queuePutGet = () -> {
        for (int i = 0; i < N; i++) {
            queue.put(item);
            sink += queue.get().join() == item ? 1 : 0;
            queue.taskDone();
        }
        flag.run();
    };

    /** a getter waits; a put hands the item straight to it. */
    final Runnable queueHandOff = () -> {
        for (int i = 0; i < N; i++) {
            Future<Object> got = queue.get();
            queue.put(item);
            sink += got.join() == item ? 1 : 0;
            queue.taskDone();
        }
        flag.run();
    };

    /** a hit on a finished value. */
    final Runnable cacheHit = () -> {
        for (int i = 0; i < N; i++) {
            sink += cache.get("key").join().length();
        }
        flag.run();
    };

    @Setup(Level.Trial)
    public void setup() {
        loop = BenchLoops.startedLoop("bench-sync");
        lock = new Lock(loop);
        queue = new Queue<>(loop, 16);
        cache = new FutureCache<>(loop, 1000, null, k -> Future.succeeded(loop, "value"));
        BenchLoops.Flag warm = new BenchLoops.Flag();
        loop.addCallback(() -> {
            cache.get("key");
            warm.run();
        });
        warm.await();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    private int runBatch(Runnable batch) {
        flag.reset();
        loop.addCallback(batch);
        flag.await();
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_lock_uncontended() {
        return runBatch(lockUncontended);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_lock_handOff() {
        return runBatch(lockHandOff);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_queue_putGet() {
        return runBatch(queuePutGet);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_queue_handOffToWaitingGetter() {
        return runBatch(queueHandOff);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int eddy_futureCache_hit() {
        return runBatch(cacheHit);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int jdk_reentrantLock_uncontended() {
        for (int i = 0; i < N; i++) {
            jdkLock.lock();
            sink++;
            jdkLock.unlock();
        }
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int jdk_arrayBlockingQueue_offerPoll() {
        for (int i = 0; i < N; i++) {
            jdkQueue.offer(item);
            sink += jdkQueue.poll() == item ? 1 : 0;
        }
        return sink;
    }
}
