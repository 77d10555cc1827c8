package dev.eddy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@link IOLoop#runSync}: runs a loop on the calling thread until one task's future is done,
 * which is how a {@code main} method or a test drives a loop. One object per call, holding
 * what the run learns: the task's future, whether the timeout cancelled it, and whether the
 * run is still going (a done-callback that fires in a <em>later</em> run of the loop must not
 * stop that run).
 *
 * <p>Loop thread only: every field is touched by the thread that called {@code runSync},
 * which is the loop thread for as long as the run lasts.
 */
final class SyncRun<T> {

    private final IOLoop loop;
    private Future<T> future;
    private boolean timedOut;
    /** False once this runSync returned: its task's done-callback must not stop a later run. */
    private boolean running = true;

    private SyncRun(IOLoop loop) {
        this.loop = loop;
    }

    /** See {@link IOLoop#runSync}: its contract is this method's. */
    static <T> T run(IOLoop loop, Supplier<? extends Future<T>> task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        loop.enter();                 // first, so a refused runSync leaves nothing queued behind
        SyncRun<T> sync = new SyncRun<>(loop);
        try {
            loop.addFirstCallback(() -> sync.start(task));
            Timeout timer = timeout == null ? null : loop.callLater(timeout, sync::timeUp);
            loop.loopRun().runUntilStopped();
            sync.running = false;
            if (timer != null) {
                timer.cancel();     // still the loop thread: leaves nothing in the heap
            }
        } finally {
            loop.exit();
        }
        if (sync.timedOut) {
            throw new TimeoutException("runSync: the task did not finish within " + timeout);
        }
        Future<T> f = sync.future;
        if (f == null || !f.isDone()) {
            throw new IllegalStateException("IOLoop '" + loop.name() + "' was stopped before the runSync task finished");
        }
        return f.join();
    }

    /** The loop's first callback: starts the task, and stops the loop once its future is done. */
    private void start(Supplier<? extends Future<T>> task) {
        Future<T> f;
        try {
            f = Objects.requireNonNull(task.get(), "runSync task returned null instead of a Future");
        } catch (Throwable t) {
            f = Future.failed(loop, t);
        }
        future = f;
        f.addDoneCallback(done -> stopAfterWhatIsQueued());
    }

    /**
     * The task's future is done: stop the loop one loop callback later, so runSync returns
     * only after the loop has run what was queued when the future completed (a done-callback
     * may run before callbacks added earlier, see {@link Future}).
     */
    private void stopAfterWhatIsQueued() {
        try {
            loop.addCallback(() -> {
                if (running) {     // a later run of this loop is none of its business
                    loop.stop();
                }
            });
        } catch (RejectedExecutionException closed) {
            loop.stop();           // close() stops the loop anyway; say so again, harmlessly
        }
    }

    /**
     * The timeout passed. Cancel, and let the cancelled future's done-callback stop the loop:
     * the run ends settled, with nothing of this task left queued for the next one (as in
     * Tornado). A future that is done already (its callback not yet run) wins over the
     * timeout: that callback is on its way and stops the loop with the result.
     */
    private void timeUp() {
        if (future == null) {
            timedOut = true;   // cannot happen (the task runs first), but never hang
            loop.stop();
        } else if (future.cancel()) {
            timedOut = true;
        }
    }
}
