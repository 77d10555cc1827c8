package dev.eddy.sync;

import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The line of callers waiting for something (a lock, a permit, an item, a notification):
 * a first-in first-out list of promises, each with an optional timeout. Every primitive in
 * this package is "a little state plus a {@code Waiters}".
 *
 * <p>Why not an {@code ArrayDeque}: a waiter that times out must leave the line at once, from
 * wherever it stands, or a service that waits with timeouts in a loop would pile up dead
 * waiters (10,000 timed-out waits must leave the line empty). So this is a doubly-linked
 * list whose nodes know their neighbours: leaving is O(1). The node is also the timer's task
 * ({@link Node#run()}), so a wait with a timeout allocates one node and one timer, nothing else.
 *
 * <p>A waiter whose future someone cancelled is not unlinked at once (the list cannot hear
 * about a cancel without a done-callback per waiter, which would cost every wait a loop
 * callback); it is skipped by {@link #pollLive()} and swept away when the list has doubled
 * since the last sweep, so cancelled waiters cannot accumulate either.
 *
 * <p>Loop thread only, like everything in this package; the owners check the thread.
 *
 * @param <V> what a waiter's promise is completed with
 */
final class Waiters<V> {

    /** One waiter: its promise, its timer, what it carries (a putter's item), its neighbours. */
    static final class Node<V> implements Runnable {
        final Promise<V> promise;
        Object item;                 // the item a waiting putter wants to enqueue; else null
        Timeout timer;
        Node<V> prev;
        Node<V> next;
        Waiters<V> owner;            // null once the node has left the line

        Node(Promise<V> promise) {
            this.promise = promise;
        }

        /** The timer fired: leave the line, then tell the waiter (the owner decides how). */
        @Override
        public void run() {
            Waiters<V> w = owner;
            if (w != null) {
                w.unlink(this);
                w.onTimeout.accept(promise);
            }
        }
    }

    private static final int MIN_SWEEP = 64;

    private final IOLoop loop;
    private final Consumer<Promise<V>> onTimeout;
    private Node<V> head;
    private Node<V> tail;
    private int size;
    private int sweepAt = MIN_SWEEP;

    /**
     * @param onTimeout what a timed-out waiter's promise gets: a {@code TimeoutException} for
     *                  acquire/get/put, {@code false} for {@code Condition.wait}
     */
    Waiters(IOLoop loop, Consumer<Promise<V>> onTimeout) {
        this.loop = loop;
        this.onTimeout = onTimeout;
    }

    /** Joins the end of the line; with a non-null {@code timeout} it leaves by itself when that passes. */
    Node<V> add(Duration timeout) {
        if (size >= sweepAt) {
            sweepCancelled();
        }
        Node<V> n = new Node<>(new Promise<>(loop));
        n.owner = this;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
        if (timeout != null) {
            n.timer = loop.callLater(timeout, n);
        }
        return n;
    }

    /**
     * Takes the oldest waiter that is still waiting (skipping, and dropping, those whose
     * future was cancelled) and stops its timer; null if nobody is waiting. The caller then
     * completes its promise: that is the hand-off.
     */
    Node<V> pollLive() {
        Node<V> n;
        while ((n = head) != null) {
            unlink(n);
            if (!n.promise.isDone()) {
                return n;
            }
        }
        return null;
    }

    /** Waiters in line, including cancelled ones not yet swept. For tests and toString. */
    int size() {
        return size;
    }

    void unlink(Node<V> n) {
        if (n.owner != this) {
            return;
        }
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.owner = null;
        size--;
        if (n.timer != null) {
            n.timer.cancel();
            n.timer = null;
        }
    }

    private void sweepCancelled() {
        for (Node<V> n = head; n != null; ) {
            Node<V> next = n.next;
            if (n.promise.isDone()) {
                unlink(n);
            }
            n = next;
        }
        sweepAt = Math.max(MIN_SWEEP, size * 2);
    }
}
