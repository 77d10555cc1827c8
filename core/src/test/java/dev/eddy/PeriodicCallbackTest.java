package dev.eddy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PeriodicCallback on a {@link ManualClock}: every run time below is exact. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class PeriodicCallbackTest {

    private static final Duration PERIOD = Duration.ofMillis(100);
    private static final long P = PERIOD.toNanos();

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = TestLoops.manual(clock);

    /** Moves the clock by {@code d} and lets the loop run what became due. */
    private Future<Void> advance(Duration d) {
        clock.advance(d);
        return TestLoops.turns(loop, 2);
    }

    @Test
    void periodIsStartToStartEvenWhenTheTaskTakesTime() {
        List<Long> starts = new ArrayList<>();
        long t0 = clock.nanoTime();
        sync(loop, () -> {
            PeriodicCallback pc = PeriodicCallback.of(loop, PERIOD, () -> {
                starts.add(loop.time());
                clock.advance(Duration.ofMillis(30));          // the task "works" 30 ms
            });
            pc.start();
            assertThat(pc.isRunning()).isTrue();
            return advance(PERIOD)
                    .flatMap(v -> advance(Duration.ofMillis(70)))
                    .flatMap(v -> advance(Duration.ofMillis(70)))
                    .map(v -> {
                        pc.stop();
                        return v;
                    });
        });
        assertThat(starts).containsExactly(t0 + P, t0 + 2 * P, t0 + 3 * P);
        loop.close();
    }

    @Test
    void missedCyclesAreSkippedNotRunInABurst() {
        List<Long> starts = new ArrayList<>();
        long t0 = clock.nanoTime();
        sync(loop, () -> {
            PeriodicCallback pc = PeriodicCallback.of(loop, PERIOD, () -> starts.add(loop.time()));
            pc.start();
            return advance(Duration.ofMillis(350))             // 3.5 periods late
                    .map(v -> {
                        assertThat(starts).hasSize(1);
                        assertThat(pc.nextRunNanos()).isEqualTo(t0 + 4 * P);   // next point on the schedule
                        return v;
                    })
                    .flatMap(v -> advance(Duration.ofMillis(50)))
                    .map(v -> {
                        pc.stop();
                        return v;
                    });
        });
        assertThat(starts).containsExactly(t0 + 350_000_000L, t0 + 4 * P);
        loop.close();
    }

    @Test
    void theNextRunWaitsForTheFutureTheTaskReturned() {
        List<Long> starts = new ArrayList<>();
        List<Promise<Void>> runs = new ArrayList<>();
        long t0 = clock.nanoTime();
        sync(loop, () -> {
            PeriodicCallback pc = new PeriodicCallback(loop, PERIOD, 0, () -> {
                starts.add(loop.time());
                Promise<Void> p = new Promise<>(loop);
                runs.add(p);
                return p;
            });
            pc.start();
            return advance(PERIOD)
                    .flatMap(v -> advance(Duration.ofMillis(250)))  // the first run is still busy
                    .map(v -> {
                        assertThat(starts).hasSize(1);
                        runs.get(0).complete(null);                  // now at t0 + 350 ms
                        return v;
                    })
                    .flatMap(v -> TestLoops.turns(loop, 2))
                    .map(v -> {
                        assertThat(starts).hasSize(1);              // not at once: at t0 + 400 ms
                        return v;
                    })
                    .flatMap(v -> advance(Duration.ofMillis(50)))
                    .map(v -> {
                        pc.stop();
                        return v;
                    });
        });
        assertThat(starts).containsExactly(t0 + P, t0 + 4 * P);
        loop.close();
    }

    @Test
    void jitterKeepsEachPeriodWithinItsBounds() {
        double jitter = 0.5;                        // each period within [75%, 125%]
        List<Long> starts = new ArrayList<>();
        loop.runSync(() -> {     // 5 s of manual time pass: a longer runSync limit
            PeriodicCallback pc = new PeriodicCallback(loop, PERIOD, jitter, () -> {
                starts.add(loop.time());
                return null;
            });
            pc.start();
            Future<Void> chain = Future.succeeded(loop, null);
            for (int i = 0; i < 50; i++) {
                chain = chain.flatMap(v -> {
                    clock.advance(Duration.ofNanos(pc.nextRunNanos() - loop.time()));   // exactly to the next run
                    return TestLoops.turns(loop, 2);
                });
            }
            return chain.map(v -> {
                pc.stop();
                return v;
            });
        }, Duration.ofHours(1));
        assertThat(starts).hasSize(50);
        Set<Long> gaps = new HashSet<>();
        for (int i = 1; i < starts.size(); i++) {
            long gap = starts.get(i) - starts.get(i - 1);
            assertThat(gap).isBetween((long) (P * 0.75), (long) (P * 1.25));
            gaps.add(gap);
        }
        assertThat(gaps).as("jitter actually varies the period").hasSizeGreaterThan(10);
        loop.close();
    }

    @Test
    void stopInsideTheTaskEndsTheScheduleAndRestartingDoesNotDoubleIt() {
        List<Long> starts = new ArrayList<>();
        long t0 = clock.nanoTime();
        PeriodicCallback[] pc = new PeriodicCallback[1];
        sync(loop, () -> {
            pc[0] = PeriodicCallback.of(loop, PERIOD, () -> {
                starts.add(loop.time());
                if (starts.size() == 1) {
                    pc[0].stop();
                    pc[0].start();          // a fresh schedule from now
                }
            });
            pc[0].start();
            return advance(PERIOD)
                    .flatMap(v -> advance(PERIOD))
                    .flatMap(v -> advance(PERIOD))
                    .map(v -> {
                        pc[0].stop();
                        return loop.pendingTimers();
                    })
                    .flatMap(v -> TestLoops.turns(loop, 1));
        });
        assertThat(starts).containsExactly(t0 + P, t0 + 2 * P, t0 + 3 * P);
        assertThat(pc[0].isRunning()).isFalse();
        loop.close();
    }

    @Test
    void aThrowingTaskIsLoggedAndTheScheduleGoesOn() {
        int[] runs = {0};
        try (LogRecorder log = LogRecorder.of(loop)) {
            sync(loop, () -> {
                PeriodicCallback pc = PeriodicCallback.of(loop, PERIOD, () -> {
                    runs[0]++;
                    throw new IllegalStateException("periodic boom");
                });
                pc.start();
                pc.start();             // twice: still one schedule
                return advance(PERIOD).flatMap(v -> advance(PERIOD)).map(v -> {
                    pc.stop();
                    return v;
                });
            });
            assertThat(runs[0]).isEqualTo(2);
            assertThat(log.warnings()).hasSize(2)
                    .allSatisfy(r -> assertThat(r.getThrown()).hasMessage("periodic boom"));
        }
        loop.close();
    }

    @Test
    void aFailedFutureIsLoggedAndTheScheduleGoesOn() {
        int[] runs = {0};
        try (LogRecorder log = LogRecorder.of(loop)) {
            sync(loop, () -> {
                PeriodicCallback pc = new PeriodicCallback(loop, PERIOD, 0, () -> {
                    runs[0]++;
                    Promise<Void> p = new Promise<>(loop);
                    loop.addCallback(() -> p.fail(new IllegalStateException("async boom")));
                    return p;
                });
                pc.start();
                return advance(PERIOD).flatMap(v -> advance(PERIOD)).map(v -> {
                    pc.stop();
                    return v;
                });
            });
            assertThat(runs[0]).isEqualTo(2);
            assertThat(log.warnings()).hasSize(2);
        }
        loop.close();
    }

    @Test
    void argumentsAndThreadsAreChecked() {
        assertThatThrownBy(() -> PeriodicCallback.of(loop, Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> new PeriodicCallback(loop, PERIOD, 1.0, () -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new PeriodicCallback(loop, PERIOD, -0.1, () -> null))
                .isInstanceOf(IllegalArgumentException.class);
        PeriodicCallback pc = PeriodicCallback.of(loop, PERIOD, () -> { });
        assertThatThrownBy(pc::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PeriodicCallback.start must be called on the loop thread");
        assertThatThrownBy(pc::stop).isInstanceOf(IllegalStateException.class);
        loop.close();
    }
}
