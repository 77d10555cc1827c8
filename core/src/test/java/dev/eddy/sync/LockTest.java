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
 * Lock: FIFO hand-over (no barging), timeouts, releasing an unlocked lock, the try-with-
 * resources form, loop-thread checks.
 */
class LockTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aFreeLockIsAcquiredAtOnce() {
        OnLoop.run(loop, () -> {
            Lock lock = new Lock(loop);
            Future<Permit> f = lock.acquire();
            assertThat(f.isSucceeded()).isTrue();
            assertThat(lock.isLocked()).isTrue();
            lock.release();
            assertThat(lock.isLocked()).isFalse();
        });
    }

    @Test
    void waitersAreServedInArrivalOrder() {
        List<Integer> order = new ArrayList<>();
        OnLoop.await(loop, () -> {
            Lock lock = new Lock(loop);
            lock.acquire();
            List<Future<Permit>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int id = i;
                all.add(lock.acquire().map(permit -> {
                    order.add(id);
                    permit.close();
                    return permit;
                }));
            }
            lock.release();
            return all.get(4);
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void releaseHandsTheLockToTheOldestWaiterSoANewcomerCannotJumpTheQueue() {
        OnLoop.run(loop, () -> {
            Lock lock = new Lock(loop);
            Permit first = lock.acquire().join();
            Future<Permit> waiter = lock.acquire();
            first.close();
            assertThat(waiter.isSucceeded()).isTrue();      // handed over inside release()
            assertThat(lock.isLocked()).isTrue();           // never free in between
            Future<Permit> newcomer = lock.acquire();
            assertThat(newcomer.isDone()).isFalse();
            waiter.join().close();
            assertThat(newcomer.isSucceeded()).isTrue();
        });
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        OnLoop.run(loop, () -> assertThatThrownBy(() -> new Lock(loop).release())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unlocked"));
    }

    @Test
    void aPermitReleasesOnlyOnceSoADoubleCloseCannotStealTheNextHoldersLock() {
        OnLoop.run(loop, () -> {
            Lock lock = new Lock(loop);
            Permit p = lock.acquire().join();
            Future<Permit> next = lock.acquire();
            p.close();
            assertThat(p.isHeld()).isFalse();
            p.close();                                      // no effect
            assertThat(next.isSucceeded()).isTrue();
            assertThat(lock.isLocked()).isTrue();
        });
    }

    @Test
    void tryWithResourcesReleasesOnAnException() {
        Lock[] lock = new Lock[1];
        OnLoop.run(loop, () -> {
            lock[0] = new Lock(loop);
            assertThatThrownBy(() -> {
                try (Permit held = lock[0].acquire().join()) {
                    assertThat(held.isHeld()).isTrue();
                    throw new IllegalArgumentException("boom in the critical section");
                }
            }).isInstanceOf(IllegalArgumentException.class);
            assertThat(lock[0].isLocked()).isFalse();
        });
    }

    @Test
    void aTimedOutAcquireFailsLeavesTheLineAndNeverGetsTheLock() {
        Lock[] lock = new Lock[1];
        Future<Permit>[] late = new Future[1];
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            lock[0] = new Lock(loop);
            lock[0].acquire();
            late[0] = lock[0].acquire(Duration.ofMillis(5));
            return late[0];
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("Lock.acquire timed out");
        OnLoop.run(loop, () -> {
            assertThat(lock[0].waiting()).isZero();
            lock[0].release();
            assertThat(lock[0].isLocked()).isFalse();       // nobody was handed the lock
        });
    }

    @Test
    void aCancelledWaiterIsSkipped() {
        OnLoop.run(loop, () -> {
            Lock lock = new Lock(loop);
            lock.acquire();
            Future<Permit> cancelled = lock.acquire();
            Future<Permit> next = lock.acquire();
            cancelled.cancel();
            lock.release();
            assertThat(next.isSucceeded()).isTrue();
        });
    }

    @Test
    void cancelledWaitersDoNotAccumulate() {
        OnLoop.run(loop, () -> {
            Lock lock = new Lock(loop);
            lock.acquire();
            for (int i = 0; i < 10_000; i++) {
                lock.acquire().cancel();
            }
            assertThat(lock.waiting()).isLessThan(200);     // swept as the line grows
        });
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        Lock lock = new Lock(loop);
        assertThatThrownBy(lock::acquire).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.acquire must be called on the loop thread");
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.release");
    }
}
