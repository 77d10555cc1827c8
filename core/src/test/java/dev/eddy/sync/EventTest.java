package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event: set releases every waiter and is idempotent, clear resets, waiting on a set event is
 * already done.
 */
class EventTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void setReleasesEveryWaiterAndIsIdempotent() {
        OnLoop.run(loop, () -> {
            Event e = new Event(loop);
            List<Future<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(e.await());
            }
            assertThat(waiters).noneMatch(Future::isDone);
            e.set();
            assertThat(waiters).allMatch(Future::isSucceeded);
            assertThat(e.isSet()).isTrue();
            e.set();
            assertThat(e.isSet()).isTrue();
            assertThat(e.waiting()).isZero();
        });
    }

    @Test
    void awaitingASetEventIsAlreadyDoneAndClearResets() {
        OnLoop.run(loop, () -> {
            Event e = new Event(loop);
            e.set();
            assertThat(e.await().isSucceeded()).isTrue();
            e.clear();
            assertThat(e.isSet()).isFalse();
            Future<Void> w = e.await();
            assertThat(w.isDone()).isFalse();
            e.set();
            assertThat(w.isSucceeded()).isTrue();
        });
    }

    @Test
    void aTimedAwaitFailsWithTimeoutAndLeavesTheLine() {
        Event[] e = new Event[1];
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            e[0] = new Event(loop);
            return e[0].await(Duration.ofMillis(5));
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("Event.await timed out");
        OnLoop.run(loop, () -> assertThat(e[0].waiting()).isZero());
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        Event e = new Event(loop);
        assertThatThrownBy(e::set).isInstanceOf(IllegalStateException.class).hasMessageContaining("Event.set");
        assertThatThrownBy(e::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("Event.await");
        assertThatThrownBy(e::clear).isInstanceOf(IllegalStateException.class).hasMessageContaining("Event.clear");
    }
}
