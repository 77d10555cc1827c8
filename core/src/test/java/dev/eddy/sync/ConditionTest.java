package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Condition: notify(n) wakes the n oldest still-waiting waiters, timed-out waits resolve false
 * and leave nothing behind.
 */
class ConditionTest {

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = new IOLoop(LoopOptions.defaults().withClock(clock));

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void signalWakesTheOldestWaitersWithTrue() {
        OnLoop.run(loop, () -> {
            Condition c = new Condition(loop);
            List<Future<Boolean>> w = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                w.add(c.await());
            }
            assertThat(c.signal(2)).isEqualTo(2);
            assertThat(w.get(0).getNow()).isTrue();
            assertThat(w.get(1).getNow()).isTrue();
            assertThat(w.get(2).isDone()).isFalse();
            c.signal();
            assertThat(w.get(2).getNow()).isTrue();
            assertThat(c.signalAll()).isEqualTo(1);
            assertThat(w.get(3).getNow()).isTrue();
            assertThat(c.signal(5)).isZero();               // nobody waiting: the signal is lost
        });
    }

    @Test
    void aTimedAwaitResolvesToFalseAndSignalSkipsTimedOutWaiters() {
        Condition[] c = new Condition[1];
        List<Future<Boolean>> w = new ArrayList<>();
        boolean timedOut = OnLoop.await(loop, () -> {
            c[0] = new Condition(loop);
            w.add(c[0].await(Duration.ofSeconds(1)));      // oldest, will time out
            w.add(c[0].await());
            w.add(c[0].await(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(2));
            return w.get(0);
        });
        assertThat(timedOut).isFalse();
        OnLoop.run(loop, () -> {
            assertThat(c[0].waiting()).isEqualTo(2);
            assertThat(c[0].signal(1)).isEqualTo(1);
            assertThat(w.get(1).getNow()).isTrue();         // the timed-out one did not count
            assertThat(w.get(2).isDone()).isFalse();
        });
    }

    @Test
    void tenThousandTimedOutWaitsLeaveTheWaiterListEmpty() {
        Condition[] c = new Condition[1];
        List<Boolean> results = OnLoop.await(loop, () -> {
            c[0] = new Condition(loop);
            List<Future<Boolean>> waits = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                waits.add(c[0].await(Duration.ofMillis(1 + i % 7)));
            }
            assertThat(c[0].waiting()).isEqualTo(10_000);
            clock.advance(Duration.ofMillis(10));
            return Futures.all(waits);
        });
        assertThat(results).hasSize(10_000).containsOnly(false);
        assertThat(c[0].waiting()).isZero();
    }

    @Test
    void negativeSignalCountIsRefused() {
        OnLoop.run(loop, () -> assertThatThrownBy(() -> new Condition(loop).signal(-1))
                .isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        Condition c = new Condition(loop);
        assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("Condition.await");
        assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class).hasMessageContaining("Condition.signal");
    }
}
