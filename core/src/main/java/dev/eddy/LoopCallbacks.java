package dev.eddy;

import java.util.concurrent.RejectedExecutionException;

/**
 * The loop's callbacks as one iteration uses them: how work is handed to the loop (from its
 * own thread without an atomic, from any other through {@link CallbackQueue}'s inbox, never
 * once the loop is closed), and step 1 of an iteration, running the batch that was queued
 * before it began. {@link IOLoop#addCallback} and {@link IOLoop#execute} are the public
 * doors; this is what is behind them, as {@link LoopTimers} is behind the timers.
 *
 * <p>Why a batch: callbacks queued while the batch runs wait for the next iteration, so a
 * callback that re-queues itself cannot starve IO or timers.
 *
 * <p>{@link #add} and {@link #close} are thread-safe; the rest is loop thread only.
 */
final class LoopCallbacks {

    private final String loopName;
    private final LoopThread thread;
    private final CallbackQueue queue;
    private final CallbackRunner runner;
    private final LoopRecorder recorder;
    private volatile boolean closed;

    LoopCallbacks(String loopName, LoopThread thread, CallbackQueue queue, CallbackRunner runner,
                  LoopRecorder recorder) {
        this.loopName = loopName;
        this.thread = thread;
        this.queue = queue;
        this.runner = runner;
        this.recorder = recorder;
    }

    /**
     * Queues a callback (a Runnable) or a done future's delivery (the future itself, so a
     * completion allocates no Runnable). Any thread.
     *
     * @throws RejectedExecutionException when the loop has been closed
     */
    void add(Object task) {
        if (closed) {
            throw rejected();
        }
        if (thread.isCurrent()) {
            queue.addFromLoop(task);    // the loop's own thread: no atomics, no wake-up
            return;
        }
        if (!queue.addFromOtherThread(task)) {
            // close() raced with us and has already dropped the queue: never drop silently
            throw rejected();
        }
    }

    /** Queues {@code callback} ahead of anything added later (runSync's task). Loop thread, or before run. */
    void addFirst(Runnable callback) {
        queue.addFromLoop(callback);
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("IOLoop '" + loopName + "' is closed");
    }

    /** From now on every {@link #add} is rejected. Any thread. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Step 1: the callbacks queued before this iteration began; new ones wait for the next. */
    void runBatch() {
        int n = queue.startBatch();
        if (n == 0) {
            return;
        }
        recorder.callbacksRun(n);
        boolean timed = LoopEvents.slowCallbacksRecorded();
        for (; n > 0; n--) {
            Object task = queue.poll();
            runner.tick();
            if (timed) {
                LoopEvents.runTimed(runner, task, "callback");
            } else {
                runner.runCallback(task);
            }
        }
    }
}
