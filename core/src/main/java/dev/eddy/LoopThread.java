package dev.eddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread is a loop's thread right now. The one rule of a loop, "only its thread
 * touches its state", rests on this fact, and every part that guards loop-only state asks
 * it ({@link #isCurrent}, {@link #check}).
 *
 * <p>Three moves change it: {@link #enter} when a run starts (a compare-and-set, so two
 * threads can never both become the loop thread), {@link #exit} when it returns, and the
 * stand-in hand-over ({@link #beginStandIn}, {@link #endStandIn}) that lets the coroutine
 * thread engine's body thread act as the loop thread while the real one waits for it.
 *
 * <p>Why the other direction, "which loop does the calling thread run", is not kept here:
 * that is a question about loops ({@code IOLoop.current()}), and its answer is a loop. Kept
 * here, it would make this bottom part hold the loop it serves; so the loop keeps that
 * thread-local itself, and sets it at the same three moves. This class knows only threads and
 * the loop's name (for its errors).
 *
 * <p>The thread field is volatile because other threads read it: to decide whether they
 * must hand work over (and maybe wake the selector), and, in the watchdog, to take the loop
 * thread's stack. Everything else here concerns only the calling thread.
 */
final class LoopThread {

    private static final VarHandle THREAD;
    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(LoopThread.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String loopName;
    private volatile Thread thread;

    LoopThread(String loopName) {
        this.loopName = loopName;
    }

    /** The loop's thread, or null while the loop is not running. */
    Thread get() {
        return thread;
    }

    /** True when the calling thread is the loop's thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Throws a clear error naming both threads unless the calling thread is the loop's. */
    void check(String what) {
        Thread t = thread;
        if (Thread.currentThread() != t) {
            throw new IllegalStateException(what + " must be called on the loop thread of '" + loopName
                    + "' (it is " + (t == null ? "not running" : "running on " + t.getName())
                    + "), not on " + Thread.currentThread().getName());
        }
    }

    /** Makes the calling thread the loop's thread, or explains why it cannot be. */
    void enter() {
        if (!THREAD.compareAndSet(this, null, Thread.currentThread())) {
            throw new IllegalStateException("IOLoop '" + loopName + "' is already running on thread "
                    + thread.getName());
        }
    }

    /** The calling thread stops being the loop's thread. */
    void exit() {
        thread = null;
    }

    /** The calling thread acts as the loop's thread while {@code owner}, the loop thread, waits for it. */
    void beginStandIn(Thread owner) {
        if (owner == null || thread != owner) {
            throw new IllegalStateException("beginStandIn: " + owner + " is not the thread of loop '"
                    + loopName + "'");
        }
        thread = Thread.currentThread();
    }

    /** The stand-in gives the loop back to {@code owner}. */
    void endStandIn(Thread owner) {
        if (thread != Thread.currentThread()) {
            throw new IllegalStateException("endStandIn: " + Thread.currentThread().getName()
                    + " is not standing in for the thread of loop '" + loopName + "'");
        }
        thread = owner;
    }
}
