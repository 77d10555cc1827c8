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
    void aPositionClaimedButNotWrittenStopsTheDrainUntilItIsWritten() {
        MpscChunkedQueue q = new MpscChunkedQueue();
        q.offer("a");
        long stalled = q.claim();                       // its producer is descheduled here
        q.offer("c");
        List<Object> out = new ArrayList<>();
        assertThat(q.drainTo(out::add)).isEqualTo(1);
        assertThat(out).containsExactly("a");
        assertThat(q.isEmpty()).as("never 'empty' while a position is claimed").isFalse();
        assertThat(q.nextIsClaimedNotWritten()).isTrue();
        assertThat(q.drainTo(out::add)).as("c waits behind it: order is kept").isZero();

        q.publish(stalled, "b");
        assertThat(q.nextIsClaimedNotWritten()).isFalse();
        assertThat(q.drainTo(out::add)).isEqualTo(2);
        assertThat(out).containsExactly("a", "b", "c");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.nextIsClaimedNotWritten()).as("empty is not 'claimed'").isFalse();
    }

    @Test
    void producersWaitingForAChunkAStalledProducerMustLinkCarryOnOnceItDoes() throws Exception {
        MpscChunkedQueue q = new MpscChunkedQueue();
        for (int i = 0; i < C; i++) {
            q.offer(i);                                 // chunk 0, and position 0 linked chunk 1
        }
        long stalled = q.claim();                       // first slot of chunk 1: it links chunk 2
        assertThat(stalled).isEqualTo(C);
        Thread producer = new Thread(() -> {
            for (int i = C + 1; i <= 2 * C; i++) {
                q.offer(i);                             // the last one needs chunk 2
            }
        }, "producer");
        producer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (q.sizeEstimate() < 2 * C + 1) {          // it has claimed position 2C: waiting
            assertThat(System.nanoTime()).as("producer reached chunk 2").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(producer.isAlive()).as("it cannot write before chunk 2 is linked").isTrue();

        q.publish(stalled, C);
        producer.join(10_000);
        assertThat(producer.isAlive()).as("producer finished").isFalse();
        int[] next = {0};
        assertThat(q.drainTo(x -> assertThat(x).isEqualTo(next[0]++))).isEqualTo(2 * C + 1);
    }

    @Test
    void manyProducersOneConsumerEveryElementOnceInEachProducersOrder() throws Exception {
        everyElementOnceInEachProducersOrder(4, 100_000, 0);
    }

    @Test
    void moreProducersThanCoresSomeStallingMidOfferLoseNothingAndKeepTheirOrder() throws Exception {
        // 8 producers on a machine with fewer cores, each yielding between claim and write
        // every 64th offer: the consumer and the waiting producers meet stalled positions
        everyElementOnceInEachProducersOrder(8, 20_000, 64);
    }

    /**
     * {@code producers} threads offer {@code perProducer} numbered elements each (every
     * {@code stallEvery}-th one with a yield between claim and write, 0: never) while one
     * consumer drains; checks each producer's elements arrive once, in order.
     */
    private static void everyElementOnceInEachProducersOrder(int producers, int perProducer, int stallEvery)
            throws Exception {
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
                    Long e = (id << 32) | i;
                    if (stallEvery > 0 && i % stallEvery == 0) {
                        long position = q.claim();
                        Thread.yield();                 // descheduled between claim and write
                        q.publish(position, e);
                    } else {
                        q.offer(e);
                    }
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
