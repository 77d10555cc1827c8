package dev.eddy;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The loop's timers as one iteration uses them: the heap ({@link TimerQueue}), the sequence
 * numbers that keep equal deadlines in the order they were added, running the batch that is
 * due, and telling {@code select} how long it may sleep until the next one.
 * {@link IOLoop#callAt} and {@link Timeout#cancel()} are the public doors; this is what is
 * behind them.
 *
 * <p>Why a batch: the timers due at one moment are first all taken off the heap, then run.
 * So a timer that cancels another one due in the same batch keeps it from running, and a
 * timer scheduled by a running timer waits for the next iteration even if it is due at once:
 * a timer that re-schedules itself for "now" cannot starve callbacks or IO.
 *
 * <p>The heap is the loop thread's alone: {@link #callAt} and {@link #cancel} may be called
 * from any thread, and hand the change over to the loop as a callback there.
 */
final class LoopTimers implements Timeout.Canceller {

    private final LoopClock clock;
    private final LoopThread thread;
    private final LoopCallbacks callbacks;
    private final CallbackRunner runner;
    private final LoopRecorder recorder;
    private final TimerQueue heap = new TimerQueue();
    private final ArrayList<Timeout> due = new ArrayList<>();
    private long sequence;

    LoopTimers(LoopClock clock, LoopThread thread, LoopCallbacks callbacks, CallbackRunner runner,
               LoopRecorder recorder) {
        this.clock = clock;
        this.thread = thread;
        this.callbacks = callbacks;
        this.runner = runner;
        this.recorder = recorder;
    }

    /** A timer that runs {@code task} at {@code deadline} on the loop's clock. Any thread. */
    Timeout callAt(long deadline, Runnable task) {
        Timeout t = new Timeout(this, deadline, task);
        if (thread.isCurrent()) {
            schedule(t);
        } else {
            callbacks.add((Runnable) () -> schedule(t));
        }
        return t;
    }

    /** A timer that runs {@code task} {@code delayNanos} from now. Any thread. */
    Timeout callLater(long delayNanos, Runnable task) {
        return callAt(clock.nanoTime() + delayNanos, task);
    }

    /** Adds {@code t} to the heap unless it was cancelled on its way here. */
    private void schedule(Timeout t) {
        if (t.state == Timeout.SCHEDULED) {
            t.sequence = sequence++;
            heap.add(t);
        }
    }

    /**
     * {@link Timeout#cancel()}: on the loop thread at once; from another thread true when the
     * timer was still pending, and the loop removes it on its next turn.
     */
    @Override
    public boolean cancel(Timeout t) {
        if (thread.isCurrent()) {
            return cancelHere(t);
        }
        if (t.state != Timeout.SCHEDULED) {
            return false;
        }
        callbacks.add((Runnable) () -> cancelHere(t));
        return true;
    }

    /** Cancels a scheduled or due timer; false when it already ran or was cancelled. Loop thread. */
    private boolean cancelHere(Timeout t) {
        if (t.state == Timeout.SCHEDULED) {
            heap.remove(t);
        } else if (t.state != Timeout.DUE) {
            return false;
        }
        t.state = Timeout.CANCELLED;
        t.task = null;
        return true;
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Timers scheduled and not yet run or cancelled. */
    int size() {
        return heap.size();
    }

    /** Length of the heap's array: tests check it shrinks after a burst. */
    int capacity() {
        return heap.capacity();
    }

    /** The deadline of the timer due first; only when not {@link #isEmpty()}. */
    long nextDeadline() {
        return heap.peek().deadline;
    }

    /** How long select may sleep at {@code now}: 0 = until woken, -1 = not at all (a timer is due). */
    long selectTimeoutMillis(long now) {
        Timeout next = heap.peek();
        if (next == null) {
            return 0;   // 0 = block until woken
        }
        long nanos = next.deadline - now;
        if (nanos <= 0) {
            return -1;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    /** Step 2: every timer due now; one cancelled by an earlier one of the batch does not run. */
    void runDue() {
        if (heap.isEmpty()) {
            return;
        }
        long now = clock.nanoTime();
        Timeout t;
        while ((t = heap.peek()) != null && t.deadline - now <= 0) {
            heap.poll();
            t.state = Timeout.DUE;
            due.add(t);
        }
        boolean timed = LoopEvents.slowCallbacksRecorded();
        for (int i = 0; i < due.size(); i++) {
            Timeout next = due.get(i);
            if (next.state != Timeout.DUE) {
                continue;           // cancelled by an earlier timer of this batch
            }
            Runnable task = next.task;
            next.state = Timeout.FIRED;
            next.task = null;
            recorder.timerFired(now - next.deadline);
            runner.tick();
            if (timed) {
                LoopEvents.runTimed(runner, task, "timer");
            } else {
                runner.runCallback(task);
            }
        }
        due.clear();
    }
}
