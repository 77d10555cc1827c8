package dev.eddy;

import java.util.ArrayDeque;

/**
 * Futures completed on the loop thread whose done-callbacks are due: they run at the end of
 * the step of the loop that completed them (the callback batch, the due timers, the IO
 * handlers), not a whole iteration later. JavaScript calls this the microtask queue.
 *
 * <h2>Why</h2>
 * A done-callback must never run inside {@code complete()} (see {@link Future}), so it has
 * to wait for something. Waiting for the next iteration means waiting for a {@code select}
 * too, a system call that costs more than most callbacks; and a request answered through two
 * done-callbacks (a read completes, its callback writes, the write completes, its callback
 * reads again) paid two of them. Running them when the current step ends keeps the rule
 * (the code that completed the future has returned) without the extra turns.
 *
 * <h2>Bounded</h2>
 * Done-callbacks complete other futures, whose callbacks join the same run. A chain that
 * never ends (a done-callback that always completes a new future) would keep the loop from
 * ever looking at IO again, so one run delivers at most {@value #MAX_PER_STEP} futures; the
 * rest move, in order, to the ordinary callback queue and run in the next iteration, as all
 * of them used to.
 *
 * <p>Once the loop is closed nothing more is delivered: what is still due is dropped with the
 * queued callbacks when the loop stops, as callbacks queued at that moment are.
 *
 * <p>It holds the futures as {@link CallbackDelivery} entries, the one thing it asks of them,
 * so it stands below the futures it delivers.
 *
 * <p>Loop thread only (or the thread standing in for it, see {@code IOLoop.beginStandIn}).
 * Futures completed by other threads never come here: they travel through the inbox.
 */
final class ReadyFutures {

    /** How many futures one run delivers at most before the rest wait an iteration. */
    static final int MAX_PER_STEP = 1024;

    private final LoopCallbacks loop;           // whether the loop is closed
    private final CallbackQueue callbacks;
    private final CallbackRunner runner;
    private final LoopRecorder recorder;
    private final ArrayDeque<CallbackDelivery> due = new ArrayDeque<>(64);

    ReadyFutures(LoopCallbacks loop, CallbackQueue callbacks, CallbackRunner runner, LoopRecorder recorder) {
        this.loop = loop;
        this.callbacks = callbacks;
        this.runner = runner;
        this.recorder = recorder;
    }

    /** A future completed on the loop thread: its callbacks run when the current step ends. */
    void add(CallbackDelivery future) {
        due.addLast(future);
    }

    /** Delivers the due futures, and those their callbacks complete, up to the bound. */
    void run() {
        if (due.isEmpty()) {
            return;
        }
        boolean timed = LoopEvents.slowCallbacksRecorded();
        int delivered = 0;
        CallbackDelivery f;
        while (!loop.isClosed() && (f = due.pollFirst()) != null) {
            if (delivered == MAX_PER_STEP) {
                moveToNextIteration(f);
                break;
            }
            delivered++;
            runner.tick();
            if (timed) {
                LoopEvents.runTimed(runner, f, "callback");
            } else {
                runner.runCallback(f);
            }
        }
        recorder.callbacksRun(delivered);
    }

    /** Past the bound: {@code first} and everything after it wait for the next iteration. */
    private void moveToNextIteration(CallbackDelivery first) {
        callbacks.addFromLoop(first);
        CallbackDelivery f;
        while ((f = due.pollFirst()) != null) {
            callbacks.addFromLoop(f);
        }
    }

    /** Drops what is still due (the loop closed); returns how many. */
    int clear() {
        int n = due.size();
        due.clear();
        return n;
    }
}
