package dev.eddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The loop's to-do list: callbacks waiting to run on the loop thread, and the one piece of
 * cross-thread logic in the loop, waking it when work arrives while it sleeps in
 * {@code select}.
 *
 * <h2>Two queues</h2>
 * Most callbacks are added by the loop thread itself (a future completing, a coroutine
 * resuming). They go into a plain {@link ArrayDeque}: no lock, no atomic instruction, no
 * allocation. Callbacks from other threads go into a lock-free {@link MpscChunkedQueue},
 * the <em>inbox</em> (many producers, one consumer, no allocation in steady state), which the
 * loop moves into the deque at the start of each iteration. Order is kept per thread:
 * callbacks one thread adds run in the order it added them.
 *
 * <p>An entry is a {@link Runnable}, or a {@link Future} whose done-callbacks are due: a
 * completed future queues <em>itself</em> instead of a {@code Runnable} that would call it
 * back, which saves one allocation per completion (futures are completed all the time).
 *
 * <h2>Waking the loop only when it sleeps</h2>
 * {@link Selector#wakeup()} is a system call (a write to an eventfd), so calling it for every
 * callback from another thread would cost more than the callback. Instead the loop says when
 * it is about to sleep: it writes {@code ASLEEP} into a flag, then looks at the inbox
 * <em>once more</em> before it blocks. A producer first puts its callback into the inbox
 * (claiming its position is a volatile read-modify-write of the inbox's producer index),
 * then reads the flag; only the producer that flips it from {@code ASLEEP} back to
 * {@code AWAKE} (one compare-and-set) calls {@code wakeup()}. Both sides write first and
 * read second, on volatile variables, so at least one of them sees the other: either the
 * loop's re-check finds the callback, or the producer finds the loop asleep. A callback can
 * never be stranded in the inbox while the loop sleeps, and a busy loop is never woken. The
 * re-check counts a position claimed but not yet written as work, so the loop does not sleep
 * on it either: it goes round once more and picks the callback up when it is written.
 *
 * <h2>Closing</h2>
 * {@link #clear} <em>seals</em> the inbox: a producer that offers afterwards is refused
 * ({@link #addFromOtherThread} returns false and the loop throws), and every callback
 * accepted before it is counted among the dropped ones. A callback is therefore run, counted
 * as dropped at close, or refused to its producer: never lost without a word.
 *
 * <p>The deque and the batch are loop thread only; {@link #addFromOtherThread} and
 * {@link #wakeIfAsleep} are the thread-safe parts.
 */
final class CallbackQueue {

    private static final int AWAKE = 0;
    private static final int ASLEEP = 1;
    private static final VarHandle WAKE_STATE;
    private static final VarHandle WAKEUPS;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAKE_STATE = l.findVarHandle(CallbackQueue.class, "wakeState", int.class);
            WAKEUPS = l.findVarHandle(CallbackQueue.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selector selector;
    /** Callbacks added on the loop thread, and inbox callbacks moved here: loop thread only. */
    private final ArrayDeque<Object> local = new ArrayDeque<>(256);
    /** Callbacks added from other threads. */
    private final MpscChunkedQueue inbox = new MpscChunkedQueue();
    /** Created once: a method reference made per batch would allocate. */
    private final Consumer<Object> toLocal = local::addLast;
    private volatile int wakeState = AWAKE;
    /** How many {@code wakeup()} calls producers made: tests use it to show none are redundant. */
    private volatile long wakeups;

    CallbackQueue(Selector selector) {
        this.selector = selector;
    }

    /** Loop thread only: no atomics, no wake-up (the loop is obviously awake). */
    void addFromLoop(Object callback) {
        local.addLast(callback);
    }

    /**
     * Any thread but the loop's: hand the callback over, wake the loop if it sleeps. Returns
     * false, without queuing it, once {@link #clear} has sealed the inbox (the loop closed).
     */
    boolean addFromOtherThread(Object callback) {
        if (!inbox.offer(callback)) {
            return false;
        }
        wakeIfAsleep();
        return true;
    }

    /** Wakes the loop if it is asleep in select (or about to be). Thread-safe. */
    void wakeIfAsleep() {
        // Only the producer that flips ASLEEP -> AWAKE calls wakeup(): one syscall per sleep.
        if (wakeState == ASLEEP && WAKE_STATE.compareAndSet(this, ASLEEP, AWAKE)) {
            WAKEUPS.getAndAdd(this, 1L);
            selector.wakeup();
        }
    }

    /**
     * Starts an iteration's batch: moves the inbox behind the local callbacks and returns how
     * many callbacks there are now. The loop runs exactly that many; anything added while
     * they run waits for the next iteration.
     */
    int startBatch() {
        inbox.drainTo(toLocal);
        return local.size();
    }

    /** The next entry of the batch: a Runnable or a Future to deliver. Loop thread only. */
    Object poll() {
        return local.pollFirst();
    }

    /** True when callbacks wait for the next iteration, so select must not sleep. */
    boolean hasWaitingCallbacks() {
        return !local.isEmpty();
    }

    /**
     * Publishes "the loop is about to sleep", then looks at the inbox once more. Returns true
     * if the loop may block in select; false if a callback slipped in (the caller must then
     * call {@link #awake()} and not block). See the class comment for why this order matters.
     */
    boolean prepareToSleep() {
        wakeState = ASLEEP;
        return inbox.isEmpty();
    }

    /** The loop is back from select (or decided not to sleep): producers need not wake it. */
    void awake() {
        wakeState = AWAKE;
    }

    /**
     * How many callbacks wait: exact on the loop thread between batches, an estimate from
     * other threads (the deque is read without a lock, the inbox by its two indexes).
     */
    int pending() {
        long n = local.size() + inbox.sizeEstimate();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, n));
    }

    long wakeups() {
        return wakeups;
    }

    /** True from the loop's "about to sleep" until it is back or woken: tests wait for it. */
    boolean isAsleep() {
        return wakeState == ASLEEP;
    }

    /**
     * Drops everything still queued and seals the inbox, so later cross-thread callbacks are
     * refused (the loop is closed). Loop thread, or the closing thread when no loop runs.
     * Returns how many were dropped.
     */
    int clear() {
        int dropped = local.size() + inbox.seal(callback -> { });
        local.clear();
        return dropped;
    }
}
