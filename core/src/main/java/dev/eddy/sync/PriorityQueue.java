package dev.eddy.sync;

import dev.eddy.IOLoop;

import java.util.Comparator;

/**
 * A {@link Queue} that hands out the smallest item first (by natural order or a
 * {@link Comparator}) instead of the oldest: a job queue where urgent jobs overtake. All the
 * waiting, bounding and task rules are {@link Queue}'s; only the order differs (the items
 * live in a {@link java.util.PriorityQueue}). Tornado's {@code queues.PriorityQueue}.
 *
 * <p>Items of equal priority come out in no particular order; add a sequence number to the
 * key if you need first-in first-out among equals.
 *
 * <p>Not thread-safe: loop thread only.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {

    /**
     * An unbounded queue ordered by the items' natural order.
     *
     * @param loop the loop whose thread uses the queue; waiting putters and getters are completed
     *     there
     */
    public PriorityQueue(IOLoop loop) {
        this(loop, 0, null);
    }

    /**
     * A queue ordered by {@code comparator}, holding at most {@code maxsize} items.
     *
     * @param loop       the loop whose thread uses the queue; waiting putters and getters are
     *                   completed there
     * @param maxsize    the most items it holds; 0 means unbounded
     * @param comparator the order (smallest first), or null for the natural order
     */
    public PriorityQueue(IOLoop loop, int maxsize, Comparator<? super T> comparator) {
        super(loop, maxsize, new java.util.PriorityQueue<>(comparator));
    }
}
