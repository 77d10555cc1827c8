package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Queue, PriorityQueue and LifoQueue: order, maxsize and waiting putters/getters served in
 * arrival order, timeouts that never enqueue or lose an item, offer/poll errors, taskDone/join.
 */
class QueueTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private static <T> List<T> drain(Queue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.poll());
        }
        return out;
    }

    @Test
    void negativeMaxsizeAndNullItemsAreRefused() {
        assertThatThrownBy(() -> new Queue<>(loop, -1)).isInstanceOf(IllegalArgumentException.class);
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop);
            assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
        });
    }

    @Test
    void theThreeOrders() {
        OnLoop.run(loop, () -> {
            Queue<Integer> fifo = new Queue<>(loop);
            LifoQueue<Integer> lifo = new LifoQueue<>(loop);
            PriorityQueue<Integer> prio = new PriorityQueue<>(loop);
            PriorityQueue<Integer> reversed = new PriorityQueue<>(loop, 0, Comparator.reverseOrder());
            for (int i : new int[]{2, 3, 1}) {
                fifo.offer(i);
                lifo.offer(i);
                prio.offer(i);
                reversed.offer(i);
            }
            assertThat(drain(fifo)).containsExactly(2, 3, 1);
            assertThat(drain(lifo)).containsExactly(1, 3, 2);
            assertThat(drain(prio)).containsExactly(1, 2, 3);
            assertThat(drain(reversed)).containsExactly(3, 2, 1);
        });
    }

    @Test
    void offerOnAFullQueueAndPollOnAnEmptyOneFailClearly() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop, 1);
            assertThatThrownBy(q::poll).isInstanceOf(QueueEmptyException.class).hasMessageContaining("empty");
            q.offer("a");
            assertThat(q.isFull()).isTrue();
            assertThatThrownBy(() -> q.offer("b")).isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("maxsize 1");
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.maxsize()).isEqualTo(1);
        });
    }

    @Test
    void aPutWaitsWhileFullAndGetLetsTheOldestPutterIn() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop, 1);
            assertThat(q.put("a").isSucceeded()).isTrue();
            Future<Void> b = q.put("b");
            Future<Void> c = q.put("c");
            assertThat(b.isDone()).isFalse();
            assertThat(q.get().join()).isEqualTo("a");
            assertThat(b.isSucceeded()).isTrue();
            assertThat(c.isDone()).isFalse();
            assertThat(q.poll()).isEqualTo("b");
            assertThat(c.isSucceeded()).isTrue();
            assertThat(q.poll()).isEqualTo("c");
        });
    }

    @Test
    void aPutHandsItsItemStraightToTheOldestGetter() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop, 1);
            Future<String> first = q.get();
            Future<String> second = q.get();
            q.put("x");
            assertThat(first.getNow()).isEqualTo("x");
            assertThat(second.isDone()).isFalse();
            assertThat(q.size()).isZero();                  // never stored
            q.offer("y");
            assertThat(second.getNow()).isEqualTo("y");
        });
    }

    @Test
    void aTimedOutPutterNeverEnqueuesItsItem() {
        Queue<String>[] q = new Queue[1];
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            q[0] = new Queue<>(loop, 1);
            q[0].offer("kept");
            return q[0].put("dropped", Duration.ofMillis(5));
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("Queue.put timed out");
        OnLoop.run(loop, () -> {
            assertThat(q[0].waitingPutters()).isZero();
            assertThat(q[0].poll()).isEqualTo("kept");
            assertThat(q[0].isEmpty()).isTrue();            // "dropped" did not slip in
            assertThat(q[0].unfinishedTasks()).isEqualTo(1);
        });
    }

    @Test
    void aTimedOutGetterNeverReceivesAnItem() {
        Queue<String>[] q = new Queue[1];
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            q[0] = new Queue<>(loop);
            return q[0].get(Duration.ofMillis(5));
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("Queue.get timed out");
        OnLoop.run(loop, () -> {
            assertThat(q[0].waitingGetters()).isZero();
            q[0].offer("later");
            assertThat(q[0].size()).isEqualTo(1);           // stored, not handed to the dead getter
        });
    }

    @Test
    void aCancelledGetterIsSkipped() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop);
            Future<String> gone = q.get();
            Future<String> next = q.get();
            gone.cancel();
            q.offer("x");
            assertThat(next.getNow()).isEqualTo("x");
        });
    }

    @Test
    void aWaitingPutterOfAPriorityQueueCompetesByPriority() {
        OnLoop.run(loop, () -> {
            PriorityQueue<Integer> q = new PriorityQueue<>(loop, 1, null);
            q.offer(5);
            q.put(1);                                       // waits: full
            assertThat(q.poll()).isEqualTo(1);              // the waiting item is the smallest
            assertThat(q.poll()).isEqualTo(5);
        });
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop);
            assertThat(q.join().isSucceeded()).isTrue();
            q.offer("a");
            q.put("b");
            Future<Void> joined = q.join();
            assertThat(joined.isDone()).isFalse();
            q.poll();
            q.taskDone();
            assertThat(joined.isDone()).isFalse();
            q.poll();
            q.taskDone();
            assertThat(joined.isSucceeded()).isTrue();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("more times than items were put");
        });
    }

    @Test
    void itemsHandedToGettersCountAsUnfinishedTasks() {
        OnLoop.run(loop, () -> {
            Queue<String> q = new Queue<>(loop);
            q.get();
            q.offer("x");
            assertThat(q.unfinishedTasks()).isEqualTo(1);
            assertThat(q.join().isDone()).isFalse();
        });
    }

    @Test
    void joinWithATimeoutFails() {
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            Queue<String> q = new Queue<>(loop);
            q.offer("never done");
            return q.join(Duration.ofMillis(5));
        })).isInstanceOf(TimeoutException.class);
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        Queue<String> q = new Queue<>(loop);
        assertThatThrownBy(q::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("Queue.get");
        assertThatThrownBy(() -> q.put("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("Queue.put");
        assertThatThrownBy(q::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("Queue.poll");
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("Queue.taskDone");
    }
}
