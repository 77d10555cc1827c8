package dev.eddy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox queue on its own: FIFO across chunk boundaries, reuse of drained chunks, sealing,
 * and many producers racing one consumer (every element exactly once, each producer's in
 * its order). The loop-level races (sleep, close) are in {@link InboxStressTest}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MpscChunkedQueueTest {

    private static final int C = MpscChunkedQueue.CHUNK;

    @Test
    void elementsComeOutInOrderAcrossChunkBoundaries() {
        MpscChunkedQueue q = new MpscChunkedQueue();
        assertThat(q.isEmpty()).isTrue();
        int n = 3 * C + 5;
        for (int i = 0; i < n; i++) {
            assertThat(q.offer(i)).isTrue();
        }
        assertThat(q.isEmpty()).isFalse();
        List<Object> out = new ArrayList<>();
        assertThat(q.drainTo(out::add)).isEqualTo(n);
        assertThat(out).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.drainTo(out::add)).isZero();
    }

    @Test
    void aSteadyStreamReusesDrainedChunksInsteadOfCreatingNewOnes() {
        MpscChunkedQueue q = new MpscChunkedQueue();
        Object e = new Object();
        int[] drained = {0};
        // 200 chunks' worth, at most half a chunk queued at a time: like a loop that keeps up
        for (int round = 0; round < 400; round++) {
            for (int i = 0; i < C / 2; i++) {
                q.offer(e);
            }
            q.drainTo(x -> drained[0]++);
        }
        assertThat(drained[0]).isEqualTo(400 * C / 2);
        assertThat(q.chunksCreated()).as("chunks ever created").isLessThanOrEqualTo(3);
    }

    @Test
    void aBacklogOfManyChunksIsKeptAndDrainedInOrder() {
        MpscChunkedQueue q = new MpscChunkedQueue();
        int n = 20 * C;
        for (int i = 0; i < n; i++) {
            q.offer(i);
        }
        int[] next = {0};
        q.drainTo(x -> assertThat(x).isEqualTo(next[0]++));
        assertThat(next[0]).isEqualTo(n);
        assertThat(q.chunksCreated()).isEqualTo(21);     // 20 in use plus the one linked ahead
    }

    @Test
    void sealingReturnsWhatWasQueuedAndRefusesEveryLaterOffer() {
        MpscChunkedQueue q = new MpscChunkedQueue();
        for (int i = 0; i < C + 3; i++) {
            q.offer(i);
        }
        q.drainTo(x -> { });
        q.offer("a");
        q.offer("b");
        List<Object> dropped = new ArrayList<>();
        assertThat(q.seal(dropped::add)).isEqualTo(2);
        assertThat(dropped).containsExactly("a", "b");
        assertThat(q.offer("late")).isFalse();
        assertThat(q.offer("later")).isFalse();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.drainTo(dropped::add)).isZero();
    }

    @Test
    void manyProducersOneConsumerEveryElementOnceInEachProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        MpscChunkedQueue q = new MpscChunkedQueue();
        long[] next = new long[producers];              // consumer thread only
        AtomicReference<String> error = new AtomicReference<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            long total = 0;
            long expected = (long) producers * perProducer;
            while (total < expected && error.get() == null) {
                int got = q.drainTo(x -> {
                    long v = (Long) x;
                    int p = (int) (v >>> 32);
                    long seq = v & 0xffff_ffffL;
                    if (seq != next[p]) {
                        error.compareAndSet(null, "producer " + p + ": got " + seq + ", expected " + next[p]);
                    }
                    next[p] = seq + 1;
                });
                total += got;
                if (got == 0) {
                    if (!producing.get() && q.isEmpty() && total < expected) {
                        error.compareAndSet(null, "lost: only " + total + " of " + expected);
                    }
                    Thread.onSpinWait();
                }
            }
        }, "consumer");
        consumer.start();
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            long id = p;
            threads[p] = new Thread(() -> {
                Latches.await(start);
                for (long i = 0; i < perProducer; i++) {
                    q.offer((id << 32) | i);
                }
            }, "producer-" + p);
            threads[p].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        producing.set(false);
        consumer.join(20_000);
        assertThat(consumer.isAlive()).as("consumer finished").isFalse();
        assertThat(error.get()).isNull();
        for (int p = 0; p < producers; p++) {
            assertThat(next[p]).as("producer " + p).isEqualTo(perProducer);
        }
        assertThat(q.isEmpty()).isTrue();
    }

    /** Waiting on a latch inside a thread body without a checked exception. */
    static final class Latches {
        static void await(CountDownLatch latch) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("latch not released");
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
