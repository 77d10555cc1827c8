package dev.eddy.sync;

import dev.eddy.IOLoop;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A {@link Queue} that hands out the newest item first (a stack). All the waiting, bounding
 * and task rules are {@link Queue}'s; only the order differs: the items live in a
 * {@link Collections#asLifoQueue LIFO view} of an {@link ArrayDeque}. Tornado's
 * {@code queues.LifoQueue}.
 *
 * <p>Not thread-safe: loop thread only.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {

    /**
     * An unbounded stack.
     *
     * @param loop the loop whose thread uses the stack; waiting putters and getters are completed
     *     there
     */
    public LifoQueue(IOLoop loop) {
        this(loop, 0);
    }

    /**
     * A stack holding at most {@code maxsize} items.
     *
     * @param loop the loop whose thread uses the stack; waiting putters and getters are completed
     *     there
     * @param maxsize the most items it holds; 0 means unbounded
     */
    public LifoQueue(IOLoop loop, int maxsize) {
        super(loop, maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
