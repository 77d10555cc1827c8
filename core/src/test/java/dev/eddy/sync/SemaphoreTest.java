package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Semaphore and BoundedSemaphore: FIFO hand-over of permits, timeouts, over-release and argument errors. */
class SemaphoreTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void negativePermitsAreRefused() {
        assertThatThrownBy(() -> new Semaphore(loop, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new BoundedSemaphore(loop, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permitsRunOutThenReleaseHandsOneToTheOldestWaiter() {
        OnLoop.run(loop, () -> {
            Semaphore s = new Semaphore(loop, 2);
            assertThat(s.acquire().isSucceeded()).isTrue();
            assertThat(s.acquire().isSucceeded()).isTrue();
            assertThat(s.available()).isZero();
            Future<Permit> first = s.acquire();
            Future<Permit> second = s.acquire();
            assertThat(first.isDone()).isFalse();
            s.release();
            assertThat(first.isSucceeded()).isTrue();
            assertThat(second.isDone()).isFalse();
            assertThat(s.available()).isZero();             // handed over, not counted
            Future<Permit> newcomer = s.acquire();
            assertThat(newcomer.isDone()).isFalse();        // cannot jump ahead of `second`
            s.release();
            assertThat(second.isSucceeded()).isTrue();
            assertThat(newcomer.isDone()).isFalse();
        });
    }

    @Test
    void aPlainSemaphoreMayBeReleasedBeyondItsStart() {
        OnLoop.run(loop, () -> {
            Semaphore s = new Semaphore(loop, 1);
            s.release();
            assertThat(s.available()).isEqualTo(2);
        });
    }

    @Test
    void aBoundedSemaphoreRefusesOneReleaseTooMany() {
        OnLoop.run(loop, () -> {
            BoundedSemaphore s = new BoundedSemaphore(loop, 2);
            Permit p = s.acquire().join();
            p.close();
            assertThat(s.available()).isEqualTo(2);
            assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released too many times");
            assertThat(s.available()).isEqualTo(2);
            assertThat(s.bound()).isEqualTo(2);
        });
    }

    @Test
    void aTimedOutAcquireFailsAndLeavesNothingBehind() {
        Semaphore[] s = new Semaphore[1];
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            s[0] = new Semaphore(loop, 0);
            return s[0].acquire(Duration.ofMillis(5));
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("Semaphore.acquire timed out");
        OnLoop.run(loop, () -> {
            assertThat(s[0].waiting()).isZero();
            s[0].release();
            assertThat(s[0].available()).isEqualTo(1);
        });
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        BoundedSemaphore s = new BoundedSemaphore(loop, 1);
        assertThatThrownBy(s::acquire).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedSemaphore.acquire must be called on the loop thread");
    }
}
