package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.gen.Coroutine.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The primitives as coroutines use them: try-with-resources locks, queues between coroutines. */
class SyncInCoroutinesTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** read, await something slow, write: the classic lost update, unless a lock holds across the await. */
    private Future<Void> increment(int[] balance, Lock lock, boolean locked, List<String> log, String who) {
        return Coroutine.async(loop, () -> {
            if (locked) {
                try (Permit held = await(lock.acquire())) {
                    log.add(who + " in");
                    int read = balance[0];
                    Coroutine.moment();                         // the other coroutine runs here
                    balance[0] = read + 1;
                    log.add(who + " out");
                }
            } else {
                int read = balance[0];
                Coroutine.moment();
                balance[0] = read + 1;
            }
            return null;
        });
    }

    @Test
    void withoutTheLockAnUpdateIsLostWithItNone() {
        int[] unlocked = {0};
        int[] locked = {0};
        List<String> log = new ArrayList<>();
        loop.runSync(() -> {
            Lock lock = new Lock(loop);
            List<Future<Void>> all = new ArrayList<>();
            for (String who : List.of("a", "b", "c")) {
                all.add(increment(unlocked, lock, false, log, who));
                all.add(increment(locked, lock, true, log, who));
            }
            return Futures.all(all);
        }, OnLoop.DEADLINE);
        assertThat(unlocked[0]).isLessThan(3);                  // interleaved: updates lost
        assertThat(locked[0]).isEqualTo(3);
        assertThat(log).containsExactly("a in", "a out", "b in", "b out", "c in", "c out");
    }

    @Test
    void anExceptionInsideTheTryReleasesTheLock() {
        Lock[] lock = new Lock[1];
        String r = loop.runSync(() -> {
            lock[0] = new Lock(loop);
            Future<Void> failing = Coroutine.async(loop, () -> {
                try (Permit held = await(lock[0].acquire())) {
                    Coroutine.moment();
                    throw new IllegalStateException("boom");
                }
            });
            Future<String> next = Coroutine.async(loop, () -> {
                try (Permit held = await(lock[0].acquire(Duration.ofSeconds(5)))) {
                    return "got it after " + failing.cause().getMessage();
                }
            });
            return next;
        }, OnLoop.DEADLINE);
        assertThat(r).isEqualTo("got it after boom");
        assertThat(lock[0].isLocked()).isFalse();
    }

    @Test
    void aProducerIsPacedByABoundedQueueAndJoinWaitsForTheConsumer() {
        List<String> log = new ArrayList<>();
        loop.runSync(() -> {
            Queue<Integer> q = new Queue<>(loop, 2);
            Coroutine.async(loop, () -> {
                for (int i = 0; i < 5; i++) {
                    await(q.put(i));
                    log.add("put " + i);
                }
                return null;
            });
            Coroutine.async(loop, () -> {
                while (true) {
                    int item = await(q.get());
                    log.add("got " + item);
                    Coroutine.moment();
                    q.taskDone();
                }
            });
            return q.join();
        }, OnLoop.DEADLINE);
        assertThat(log).filteredOn(s -> s.startsWith("got")).containsExactly("got 0", "got 1", "got 2", "got 3", "got 4");
        // the producer could never run more than maxsize (2) items ahead of the consumer
        int ahead = 0;
        int most = 0;
        for (String s : log) {
            ahead += s.startsWith("put") ? 1 : -1;
            most = Math.max(most, ahead);
        }
        assertThat(most).isLessThanOrEqualTo(3);                // 2 in the queue + 1 handed straight over
    }

    @Test
    void aConditionWaitInACoroutineTimesOutToFalse() {
        boolean notified = loop.runSync(() -> Coroutine.async(loop,
                () -> await(new Condition(loop).await(Duration.ofMillis(10)))), OnLoop.DEADLINE);
        assertThat(notified).isFalse();
    }
}
