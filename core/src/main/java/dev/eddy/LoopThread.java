package dev.eddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread is a loop's thread right now, and which loop the calling thread runs. The
 * one rule of an {@link IOLoop}, "only its thread touches its state", rests on these two
 * facts, so they live together here.
 *
 * <p>Three moves change them: {@link #enter} when {@code run()} or {@code runSync()} starts
 * (a compare-and-set, so two threads can never both become the loop thread), {@link #exit}
 * when it returns, and the stand-in hand-over ({@link #beginStandIn}, {@link #endStandIn})
 * that lets the coroutine thread engine's body thread act as the loop thread while the real
 * one waits for it.
 *
 * <p>The thread field is volatile because other threads read it: to decide whether they
 * must hand work over (and maybe wake the selector), and, in the watchdog, to take the loop
 * thread's stack. Everything else here concerns only the calling thread.
 */
final class LoopThread {

    /** The loop the calling thread runs (or stands in for), if any. */
    private static final ThreadLocal<IOLoop> CURRENT = new ThreadLocal<>();

    private static final VarHandle THREAD;
    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(LoopThread.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IOLoop loop;
    private volatile Thread thread;

    LoopThread(IOLoop loop) {
        this.loop = loop;
    }

    /** The loop the calling thread runs, or null. */
    static IOLoop currentLoop() {
        return CURRENT.get();
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
            throw new IllegalStateException(what + " must be called on the loop thread of '" + loop.name()
                    + "' (it is " + (t == null ? "not running" : "running on " + t.getName())
                    + "), not on " + Thread.currentThread().getName());
        }
    }

    /** Makes the calling thread the loop's thread, or explains why it cannot be. */
    void enter() {
        IOLoop running = CURRENT.get();
        if (running != null) {
            throw new IllegalStateException(running == loop
                    ? "IOLoop.run() re-entered: loop '" + loop.name() + "' is already running on this thread"
                    : "another IOLoop ('" + running.name() + "') is already running on this thread");
        }
        if (!THREAD.compareAndSet(this, null, Thread.currentThread())) {
            throw new IllegalStateException("IOLoop '" + loop.name() + "' is already running on thread "
                    + thread.getName());
        }
        CURRENT.set(loop);
    }

    /** The calling thread stops being the loop's thread. */
    void exit() {
        CURRENT.remove();
        thread = null;
    }

    /** See {@link IOLoop#beginStandIn}. */
    void beginStandIn(Thread owner) {
        if (owner == null || thread != owner) {
            throw new IllegalStateException("beginStandIn: " + owner + " is not the thread of loop '"
                    + loop.name() + "'");
        }
        thread = Thread.currentThread();
        CURRENT.set(loop);
    }

    /** See {@link IOLoop#endStandIn}. */
    void endStandIn(Thread owner) {
        if (thread != Thread.currentThread()) {
            throw new IllegalStateException("endStandIn: " + Thread.currentThread().getName()
                    + " is not standing in for the thread of loop '" + loop.name() + "'");
        }
        CURRENT.remove();
        thread = owner;
    }
}
