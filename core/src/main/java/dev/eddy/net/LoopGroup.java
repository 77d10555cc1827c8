package dev.eddy.net;

import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N loops on N threads: how one process uses every core. Each loop is an ordinary
 * {@link IOLoop} on its own thread; a connection lives on one loop for its whole life, so
 * nothing a connection owns is ever shared between threads. A {@link TcpServer} on a group
 * spreads accepted connections over the loops.
 *
 * <p>The threads start in the constructor and run until {@link #close()}. Thread-safe.
 * Never stop one of its loops by hand: close the group.
 */
public final class LoopGroup implements AutoCloseable {

    private final List<IOLoop> loops;
    private final List<Thread> threads;
    private final AtomicInteger next = new AtomicInteger();

    /** One loop per available processor. */
    public LoopGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code size} loops with {@link LoopOptions#defaults()}, each running on a daemon thread of its own.
     *
     * @param size how many loops; at least 1
     */
    public LoopGroup(int size) {
        this(size, LoopOptions.defaults());
    }

    /**
     * {@code size} loops named {@code options.name() + "-" + i}, each on a thread of that name.
     *
     * @param size how many loops; at least 1
     * @param options the options of every loop; the name is the prefix of each loop's name
     */
    public LoopGroup(int size, LoopOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a loop group needs at least one loop: " + size);
        }
        List<IOLoop> ls = new ArrayList<>(size);
        List<Thread> ts = new ArrayList<>(size);
        CountDownLatch started = new CountDownLatch(size);
        for (int i = 0; i < size; i++) {
            IOLoop loop = new IOLoop(options.withName(options.name() + "-" + i));
            loop.addCallback(started::countDown);
            Thread t = new Thread(loop::run, loop.name());
            t.setDaemon(true);
            ls.add(loop);
            ts.add(t);
        }
        this.loops = List.copyOf(ls);
        this.threads = List.copyOf(ts);
        threads.forEach(Thread::start);
        try {
            started.await(10, TimeUnit.SECONDS);      // so inLoopThread() is meaningful at once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many loops (and threads) the group has.
     *
     * @return the number of loops
     */
    public int size() {
        return loops.size();
    }

    /**
     * The loop at {@code index} (0 to {@link #size()} - 1).
     *
     * @param index the loop's index, from 0 to {@link #size()} - 1
     * @return the loop at that index
     */
    public IOLoop loop(int index) {
        return loops.get(index);
    }

    /**
     * All the loops, in index order (an unmodifiable list).
     *
     * @return the loops, unmodifiable
     */
    public List<IOLoop> loops() {
        return loops;
    }

    /**
     * The loops in turn (round robin).
     *
     * @return the next loop in turn; safe to call from any thread
     */
    public IOLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** Closes every loop (and the channels on it) and waits up to 5 s for the threads to end. */
    @Override
    public void close() {
        loops.forEach(IOLoop::close);
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LoopGroup" + loops;
    }
}
