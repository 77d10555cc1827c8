package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Notices a loop that is stuck in one callback and says where it is stuck: which callback,
 * timer or IO handler the loop called, and the loop thread's whole stack.
 *
 * <p>A single-threaded loop has one failure mode that hurts everyone: a callback that
 * blocks (a synchronous HTTP call, a big computation, a {@code Thread.sleep}). Every other
 * connection waits. Tornado's {@code set_blocking_log_threshold}, asyncio's slow-callback
 * warning and Vert.x's blocked-thread checker exist for this; this is Eddy's, on by default
 * ({@link LoopOptions#DEFAULT_BLOCKING_THRESHOLD}).
 *
 * <p>How it stays cheap: the loop does not read the clock per callback. It only bumps a
 * counter ({@code CallbackRunner.ticks}) before each callback, timer or handler, and says whether it
 * is waiting in select. The watchdog looks every quarter threshold: if the counter has not
 * moved since it first saw that value, the loop is not in select, and at least a threshold
 * has passed, the same piece of work has been running all that time. It then takes the
 * loop thread's stack <em>now</em>, while it is blocked (a stack taken afterwards would show
 * an innocent frame), and reports it once for that episode: a WARNING on the loop's logger
 * and a {@code dev.eddy.LoopBlocked} Flight Recorder event.
 *
 * <p>One daemon thread watches every loop of the JVM ({@link #SHARED}), not one per loop: a
 * loop is watched from when it starts running until it stops ({@link #arm}, {@link #disarm}),
 * and the thread ends when, on waking, it finds no loop running; the next loop that starts
 * starts it again. While it reports on a loop the thread takes the name
 * {@code <loop name>-watchdog}, so that a log handler (and {@code LogCapture.of(name, loop)})
 * can tell whose report it is; between reports it is {@code eddy-watchdog}.
 *
 * <p>It must never touch a loop's state: it reads three published values (the loop's
 * thread, its counter, whether it is selecting) and nothing else. That is why a {@link Watch}
 * is given those three readers and the loop's name, not the loop: what the watchdog cannot
 * reach, it cannot touch, and it depends on no part above the three it reads.
 */
final class BlockingWatchdog implements Runnable {

    /** The watchdog of every loop. */
    static final BlockingWatchdog SHARED = new BlockingWatchdog("eddy-watchdog");
    private static final Watch[] NONE = new Watch[0];

    private final String threadName;
    /** The running loops with a threshold; guarded by this. */
    private final ArrayList<Watch> running = new ArrayList<>();
    /** The watching thread, or null when none runs; guarded by this. */
    private Thread thread;
    /** How long the thread parks between looks; guarded by this. */
    private long pauseNanos = Long.MAX_VALUE;

    BlockingWatchdog(String threadName) {
        this.threadName = threadName;
    }

    /**
     * What the watchdog knows about one loop; made with the loop, watched while it runs. Its
     * readers are called on the watchdog's thread: each reads a value the loop publishes for
     * other threads ({@code LoopThread.get}, {@code CallbackRunner.ticks},
     * {@code LoopWait.isSelecting}).
     */
    static final class Watch {
        final String loopName;
        final long thresholdNanos;
        /** The loop's thread, null while it does not run. */
        private final Supplier<Thread> thread;
        /** Pieces of work the loop has started so far. */
        private final LongSupplier ticks;
        /** True while the loop waits in select: idle, not blocked. */
        private final BooleanSupplier selecting;
        /** Episodes reported so far: {@link LoopStats#blockedEpisodes()}. */
        volatile long episodes;
        // the watching thread's own notes
        private long seenTicks = -1;
        private long seenSince;
        private long reportedTicks = -1;

        Watch(String loopName, Duration threshold, Supplier<Thread> thread, LongSupplier ticks,
              BooleanSupplier selecting) {
            this.loopName = loopName;
            this.thresholdNanos = threshold.toNanos();
            this.thread = thread;
            this.ticks = ticks;
            this.selecting = selecting;
        }
    }

    /** The loop of {@code watch} starts running: watch it, starting the thread if none runs. */
    synchronized void arm(Watch watch) {
        running.add(watch);
        long pause = Math.max(1, watch.thresholdNanos / 4);
        if (thread == null) {
            pauseNanos = pause;
            thread = new Thread(this, threadName);
            thread.setDaemon(true);
            thread.start();
        } else if (pause < pauseNanos) {
            pauseNanos = pause;
            LockSupport.unpark(thread);     // it may be parked for a longer threshold's pause
        }
    }

    /** The loop of {@code watch} stopped running. */
    synchronized void disarm(Watch watch) {
        running.remove(watch);
    }

    /** The watching thread, or null when none runs: tests check that it is shared and ends. */
    synchronized Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        for (;;) {
            Watch[] watches;
            long pause;
            synchronized (this) {
                pause = pauseNanos;
            }
            LockSupport.parkNanos(pause);
            synchronized (this) {
                if (running.isEmpty()) {
                    thread = null;          // no loop runs: end; the next arm starts a new thread
                    return;
                }
                watches = running.toArray(NONE);
                long shortest = Long.MAX_VALUE;
                for (Watch w : watches) {
                    shortest = Math.min(shortest, Math.max(1, w.thresholdNanos / 4));
                }
                pauseNanos = shortest;
            }
            for (Watch w : watches) {
                look(w);
            }
        }
    }

    /** One look at one loop: notes when its work started, reports an episode past the threshold. */
    private void look(Watch w) {
        Thread loopThread = w.thread.get();
        if (loopThread == null || w.selecting.getAsBoolean()) {
            w.seenTicks = -1;
            return;
        }
        long ticks = w.ticks.getAsLong();
        long now = System.nanoTime();
        if (ticks != w.seenTicks) {
            w.seenTicks = ticks;
            w.seenSince = now;
            return;
        }
        if (ticks == w.reportedTicks || now - w.seenSince < w.thresholdNanos) {
            return;
        }
        StackTraceElement[] stack = loopThread.getStackTrace();
        if (w.ticks.getAsLong() != ticks || w.selecting.getAsBoolean()) {
            return;     // it moved on while we looked: not the episode we saw
        }
        w.reportedTicks = ticks;
        w.episodes++;
        report(w.loopName, now - w.seenSince, stack);
    }

    private void report(String loopName, long blockedNanos, StackTraceElement[] stack) {
        Thread self = Thread.currentThread();
        self.setName(loopName + "-watchdog");      // whose report this is, for log handlers
        try {
            String entry = entryOf(stack);
            BlockedLoopException where = new BlockedLoopException(loopName,
                    TimeUnit.NANOSECONDS.toMillis(blockedNanos), entry, stack);
            SafeLog.log(LoopErrors.LOG, Level.WARNING, where.getMessage(), where);   // a throwing logger must not end the watch
            LoopEvents.blocked(loopName, entry == null ? "" : entry, blockedNanos, stack);
        } catch (Throwable t) {
            // the report failed (no memory for the message?): the watch goes on
        } finally {
            self.setName(threadName);
        }
    }

    /**
     * What the loop called when it blocked, from the stack: the frame just inside the
     * innermost place where the loop hands control to user code (a callback, a timer's task,
     * a future's done-callback, a channel's handler), with its kind; for example
     * {@code "IO handler dev.eddy.http.HttpConnection.onReady"}. Null when the stack shows
     * none (a coroutine body standing in for the loop thread, say).
     */
    static String entryOf(StackTraceElement[] stack) {
        for (int i = 1; i < stack.length; i++) {
            String kind = handOverKind(stack, i);
            if (kind != null) {
                int e = i - 1;
                if (e > 0 && stack[e].getClassName().contains("$$Lambda")) {
                    e--;        // a lambda's generated class: the method it calls is the one written
                }
                return kind + " " + stack[e].getClassName() + "." + stack[e].getMethodName();
            }
        }
        return null;
    }

    /** The kind of work the loop hands control to at {@code stack[i]}, or null when it does not. */
    private static String handOverKind(StackTraceElement[] stack, int i) {
        String c = stack[i].getClassName();
        String m = stack[i].getMethodName();
        if (c.equals("dev.eddy.CallbackRunner") && m.equals("runCallback")) {
            return calledFrom(stack, i, "dev.eddy.LoopTimers") ? "timer" : "callback";
        }
        if (c.equals("dev.eddy.Future") && m.equals("runCallback")) {
            return "done-callback";
        }
        if ((c.equals("dev.eddy.LoopSelector") && m.equals("dispatchReady"))
                || (c.equals("dev.eddy.LoopEvents") && m.equals("dispatchTimed"))) {
            return "IO handler";        // the selector calls a ready channel's handler, timed or not
        }
        return null;
    }

    /** True when the caller of {@code stack[i]} is {@code className}, directly or through {@link LoopEvents}. */
    private static boolean calledFrom(StackTraceElement[] stack, int i, String className) {
        int caller = i + 1;
        if (caller < stack.length && stack[caller].getClassName().equals("dev.eddy.LoopEvents")) {
            caller++;           // timed for a Flight Recorder event
        }
        return caller < stack.length && stack[caller].getClassName().equals(className);
    }

    /** Carries the blocked loop thread's stack into the log record. */
    static final class BlockedLoopException extends RuntimeException {
        BlockedLoopException(String loopName, long millis, String entry, StackTraceElement[] stack) {
            super("IOLoop '" + loopName + "' blocked for at least " + millis + " ms in "
                    + (entry == null ? "one piece of work" : entry)
                    + "; stack of the loop thread while blocked:", null, false, true);
            setStackTrace(stack);
        }
    }
}
