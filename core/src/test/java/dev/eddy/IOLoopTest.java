package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loop's own contract: run/stop/runSync and their errors, callback order and batching,
 * cross-thread wake-ups (no redundant Selector.wakeup), close semantics and statistics.
 * Timers, channels, futures and the watchdog have test classes of their own.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IOLoopTest {

    // ------------------------------------------------------------------ runSync, run, current

    @Test
    void runSyncReturnsTheResultOfAFutureCompletedLater() {
        try (IOLoop loop = new IOLoop()) {
            String s = sync(loop, () -> {
                Promise<String> p = new Promise<>(loop);
                loop.addCallback(() -> p.complete("later"));
                return p;
            });
            assertThat(s).isEqualTo("later");
        }
    }

    @Test
    void runSyncThrowsTheFailureUncheckedAsIsAndCheckedWrapped() {
        try (IOLoop loop = new IOLoop()) {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            assertThatThrownBy(() -> sync(loop, () -> Future.failed(loop, boom))).isSameAs(boom);
            IOException io = new IOException("io");
            assertThatThrownBy(() -> sync(loop, () -> Future.failed(loop, io)))
                    .isInstanceOf(CompletionException.class).hasCause(io);
        }
    }

    @Test
    void runSyncReportsATaskThatThrowsOrReturnsNull() {
        try (IOLoop loop = new IOLoop()) {
            assertThatThrownBy(() -> sync(loop, () -> {
                throw new IllegalStateException("task threw");
            })).hasMessage("task threw");
            assertThatThrownBy(() -> sync(loop, () -> null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
        }
    }

    @Test
    void runSyncTimeoutCancelsTheTaskAndThrowsTimeoutException() {
        ManualClock clock = new ManualClock();
        try (IOLoop loop = TestLoops.manual(clock)) {
            Promise<String> never = new Promise<>(loop);
            assertThatThrownBy(() -> loop.runSync(() -> {
                clock.advance(Duration.ofSeconds(2));      // the 1 s timeout is now due
                return never;
            }, Duration.ofSeconds(1)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("PT1S");
            assertThat(never.isCancelled()).isTrue();
            assertThat(loop.isRunning()).isFalse();
            assertThat(loop.stats().timersPending()).isZero();
        }
    }

    /**
     * The timed-out task's future is cancelled and settled within the same run, so nothing
     * of it (its "stop the loop" done-callback) is left queued to stop a later run.
     */
    @Test
    void aLoopIsReusableAfterRunSyncTimesOutThreeTimes() {
        ManualClock clock = new ManualClock();
        try (IOLoop loop = TestLoops.manual(clock)) {
            for (int i = 0; i < 3; i++) {
                Promise<String> never = new Promise<>(loop);
                assertThatThrownBy(() -> loop.runSync(() -> {
                    clock.advance(Duration.ofSeconds(2));
                    return never;
                }, Duration.ofSeconds(1))).isInstanceOf(TimeoutException.class);
                assertThat(never.isCancelled()).isTrue();

                int round = i;
                String next = loop.runSync(() -> {
                    Promise<String> later = new Promise<>(loop);
                    loop.addCallback(() -> later.complete("round " + round));
                    return later;
                }, Duration.ofSeconds(1));
                assertThat(next).isEqualTo("round " + round);
            }
            assertThat(loop.stats().timersPending()).isZero();
        }
    }

    @Test
    void aLoopIsReusableAfterARunSyncWasStoppedBeforeItsTaskFinished() {
        try (IOLoop loop = new IOLoop()) {
            Promise<String> unfinished = new Promise<>(loop);
            assertThatThrownBy(() -> sync(loop, () -> {
                loop.stop();
                return unfinished;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before");
            assertThat(sync(loop, () -> {
                unfinished.complete("the old task finishes now");   // its done-callback must not stop this run
                Promise<String> later = new Promise<>(loop);
                loop.addCallback(() -> loop.addCallback(() -> later.complete("second run")));
                return later;
            })).isEqualTo("second run");
        }
    }

    @Test
    void runSyncPrefersAResultThatArrivedWithTheTimeout() {
        ManualClock clock = new ManualClock();
        try (IOLoop loop = TestLoops.manual(clock)) {
            String s = loop.runSync(() -> {
                clock.advance(Duration.ofSeconds(2));
                return Future.succeeded(loop, "just in time");   // done, callbacks not yet delivered
            }, Duration.ofSeconds(1));
            assertThat(s).isEqualTo("just in time");
        }
    }

    @Test
    void runSyncLeavesNoTimerBehind() {
        try (IOLoop loop = new IOLoop()) {
            sync(loop, () -> Future.succeeded(loop, 1));
            assertThat(loop.stats().timersPending()).isZero();
        }
    }

    @Test
    void runSyncStoppedFromAnotherThreadRaisesAClearError() throws Exception {
        try (IOLoop loop = new IOLoop()) {
            CountDownLatch started = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                try {
                    if (started.await(5, TimeUnit.SECONDS)) {
                        loop.stop();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            assertThatThrownBy(() -> sync(loop, () -> {
                started.countDown();
                return new Promise<>(loop);
            })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was stopped before the runSync task finished");
            stopper.join();
        }
    }

    @Test
    void reenteringRunOrRunSyncIsAnErrorThatLeavesNothingQueued() {
        try (IOLoop loop = new IOLoop()) {
            boolean[] innerRan = {false};
            Throwable[] caught = new Throwable[2];
            sync(loop, () -> {
                try {
                    loop.run();
                } catch (IllegalStateException e) {
                    caught[0] = e;
                }
                try {
                    loop.runSync(() -> {
                        innerRan[0] = true;
                        return Future.succeeded(loop, 1);
                    }, Duration.ofSeconds(1));
                } catch (IllegalStateException e) {
                    caught[1] = e;
                }
                return TestLoops.turns(loop, 3);
            });
            assertThat(caught[0]).hasMessageContaining("re-entered");
            assertThat(caught[1]).hasMessageContaining("re-entered");
            assertThat(innerRan[0]).isFalse();
            assertThat(loop.stats().timersPending()).isZero();
        }
    }

    @Test
    void runningOnTwoThreadsOrTwoLoopsOnOneThreadIsRefused() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop"); IOLoop other = new IOLoop()) {
            assertThatThrownBy(bg.loop()::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running on thread background-loop");
            AtomicReference<Throwable> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            bg.loop().addCallback(() -> {
                try {
                    other.run();
                } catch (Throwable t) {
                    error.set(t);
                }
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(error.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another IOLoop ('background-loop')");
        }
    }

    @Test
    void aClosedLoopCannotRun() {
        IOLoop loop = new IOLoop();
        loop.close();
        loop.close();       // twice is fine
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(loop::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void currentIsTheLoopOfTheCallingThreadOnlyWhileItRuns() {
        try (IOLoop loop = new IOLoop()) {
            assertThat(IOLoop.currentOrNull()).isNull();
            assertThatThrownBy(IOLoop::current).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no IOLoop is running");
            IOLoop seen = sync(loop, () -> Future.succeeded(loop, IOLoop.current()));
            assertThat(seen).isSameAs(loop);
            assertThat(IOLoop.currentOrNull()).isNull();
            assertThat(loop.isRunning()).isFalse();
        }
    }

    @Test
    void stopBeforeRunReturnsAfterOneIteration() {
        try (IOLoop loop = new IOLoop()) {
            boolean[] ran = {false};
            loop.addCallback(() -> ran[0] = true);
            loop.stop();
            loop.run();
            assertThat(ran[0]).isTrue();
            assertThat(loop.stats().iterations()).isEqualTo(1);
        }
    }

    @Test
    void stopFromACallbackEndsRunAndTheLoopCanRunAgain() {
        try (IOLoop loop = new IOLoop()) {
            loop.addCallback(loop::stop);
            loop.run();
            assertThat(sync(loop, () -> Future.succeeded(loop, "again"))).isEqualTo("again");
        }
    }

    @Test
    void timeReadsTheLoopsClock() {
        ManualClock clock = new ManualClock(42);
        try (IOLoop loop = TestLoops.manual(clock)) {
            assertThat(loop.time()).isEqualTo(42);
            clock.advance(Duration.ofNanos(8));
            assertThat(loop.time()).isEqualTo(50);
            assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void loopOnlyApisExplainWhereTheyMustBeCalled() {
        try (IOLoop loop = new IOLoop()) {
            assertThatThrownBy(() -> loop.checkLoopThread("Thing.op"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Thing.op must be called on the loop thread").hasMessageContaining("not running");
            assertThatThrownBy(loop::readBuffer).isInstanceOf(IllegalStateException.class);
            assertThat(sync(loop, () -> Future.succeeded(loop, loop.readBuffer().capacity()))).isEqualTo(64 * 1024);
        }
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void callbacksRunInTheOrderTheyWereAdded() {
        try (IOLoop loop = new IOLoop()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.addCallback(() -> order.add(n));      // before run: from "another" thread
            }
            sync(loop, () -> {
                for (int i = 100; i < 200; i++) {
                    int n = i;
                    loop.execute(() -> order.add(n));      // on the loop thread, via Executor
                }
                return TestLoops.turns(loop, 2);
            });
            assertThat(order).hasSize(200).isSorted();
        }
    }

    @Test
    void callbacksAddedDuringAnIterationRunInTheNextOne() {
        try (IOLoop loop = new IOLoop()) {
            long[] iterations = new long[3];
            sync(loop, () -> {
                Promise<Void> done = new Promise<>(loop);
                loop.addCallback(() -> {
                    iterations[0] = loop.stats().iterations();
                    loop.addCallback(() -> {
                        iterations[1] = loop.stats().iterations();
                        done.complete(null);
                    });
                });
                loop.addCallback(() -> iterations[2] = loop.stats().iterations());
                return done;
            });
            assertThat(iterations[2]).isEqualTo(iterations[0]);      // queued together: same turn
            assertThat(iterations[1]).isEqualTo(iterations[0] + 1);  // queued by a callback: next turn
        }
    }

    @Test
    void aCallbackThatRequeuesItselfDoesNotStarveTimers() {
        try (IOLoop loop = new IOLoop()) {
            int[] spins = {0};
            String s = sync(loop, () -> {
                Runnable[] spin = new Runnable[1];
                spin[0] = () -> {
                    spins[0]++;
                    loop.addCallback(spin[0]);
                };
                loop.addCallback(spin[0]);
                Promise<String> p = new Promise<>(loop);
                loop.callLater(Duration.ZERO, () -> p.complete("timer ran"));
                return p;
            });
            assertThat(s).isEqualTo("timer ran");
            assertThat(spins[0]).isBetween(1, 3);
        }
    }

    @Test
    void aCallbackFromAnotherThreadWakesASleepingLoop() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            awaitAsleep(bg.loop());
            long before = bg.loop().wakeups();
            CountDownLatch ran = new CountDownLatch(1);
            bg.loop().addCallback(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(bg.loop().wakeups()).isEqualTo(before + 1);
        }
    }

    @Test
    void aBusyLoopIsNotWokenAndEveryCrossThreadCallbackRuns() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            bg.loop().addCallback(() -> {
                busy.countDown();
                await(release);                 // the loop is busy (not in select) until released
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            long wakeupsBefore = bg.loop().wakeups();

            int producers = 4;
            int perProducer = 10_000;
            int[] counts = new int[producers];          // written on the loop thread only
            boolean[] outOfOrder = {false};
            CountDownLatch allRan = new CountDownLatch(producers);
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads[p] = new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        int expected = i;
                        bg.loop().addCallback(() -> {
                            if (counts[id] != expected) {
                                outOfOrder[0] = true;
                            }
                            if (++counts[id] == perProducer) {
                                allRan.countDown();
                            }
                        });
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(bg.loop().wakeups()).as("no wakeup() while the loop was busy").isEqualTo(wakeupsBefore);
            release.countDown();
            assertThat(allRan.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(outOfOrder[0]).as("each producer's callbacks ran in its order").isFalse();
        }
    }

    @Test
    void callbacksAddedAfterCloseAreRejected() throws Exception {
        IOLoop loop = new IOLoop();
        AtomicReference<Throwable> onLoop = new AtomicReference<>();
        loop.addCallback(() -> {
            loop.close();
            try {
                loop.addCallback(() -> { });
            } catch (Throwable t) {
                onLoop.set(t);
            }
        });
        loop.run();     // close() stops it
        assertThat(onLoop.get()).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> loop.addCallback(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> { })).isInstanceOf(RejectedExecutionException.class);
        Promise<String> p = new Promise<>(loop);
        p.complete("after close");          // completing still works; its delivery is dropped
        assertThat(p.join()).isEqualTo("after close");
        assertThat(p.addDoneCallback(f -> { })).as("a done-callback is dropped like the delivery").isSameAs(p);
    }

    @Test
    void closingARunningLoopFromAnotherThreadStopsIt() throws Exception {
        LoopOnThread bg = LoopOnThread.start("background-loop");
        bg.close();     // asserts the thread ended
        assertThat(bg.loop().isRunning()).isFalse();
        assertThat(bg.loop().isClosed()).isTrue();
    }

    @Test
    void aThrowingCallbackIsLoggedWithItsStackAndTheLoopCarriesOn() {
        try (IOLoop loop = new IOLoop(); LogRecorder log = LogRecorder.of(loop)) {
            RuntimeException boom = new RuntimeException("boom");
            String s = sync(loop, () -> {
                loop.addCallback(() -> {
                    throw boom;
                });
                Promise<String> p = new Promise<>(loop);
                loop.addCallback(() -> p.complete("still running"));
                return p;
            });
            assertThat(s).isEqualTo("still running");
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0).getThrown()).isSameAs(boom);
        }
    }

    @Test
    void nullCallbacksAreRefused() {
        try (IOLoop loop = new IOLoop()) {
            assertThatThrownBy(() -> loop.addCallback(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> loop.callLater(Duration.ZERO, null)).isInstanceOf(NullPointerException.class);
        }
    }

    // ------------------------------------------------------------------ stats

    @Test
    void statsCountWhatTheLoopDid() {
        ManualClock clock = new ManualClock();
        try (IOLoop loop = TestLoops.manual(clock)) {
            sync(loop, () -> {
                loop.callLater(Duration.ofMillis(10), () -> { });
                loop.callLater(Duration.ofHours(1), () -> { });
                clock.advance(Duration.ofMillis(17));       // the first timer runs 7 ms late
                return TestLoops.turns(loop, 3);
            });
            LoopStats stats = loop.stats();
            assertThat(stats.timersRun()).isEqualTo(1);
            assertThat(stats.timersPending()).isEqualTo(1);
            assertThat(stats.worstTimerLagNanos()).isEqualTo(Duration.ofMillis(7).toNanos());
            assertThat(stats.iterations()).isGreaterThanOrEqualTo(4);
            assertThat(stats.callbacksRun()).isGreaterThanOrEqualTo(4);     // task, 3 turns, deliveries
            assertThat(stats.busyNanos()).isPositive();
            assertThat(stats.selectNanos()).isPositive();
            assertThat(stats.ioEvents()).isZero();
            assertThat(stats.timerLag().count()).isEqualTo(1);
            assertThat(stats.timerLag().sumNanos()).isEqualTo(Duration.ofMillis(7).toNanos());
            assertThat(stats.timerLag().percentileNanos(0.99)).isEqualTo(1L << 23);   // 7 ms is below 2^23 ns
            assertThat(stats.iterationBusy().count()).isEqualTo(stats.iterations());
            assertThat(stats.blockedEpisodes()).isZero();
        }
    }

    @Test
    void statsTellHowManyCallbacksWait() throws Exception {
        try (IOLoop loop = TestLoops.manual(new ManualClock())) {
            int pending = sync(loop, () -> {
                for (int i = 0; i < 3; i++) {
                    loop.addCallback(() -> { });
                }
                Thread other = new Thread(() -> loop.addCallback(() -> { }));
                other.start();
                try {
                    other.join(5_000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return Future.succeeded(loop, loop.stats().callbacksPending());
            });
            assertThat(pending).as("three from the loop thread, one in the inbox").isEqualTo(4);
            assertThat(loop.stats().callbacksPending()).isZero();
        }
    }

    @Test
    void toStringSaysWhatTheLoopIsDoing() {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("api"));
        assertThat(loop.name()).isEqualTo("api");
        assertThat(loop).hasToString("IOLoop[api]");
        loop.close();
        assertThat(loop).hasToString("IOLoop[api, closed]");
    }

    @Test
    void loopOptionsRefuseNonsense() {
        assertThatThrownBy(() -> LoopOptions.defaults().withBlockingThreshold(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopOptions.defaults().withName(null)).isInstanceOf(NullPointerException.class);
        assertThat(LoopOptions.defaults().blockingThreshold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(LoopOptions.defaults().name()).isEqualTo("eddy-loop");
    }

    @Test
    void afterABurstFromAnotherThreadTheLoopComesRoundOnceMoreBeforeItSleeps() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            long[] iteration = new long[2];
            for (int round = 0; round < 2; round++) {
                int handedOver = round == 0 ? CallbackQueue.FEW_HANDED_OVER + 1 : 1;   // a burst, then a lone one
                awaitAsleep(bg.loop());
                CountDownLatch busy = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                bg.loop().addCallback(() -> {
                    busy.countDown();
                    await(release);         // so that what follows arrives as one batch
                });
                assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
                long[] ranIn = {-1};
                for (int i = 0; i < handedOver; i++) {
                    bg.loop().addCallback(() -> ranIn[0] = bg.loop().stats().iterations());
                }
                long wakeups = bg.loop().wakeups();
                release.countDown();
                awaitAsleep(bg.loop());
                // iterations() counts finished iterations; the loop now sleeps in a later one
                iteration[round] = bg.loop().stats().iterations() - ranIn[0];
                assertThat(bg.loop().wakeups()).as("nobody had to wake it").isEqualTo(wakeups);
            }
            assertThat(iteration[0]).as("after a burst: one more iteration, whose select did not wait").isEqualTo(1);
            assertThat(iteration[1]).as("after a lone hand-over: asleep in the same iteration").isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits (spinning, with a deadline) until the loop has published that it sleeps: from
     * then on a producer must wake it (before that, its re-check would find the callback).
     */
    static void awaitAsleep(IOLoop loop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!loop.isAsleep()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the loop never went to sleep");
            }
            Thread.onSpinWait();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
