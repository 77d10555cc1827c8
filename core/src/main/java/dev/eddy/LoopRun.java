package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.io.IOException;

/**
 * A loop's run, from start to end: the calling thread becomes the loop thread
 * ({@link #enter}), iterations follow until a stop is requested, and the thread leaves again
 * ({@link #exit}); a closed loop then gives back its selector and channels. {@link IOLoop#run},
 * {@link IOLoop#stop} and {@link IOLoop#close} are the public doors.
 *
 * <p>One iteration ({@link #iterate}) is four steps, each owned by a part of its own:
 * the callbacks queued before it began ({@link LoopCallbacks}), the timers that are due
 * ({@link LoopTimers}), the wait in select ({@link LoopWait}), and the handlers of the
 * channels select reported ready ({@link LoopSelector}); after each step, the done-callbacks of
 * the futures it completed ({@link ReadyFutures}). The recorder only notes the time at the
 * edges of the steps.
 *
 * <p>The loop must not die: each piece of work runs under its own guard, and an iteration
 * catches what slips past them ({@link LoopErrors}). Only a stop or a close ends the run.
 *
 * <p>Loop thread only, except {@link #close}, which may come from any thread.
 */
final class LoopRun {

    private final String name;
    private final LoopThread thread;
    private final CallbackQueue queue;
    private final LoopCallbacks callbacks;
    private final ReadyFutures readyFutures;
    private final LoopTimers timers;
    private final LoopWait wait;
    private final LoopSelector channels;
    private final LoopRecorder recorder;
    private final LoopErrors errors;
    private final BlockingWatchdog.Watch watch;       // null when the watchdog is off
    private boolean resourcesReleased;

    LoopRun(String name, LoopThread thread, CallbackQueue queue, LoopCallbacks callbacks, ReadyFutures readyFutures,
            LoopTimers timers, LoopWait wait, LoopSelector channels, LoopRecorder recorder, LoopErrors errors,
            BlockingWatchdog.Watch watch) {
        this.name = name;
        this.thread = thread;
        this.queue = queue;
        this.callbacks = callbacks;
        this.readyFutures = readyFutures;
        this.timers = timers;
        this.wait = wait;
        this.channels = channels;
        this.recorder = recorder;
        this.errors = errors;
        this.watch = watch;
    }

    /** Iterates until a stop is requested; the caller has {@linkplain #enter() entered}. */
    void runUntilStopped() {
        do {
            iterateSurviving();
        } while (!wait.isStopRequested());
    }

    /**
     * One iteration that cannot end the loop: each piece of work runs under its own guard,
     * and this one catches what slips past them ({@link LoopErrors}). A {@code try} block
     * costs nothing until something is thrown.
     */
    private void iterateSurviving() {
        try {
            iterate();
        } catch (Throwable t) {
            errors.iterationFailed(t);
        }
    }

    /** One turn of the loop: callbacks, timers, select, IO events. */
    private void iterate() {
        recorder.iterationBegins();
        callbacks.runBatch();               // 1. the callbacks queued before this iteration began
        readyFutures.run();                 //    and the done-callbacks of futures they completed
        timers.runDue();                    // 2. the timers that are due
        readyFutures.run();
        recorder.waitBegins();
        if (select()) {                     // 3. select: look, or sleep until a timer or a wake-up
            recorder.ioBegins();
            channels.dispatchReady();       // 4. the handler of every channel select reported ready
            readyFutures.run();
        }
        recorder.iterationEnds();
    }

    /** Step 3: select, sleeping only when no work waits. True when channels are ready for step 4. */
    private boolean select() {
        try {
            return wait.select();
        } catch (IOException e) {
            errors.selectFailed(e);
            return false;
        }
    }

    /** Makes the calling thread the loop thread (watched by the watchdog), or explains why it cannot be. */
    void enter() {
        if (callbacks.isClosed()) {
            throw new IllegalStateException("IOLoop '" + name + "' is closed");
        }
        thread.enter();
        if (callbacks.isClosed()) {
            // close() raced with us and may be emptying the inbox on its own thread: the inbox
            // has a single consumer, so leave (exit() releases the resources if close did not)
            exit();
            throw new IllegalStateException("IOLoop '" + name + "' is closed");
        }
        if (watch != null) {
            BlockingWatchdog.SHARED.arm(watch);
        }
    }

    void exit() {
        if (watch != null) {
            BlockingWatchdog.SHARED.disarm(watch);
        }
        wait.clearStop();
        thread.exit();
        if (callbacks.isClosed()) {
            releaseResources();
        }
    }

    /** New work is rejected from now on, the run stops, and the resources go once it has. Any thread. */
    void close() {
        callbacks.close();
        wait.requestStop(thread.isCurrent());
        if (thread.get() == null) {
            releaseResources();
        }
    }

    private synchronized void releaseResources() {
        if (resourcesReleased || thread.get() != null) {
            return;
        }
        resourcesReleased = true;
        channels.closeAll();
        int dropped = queue.clear() + readyFutures.clear();
        if (dropped > 0) {
            SafeLog.log(LoopErrors.LOG, System.Logger.Level.DEBUG,
                    "IOLoop '" + name + "' closed with " + dropped + " callbacks queued; dropped", null);
        }
    }
}
