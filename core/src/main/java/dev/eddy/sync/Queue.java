package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in first-out queue between coroutines on one loop, optionally bounded: the tool
 * for producer/consumer pipelines. {@link #get()} waits (in a future) while it is empty,
 * {@link #put} waits while it is full, which is how a fast producer is slowed to the pace
 * of its consumer (back-pressure) instead of filling memory. Tornado's {@code queues.Queue}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Waiting getters and putters are each served in arrival order.</li>
 *   <li>A put with a getter waiting hands the item straight to the oldest getter.</li>
 *   <li>A putter that times out leaves the line and its item is <em>never</em> enqueued;
 *       a getter that times out never receives an item.</li>
 *   <li>{@link #offer}/{@link #poll} never wait: they fail with {@link QueueFullException}
 *       or {@link QueueEmptyException}. Unlike {@code java.util.Queue} they throw instead of
 *       returning false/null, so an item can never be dropped by an unchecked return value.</li>
 *   <li>Every item that was put counts as an unfinished task until a consumer calls
 *       {@link #taskDone()}; {@link #join()} waits until none is unfinished.</li>
 *   <li>Null items are refused (a null would be ambiguous for a reader of the queue).</li>
 * </ul>
 *
 * <p>{@link PriorityQueue} and {@link LifoQueue} are the same queue with another order: this
 * class keeps its items in a {@link java.util.Queue} ({@link ArrayDeque} here) and the
 * subclasses only pass a different one.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise. To feed it from another thread, hand the put to
 * the loop with {@link IOLoop#addCallback}.
 *
 * @param <T> the type of the items
 */
public class Queue<T> {

    private final IOLoop loop;
    private final int maxsize;
    private final java.util.Queue<T> items;
    private final Waiters<T> getters;
    private final Waiters<Void> putters;
    private final Event finished;
    private final Future<Void> done;     // what a put that did not wait returns: shared, already done
    private int unfinishedTasks;

    /** An unbounded queue for the loop running on this thread. */
    public Queue() {
        this(IOLoop.current(), 0);
    }

    /**
     * An unbounded queue.
     *
     * @param loop the loop whose thread uses the queue; waiting putters and getters are completed
     *     there
     */
    public Queue(IOLoop loop) {
        this(loop, 0);
    }

    /**
     * A queue holding at most {@code maxsize} items.
     *
     * @param loop the loop whose thread uses the queue; waiting putters and getters are completed
     *     there
     * @param maxsize the most items it holds; 0 means unbounded
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public Queue(IOLoop loop, int maxsize) {
        this(loop, maxsize, new ArrayDeque<>());
    }

    /** For subclasses: the same queue over another item store (which decides the order). */
    Queue(IOLoop loop, int maxsize, java.util.Queue<T> items) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 = unbounded): " + maxsize);
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.maxsize = maxsize;
        this.items = items;
        this.getters = new Waiters<>(loop, p -> p.tryFail(new TimeoutException("Queue.get timed out")));
        this.putters = new Waiters<>(loop, p -> p.tryFail(new TimeoutException("Queue.put timed out")));
        this.finished = new Event(loop, true);  // no unfinished tasks yet: join() returns at once
        this.done = Future.succeeded(loop, null);
    }

    // ------------------------------------------------------------------ putting

    /**
     * Puts {@code item}, waiting while the queue is full; the future succeeds once it is in.
     *
     * @param item the item to add
     * @return a future completing (with null) once the item is in the queue; cancelling it while it
     *     waits withdraws the item
     */
    public Future<Void> put(T item) {
        return put(item, null);
    }

    /**
     * Puts {@code item}, waiting at most {@code timeout} (null: forever) while the queue is
     * full. On timeout the future fails with {@link TimeoutException} and the item is not
     * enqueued, not then and not later.
     *
     * @param item the item to add
     * @param timeout how long to wait for room, or null to wait forever
     * @return a future completing (with null) once the item is in the queue, or failing with
     *     {@link TimeoutException}
     */
    public Future<Void> put(T item, Duration timeout) {
        loop.checkLoopThread("Queue.put");
        Objects.requireNonNull(item, "a Queue does not hold null items");
        if (tryPut(item)) {
            return done;
        }
        Waiters.Node<Void> n = putters.add(timeout);
        n.item = item;
        return n.promise;
    }

    /**
     * Puts {@code item} without waiting.
     *
     * @param item the item to add
     * @throws QueueFullException if the queue is full (the item was not added)
     */
    public void offer(T item) {
        loop.checkLoopThread("Queue.offer");
        Objects.requireNonNull(item, "a Queue does not hold null items");
        if (!tryPut(item)) {
            throw new QueueFullException("queue full (maxsize " + maxsize + "): item not added");
        }
    }

    /** Hands the item to the oldest getter, or stores it if there is room; false if full. */
    private boolean tryPut(T item) {
        for (Waiters.Node<T> getter; (getter = getters.pollLive()) != null; ) {
            if (getter.promise.tryComplete(item)) {
                taskAdded();
                return true;
            }
        }
        if (isFull()) {
            return false;
        }
        items.add(item);
        taskAdded();
        return true;
    }

    private void taskAdded() {
        unfinishedTasks++;
        if (unfinishedTasks == 1) {
            finished.clear();
        }
    }

    // ------------------------------------------------------------------ getting

    /**
     * A future of the next item, waiting while the queue is empty.
     *
     * @return a future completing with the next item in queue order; cancelling it while it waits
     *     gives up the place in line
     */
    public Future<T> get() {
        return get(null);
    }

    /**
     * A future of the next item, or a {@link TimeoutException} if none arrives within
     * {@code timeout} (null: forever). A timed-out getter never receives an item.
     *
     * @param timeout how long to wait for an item, or null to wait forever
     * @return a future completing with the next item, or failing with {@link TimeoutException}
     */
    public Future<T> get(Duration timeout) {
        loop.checkLoopThread("Queue.get");
        if (!items.isEmpty()) {
            return Future.succeeded(loop, take());
        }
        return getters.add(timeout).promise;
    }

    /**
     * Takes the next item without waiting.
     *
     * @return the next item, removed from the queue
     * @throws QueueEmptyException if the queue is empty
     */
    public T poll() {
        loop.checkLoopThread("Queue.poll");
        if (items.isEmpty()) {
            throw new QueueEmptyException("queue empty");
        }
        return take();
    }

    /**
     * Takes the next item from the store and lets the oldest waiting putter in. The putter's
     * item goes in first (the queue is briefly one over maxsize): in a PriorityQueue the
     * waiting item may be the one that should come out now.
     */
    private T take() {
        for (Waiters.Node<Void> putter; (putter = putters.pollLive()) != null; ) {
            @SuppressWarnings("unchecked")
            T waiting = (T) putter.item;
            putter.item = null;
            if (putter.promise.tryComplete(null)) {
                items.add(waiting);
                taskAdded();
                break;
            }
        }
        return items.remove();
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Says that one item taken from the queue has been fully processed. When every item put
     * so far has been marked done, {@link #join()} futures succeed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        loop.checkLoopThread("Queue.taskDone");
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called more times than items were put");
        }
        if (--unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * A future that succeeds when every item put so far has been marked {@link #taskDone()}.
     *
     * @return a future completing (with null) when no put item is left unfinished; already done if
     *     none is
     */
    public Future<Void> join() {
        return join(null);
    }

    /**
     * Like {@link #join()}, failing with {@link TimeoutException} after {@code timeout}.
     *
     * @param timeout how long to wait, or null to wait forever
     * @return a future completing (with null) when every item is done, or failing with
     *     {@link TimeoutException} when {@code timeout} passes first
     */
    public Future<Void> join(Duration timeout) {
        loop.checkLoopThread("Queue.join");
        return finished.await(timeout);
    }

    // ------------------------------------------------------------------ state

    /**
     * Items in the queue now (not counting items of waiting putters).
     *
     * @return how many items are queued now
     */
    public int size() {
        return items.size();
    }

    /**
     * True when no item is queued.
     *
     * @return whether no item is queued
     */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * True when a put would have to wait: bounded and holding {@code maxsize} items.
     *
     * @return whether a {@link #put} would wait now
     */
    public boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * The bound, 0 for unbounded.
     *
     * @return the most items the queue holds, or 0 when unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Items put and not yet marked {@link #taskDone()}.
     *
     * @return how many items were put and not yet marked done
     */
    public int unfinishedTasks() {
        return unfinishedTasks;
    }

    /** Getters waiting (cancelled ones not yet swept included). Loop thread. */
    int waitingGetters() {
        return getters.size();
    }

    /** Putters waiting (cancelled ones not yet swept included). Loop thread. */
    int waitingPutters() {
        return putters.size();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + items.size() + ", maxsize=" + maxsize
                + ", getters=" + getters.size() + ", putters=" + putters.size()
                + ", unfinished=" + unfinishedTasks + "]";
    }
}
