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
 * never be stranded in the inbox while the loop sleeps, and a busy loop is never woken.
 *
 * <h2>Looking again before sleeping</h2>
 * Sleeping has a price beyond the sleep: the producer that finds the loop asleep pays a
 * {@code wakeup()} system call, and the loop pays the kernel's wake-up before it runs again
 * (on a busy machine, a wait for a core as well, and the woken loop may take the producer's
 * core, so that the two take turns on it). So when other threads have just been feeding the
 * loop, it gives them a moment more before it sleeps, in one of two ways:
 * <ul>
 *   <li>after a <em>lone hand-over</em> (the inbox's last batch held at most
 *       {@link #FEW_HANDED_OVER} callbacks: a request and its reply across threads), it looks
 *       at the inbox a few more times, a few microseconds in all ({@link #LOOKS_BEFORE_SLEEP}
 *       looks, {@link #PAUSES_BETWEEN_LOOKS} spin-wait pauses apart), before it publishes
 *       "asleep" ({@link #prepareToSleep});</li>
 *   <li>after a <em>burst</em> (a larger batch), it makes one more iteration whose select does
 *       not wait ({@link #burstHandedOver}, asked by {@link LoopWait}): a system call's length
 *       in which the producers can add more, and a look that reads none of their cache lines.
 *       Only if that iteration finds nothing new does the loop sleep.</li>
 * </ul>
 * Why not spin-wait after a burst too: a loop that spin-looks in the middle of a burst reads
 * the producers' index again and again, pulling its cache line away from them at every offer,
 * and on a machine whose cores are all busy it keeps a producer that shares its core off it
 * (measured: twice as slow with a spinning thread beside it). The select costs about a
 * microsecond, which a burst of more than eight callbacks pays for easily, and spares the
 * wake-up a producer would otherwise pay at its next offer. A loop fed only by its own thread
 * and by IO (a typical server) does neither: it goes straight to sleep.
 *
 * <h2>A producer stalled between claim and write</h2>
 * The re-check can find the next position claimed but not yet written: its producer is
 * between the two steps of an offer. Usually the write lands within nanoseconds, so the loop
 * waits for it briefly (a few microseconds of pauses, then one {@link Thread#yield()}) and
 * runs it. If it is still missing, the producer was descheduled in between, and spinning on
 * would take a core from the very thread the loop waits for (on a busy machine it may share
 * ours). So the loop <em>naps</em> instead: it sleeps in select as usual, flag set, but for at
 * most {@link #STALLED_PRODUCER_NAP_MILLIS}. When the producer runs again it writes, reads
 * the flag, finds the loop asleep and wakes it, as any producer would. The cap is only a
 * safety net: the stalled producer's write and its read of the flag are not fenced against
 * each other (a fence per callback would cost every offer), so in a nanosecond-wide race it
 * could miss the flag; the nap then ends on its own.
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

    /** {@link #prepareToSleep}'s answer when a callback is waiting: don't block. */
    static final long DONT_SLEEP = -1;
    /** The longest nap while a producer is stalled between claim and write (see the class comment). */
    static final long STALLED_PRODUCER_NAP_MILLIS = 1;
    /** How many times a loop that other threads were feeding looks at the inbox before it sleeps. */
    static final int LOOKS_BEFORE_SLEEP = 8;
    /** Spin-wait pauses between two looks (a few microseconds in all): see the class comment. */
    static final int PAUSES_BETWEEN_LOOKS = 16;
    /** At most this many callbacks from the inbox in a batch count as a lone hand-over; more are a burst. */
    static final int FEW_HANDED_OVER = 8;

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
    /**
     * How many callbacks the inbox's last non-empty batch held, until the loop has given the
     * producers their moment more (then 0): loop thread only.
     */
    private int lastHandedOver;
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
        int handedOver = inbox.drainTo(toLocal);
        if (handedOver > 0) {
            lastHandedOver = handedOver;
        }
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
     * True, once, when the inbox's last batch was a burst from other threads: the loop should
     * then select without sleeping and come round once more (see "Looking again before
     * sleeping" above).
     */
    boolean burstHandedOver() {
        if (lastHandedOver > FEW_HANDED_OVER) {
            lastHandedOver = 0;
            return true;
        }
        return false;
    }

    /**
     * Looks at the inbox a few more times after a lone hand-over (see "Looking again before
     * sleeping" above), publishes "the loop is about to sleep", then looks at the
     * inbox once more, and says how long the loop may block in select:
     * {@code timeoutMillis} (0: until woken) when nothing
     * is claimed, at most {@link #STALLED_PRODUCER_NAP_MILLIS} when a producer is stalled
     * between claim and write, or {@link #DONT_SLEEP} when a callback slipped in (the caller
     * must then call {@link #awake()} and not block). See the class comment for why this
     * order matters.
     */
    long prepareToSleep(long timeoutMillis) {
        boolean lone = lastHandedOver > 0 && lastHandedOver <= FEW_HANDED_OVER;
        lastHandedOver = 0;
        if (lone) {
            for (int look = 0; look < LOOKS_BEFORE_SLEEP; look++) {
                for (int i = 0; i < PAUSES_BETWEEN_LOOKS; i++) {
                    Thread.onSpinWait();
                }
                if (!inbox.isEmpty()) {
                    return DONT_SLEEP;
                }
            }
        }
        wakeState = ASLEEP;
        if (inbox.isEmpty()) {
            return timeoutMillis;
        }
        if (!inbox.nextIsClaimedNotWritten()) {
            return DONT_SLEEP;              // a callback is there: run it
        }
        wakeState = AWAKE;                  // while we wait for the write, nobody need wake us
        for (int attempt = 0; attempt <= MpscChunkedQueue.SPINS_BEFORE_YIELD; attempt++) {
            MpscChunkedQueue.backOff(attempt);
            if (!inbox.nextIsClaimedNotWritten()) {
                return DONT_SLEEP;          // written: the usual case
            }
        }
        wakeState = ASLEEP;                 // its producer is descheduled: nap until it wakes us
        if (!inbox.nextIsClaimedNotWritten()) {
            return DONT_SLEEP;
        }
        return timeoutMillis == 0 ? STALLED_PRODUCER_NAP_MILLIS
                : Math.min(timeoutMillis, STALLED_PRODUCER_NAP_MILLIS);
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

    /** The inbox itself: tests stall a producer in it between claim and write. */
    MpscChunkedQueue inbox() {
        return inbox;
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
