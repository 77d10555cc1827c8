package dev.eddy.gen;

/**
 * Which coroutine is running on a thread: one slot per thread, read by {@link Coroutine#await}
 * and {@link Coroutine#moment()} at every call and set by the runner around each step. Only
 * its own thread reads or writes a slot's {@code runner}.
 *
 * <p>Each thread's slot lives in a {@link ThreadLocal}, but a lookup there is a hash probe
 * through the thread's map, a chain of dependent loads that was a measurable share of a
 * whole suspend and resume through the loop (see {@code docs/performance.md}). Most programs
 * run their coroutines on one loop thread, so the slot of the thread that last started a
 * coroutine is kept in a plain static field as well: from that thread a lookup is two loads
 * and a comparison; any other thread falls back to the ThreadLocal. The field is only a hint,
 * read and written without synchronization: a slot names its thread in a final field (so it
 * is seen whole by any thread) and is used only when that thread is the caller, so a stale
 * value costs a ThreadLocal lookup, never a wrong answer. It is written when a coroutine's
 * first step runs on a thread whose slot it does not hold, never per suspension, so loop
 * threads that each run coroutines do not pass it back and forth at every await. (Its one
 * cost: the last starter's slot, and the thread it names, stay reachable after that thread
 * ends, until another thread starts a coroutine.)
 */
final class CoroutineSlot {

    private static final ThreadLocal<CoroutineSlot> SLOTS = ThreadLocal.withInitial(CoroutineSlot::new);

    /** The slot of the thread that last started a coroutine: a hint, see the class comment. */
    private static CoroutineSlot lastStarter;

    /** The thread this slot belongs to. */
    final Thread thread = Thread.currentThread();

    /** The coroutine whose step runs on {@link #thread} now, or null. */
    CoroutineRunner<?> runner;

    private CoroutineSlot() {
    }

    /** The calling thread's slot. */
    static CoroutineSlot current() {
        CoroutineSlot hint = lastStarter;
        if (hint != null && hint.thread == Thread.currentThread()) {
            return hint;
        }
        return SLOTS.get();
    }

    /** The calling thread's slot, kept as the hint: for a coroutine's first step on this thread. */
    static CoroutineSlot currentForStart() {
        CoroutineSlot slot = current();
        if (lastStarter != slot) {
            lastStarter = slot;
        }
        return slot;
    }
}
