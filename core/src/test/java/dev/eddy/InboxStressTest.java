package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks handed to a loop from other threads, under stress: many producers into a running
 * loop, producers racing the loop going to sleep (a lost wake-up would strand a callback),
 * and producers racing close (a callback must run, be counted as dropped, or be refused).
 * Every wait is bounded, so a lost callback fails the test instead of hanging it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InboxStressTest {

    @Test
    void manyProducersIntoARunningLoopEveryCallbackRunsOnceInItsProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            int[] counts = new int[producers];              // loop thread only
            AtomicReference<String> error = new AtomicReference<>();
            CountDownLatch allRan = new CountDownLatch(producers);
            CountDownLatch start = new CountDownLatch(1);
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads[p] = new Thread(() -> {
                    await(start);
                    for (int i = 0; i < perProducer; i++) {
                        int expected = i;
                        bg.loop().addCallback(() -> {
                            if (counts[id] != expected) {
                                error.compareAndSet(null, "producer " + id + ": ran #" + expected + " after " + counts[id]);
                            }
                            if (++counts[id] == perProducer) {
                                allRan.countDown();
                            }
                        });
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(allRan.await(20, TimeUnit.SECONDS)).as("every callback ran").isTrue();
            // two more turns: a callback run twice would show as a count past perProducer
            CountDownLatch settled = new CountDownLatch(1);
            bg.loop().addCallback(() -> bg.loop().addCallback(settled::countDown));
            assertThat(settled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(error.get()).isNull();
            assertThat(counts).containsOnly(perProducer);
        }
    }

    @Test
    void producersRacingTheLoopGoingToSleepAreNeverStranded() throws Exception {
        int producers = 3;
        int rounds = 5_000;
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            AtomicReference<String> error = new AtomicReference<>();
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                threads[p] = new Thread(() -> {
                    Semaphore ran = new Semaphore(0);
                    try {
                        // one callback at a time: the loop runs it and heads back to sleep while
                        // the next arrives, so offers keep meeting the ASLEEP handshake
                        for (int i = 0; i < rounds && error.get() == null; i++) {
                            bg.loop().addCallback(ran::release);
                            if (!ran.tryAcquire(5, TimeUnit.SECONDS)) {
                                error.compareAndSet(null, "callback #" + i + " stranded");
                            }
                        }
                    } catch (InterruptedException e) {
                        error.compareAndSet(null, "interrupted");
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(error.get()).isNull();
            assertThat(bg.loop().wakeups()).as("the loop did sleep and was woken").isPositive();
        }
    }

    @Test
    void producersRacingCloseEachCallbackRunsOrIsRefused() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            IOLoop loop = new IOLoop(LoopOptions.defaults().withName("closing"));
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Throwable> error = new AtomicReference<>();
            LoopOnThread bg = LoopOnThread.start(loop);
            int producers = 3;
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                threads[p] = new Thread(() -> {
                    try {
                        while (true) {
                            loop.addCallback(ran::incrementAndGet);
                        }
                    } catch (RejectedExecutionException expected) {
                        // the loop is closed: the producer stops
                    } catch (Throwable t) {
                        error.compareAndSet(null, t);
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            while (ran.get() < 1_000 * (attempt % 5 + 1)) {
                Thread.onSpinWait();
            }
            bg.close();                                     // closes and joins the loop thread
            for (Thread t : threads) {
                t.join(5_000);
                assertThat(t.isAlive()).as("producer refused after close").isFalse();
            }
            assertThat(error.get()).isNull();
        }
    }

    @Test
    void racingCloseEveryAcceptedCallbackIsRunOrCountedAsDropped() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Selector selector = Selector.open()) {
                CallbackQueue queue = new CallbackQueue(selector);
                Runnable task = () -> { };
                int producers = 3;
                AtomicInteger accepted = new AtomicInteger();
                AtomicReference<String> error = new AtomicReference<>();
                Thread[] threads = new Thread[producers];
                for (int p = 0; p < producers; p++) {
                    threads[p] = new Thread(() -> {
                        while (queue.addFromOtherThread(task)) {
                            accepted.incrementAndGet();
                        }
                        if (queue.addFromOtherThread(task)) {
                            error.compareAndSet(null, "accepted after being refused");
                        }
                    }, "producer-" + p);
                    threads[p].start();
                }
                // the consumer plays the loop for a while, then closes (clear) mid-stream
                int run = 0;
                int until = 500 * (attempt % 10 + 1);
                while (run < until) {
                    for (int n = queue.startBatch(); n > 0; n--) {
                        assertThat(queue.poll()).isSameAs(task);
                        run++;
                    }
                }
                int dropped = queue.clear();
                for (Thread t : threads) {
                    t.join(5_000);
                    assertThat(t.isAlive()).as("producer refused after clear").isFalse();
                }
                assertThat(error.get()).isNull();
                assertThat(run + dropped).as("run + dropped").isEqualTo(accepted.get());
                assertThat(queue.hasWaitingCallbacks()).isFalse();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
