package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;

/** Timers on a {@link ManualClock}: time moves only when the test says so. */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TimerTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aTimerRunsWhenItsDeadlineIsReachedAndNotBefore() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            List<String> log = new ArrayList<>();
            sync(loop, () -> {
                Timeout t = loop.callLater(Duration.ofMillis(10), () -> log.add("fired at " + loop.time()));
                assertThat(t.deadline()).isEqualTo(loop.time() + 10_000_000);
                clock.advance(Duration.ofMillis(9));
                return TestLoops.turns(loop, 3).map(v -> {
                    log.add("still waiting");
                    clock.advance(Duration.ofMillis(1));
                    return v;
                }).flatMap(v -> TestLoops.turns(loop, 2));
            });
            assertThat(log).containsExactly("still waiting", "fired at " + (1_000_000_000L + 10_000_000));
        }
    }

    @Test
    void callAtUsesAnAbsoluteDeadline() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            boolean[] fired = {false};
            sync(loop, () -> {
                Timeout t = loop.callAt(loop.time() + 5, () -> fired[0] = true);
                clock.advance(Duration.ofNanos(5));
                return TestLoops.turns(loop, 2).map(v -> t);
            });
            assertThat(fired[0]).isTrue();
        }
    }

    @Test
    void timersWithEqualDeadlinesRunInTheOrderTheyWereAdded() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            List<Integer> order = new ArrayList<>();
            sync(loop, () -> {
                long deadline = loop.time() + 1000;
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    loop.callAt(deadline, () -> order.add(n));
                }
                clock.advance(Duration.ofNanos(1000));
                return TestLoops.turns(loop, 2);
            });
            assertThat(order).hasSize(200).isSorted();
        }
    }

    @Test
    void timersRunInDeadlineOrderThenInsertionOrder() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            record Fired(long deadline, int seq) { }
            List<Fired> order = new ArrayList<>();
            Random random = new Random(7);
            sync(loop, () -> {
                long base = loop.time();
                for (int i = 0; i < 2000; i++) {
                    long deadline = base + random.nextInt(50);
                    int seq = i;
                    loop.callAt(deadline, () -> order.add(new Fired(deadline, seq)));
                }
                clock.advance(Duration.ofNanos(50));
                return TestLoops.turns(loop, 2);
            });
            assertThat(order).hasSize(2000).isSortedAccordingTo((a, b) -> a.deadline != b.deadline
                    ? Long.compare(a.deadline, b.deadline) : Integer.compare(a.seq, b.seq));
        }
    }

    @Test
    void cancelBeforeItFiresStopsIt() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            boolean[] fired = {false};
            Timeout t = sync(loop, () -> {
                Timeout timer = loop.callLater(Duration.ofMillis(1), () -> fired[0] = true);
                assertThat(timer.cancel()).isTrue();
                assertThat(timer.cancel()).isFalse();       // twice: nothing more to do
                clock.advance(Duration.ofMillis(5));
                return TestLoops.turns(loop, 2).map(v -> timer);
            });
            assertThat(fired[0]).isFalse();
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.hasFired()).isFalse();
            assertThat(t.toString()).contains("cancelled");
            assertThat(loop.pendingTimers()).isZero();
        }
    }

    @Test
    void cancelAfterItFiredIsANoOp() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            int[] fired = {0};
            Timeout t = sync(loop, () -> {
                Timeout timer = loop.callLater(Duration.ofMillis(1), () -> fired[0]++);
                clock.advance(Duration.ofMillis(1));
                return TestLoops.turns(loop, 2).map(v -> timer);
            });
            assertThat(t.hasFired()).isTrue();
            assertThat((boolean) sync(loop, () -> Future.succeeded(loop, t.cancel()))).isFalse();
            assertThat(t.cancel()).as("from another thread too").isFalse();
            assertThat(t.isCancelled()).isFalse();
            assertThat(fired[0]).isEqualTo(1);
        }
    }

    @Test
    void aDueTimerCancelledByAnEarlierDueTimerDoesNotRun() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            List<String> ran = new ArrayList<>();
            sync(loop, () -> {
                Timeout[] second = new Timeout[1];
                loop.callLater(Duration.ofMillis(1), () -> {
                    ran.add("first");
                    assertThat(second[0].cancel()).isTrue();
                });
                second[0] = loop.callLater(Duration.ofMillis(2), () -> ran.add("second"));
                loop.callLater(Duration.ofMillis(3), () -> ran.add("third"));
                clock.advance(Duration.ofMillis(3));            // all three are due in one iteration
                return TestLoops.turns(loop, 2);
            });
            assertThat(ran).containsExactly("first", "third");
        }
    }

    @Test
    void timersCanBeScheduledAndCancelledFromAnotherThread() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            CountDownLatch fired = new CountDownLatch(1);
            boolean[] cancelledRan = {false};
            // an hour ahead: on a loaded machine a 1 ms timer could fire before the cancel reaches the loop
            Timeout cancelled = bg.loop().callLater(Duration.ofHours(1), () -> cancelledRan[0] = true);
            assertThat(cancelled.cancel()).isTrue();
            bg.loop().callLater(Duration.ofMillis(2), fired::countDown);
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
            int pending = bg.call(bg.loop()::pendingTimers);
            assertThat(cancelledRan[0]).isFalse();
            assertThat(cancelled.isCancelled()).isTrue();
            assertThat(pending).isZero();
        }
    }

    @Test
    void aMillionScheduledAndCancelledTimersLeaveNothingBehind() {
        try (IOLoop loop = TestLoops.manual(clock)) {
            int[] sizes = sync(loop, () -> {
                Runnable noop = () -> { };
                Timeout[] batch = new Timeout[10_000];
                int baseline = loop.pendingTimers();     // runSync's own timeout
                int peak = 0;
                for (int round = 0; round < 100; round++) {
                    for (int i = 0; i < batch.length; i++) {
                        batch[i] = loop.callLater(Duration.ofHours(1), noop);
                    }
                    peak = Math.max(peak, loop.pendingTimers());
                    for (Timeout t : batch) {
                        t.cancel();
                    }
                }
                return Future.succeeded(loop, new int[] {peak - baseline, loop.pendingTimers() - baseline, loop.timerQueueCapacity()});
            });
            assertThat(sizes[0]).isEqualTo(10_000);
            assertThat(sizes[1]).as("heap size back where it started").isZero();
            assertThat(sizes[2]).as("heap array shrinks back").isLessThanOrEqualTo(128);
        }
    }

    @Test
    void aThrowingTimerIsLoggedAndTheLoopCarriesOn() {
        try (IOLoop loop = TestLoops.manual(clock); LogRecorder log = LogRecorder.of(loop)) {
            boolean[] next = {false};
            sync(loop, () -> {
                loop.callLater(Duration.ofMillis(1), () -> {
                    throw new IllegalStateException("timer boom");
                });
                loop.callLater(Duration.ofMillis(1), () -> next[0] = true);
                clock.advance(Duration.ofMillis(1));
                return TestLoops.turns(loop, 2);
            });
            assertThat(next[0]).isTrue();
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("timer boom"));
        }
    }

    @Test
    void theHeapMatchesAReferencePriorityQueueUnderRandomAddsAndRemoves() {
        TimerQueue q = new TimerQueue();
        PriorityQueue<Timeout> reference = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
                ? Long.compare(a.deadline, b.deadline) : Long.compare(a.sequence, b.sequence));
        List<Timeout> live = new ArrayList<>();
        Random random = new Random(42);
        long seq = 0;
        for (int step = 0; step < 50_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                Timeout t = new Timeout(null, random.nextInt(1000), () -> { });
                t.sequence = seq++;
                q.add(t);
                reference.add(t);
                live.add(t);
            } else if (op < 8) {
                Timeout t = live.remove(random.nextInt(live.size()));
                assertThat(q.remove(t)).isTrue();
                assertThat(q.remove(t)).isFalse();
                reference.remove(t);
            } else {
                Timeout t = q.poll();
                assertThat(t).isSameAs(reference.poll());
                live.remove(t);
            }
            assertThat(q.size()).isEqualTo(reference.size());
            assertThat(q.peek()).isSameAs(reference.peek());
        }
    }
}
