package dev.eddy;

/**
 * What the loop counts and times about itself, behind {@link IOLoop#stats()}: iterations,
 * callbacks, timers and how late they ran, time asleep in {@code select} and time busy.
 * {@link LoopRun}'s iteration calls it at the edges of its steps; the steps themselves stay
 * free of bookkeeping.
 *
 * <p>An iteration reads the clock ({@code System.nanoTime}, never the loop's own clock,
 * which a test may drive) three times, four when channels were ready: when it begins, when
 * it starts to wait, when the wait ended with channels ready, when it ends. Waiting is the
 * time in {@code select}; the rest is busy.
 *
 * <p>Loop thread only for writing. Counters are plain fields, so counting costs the loop
 * nothing more than an add; a reader on another thread may see values an iteration old.
 * Nothing here allocates except {@link #snapshot}.
 */
final class LoopRecorder {

    private long iterations;
    private long callbacksRun;
    private long timersRun;
    private long worstTimerLagNanos;
    private long selectNanos;
    private long busyNanos;
    private final LatencyHistogram.Recorder timerLag = new LatencyHistogram.Recorder();
    private final LatencyHistogram.Recorder iterationBusy = new LatencyHistogram.Recorder();

    // the current iteration's edges, System.nanoTime()
    private long iterationStart;
    private long waitStart;
    private long ioStart;
    private boolean ioBegan;    // the wait ended with channels ready

    void iterationBegins() {
        iterations++;
        iterationStart = System.nanoTime();
    }

    /** A batch of {@code n} callbacks is about to run (all of them run). */
    void callbacksRun(int n) {
        callbacksRun += n;
    }

    /** A timer fires {@code lagNanos} after its deadline. */
    void timerFired(long lagNanos) {
        timersRun++;
        if (lagNanos > worstTimerLagNanos) {
            worstTimerLagNanos = lagNanos;
        }
        timerLag.record(lagNanos);
    }

    void waitBegins() {
        waitStart = System.nanoTime();
    }

    /** The wait ended with channels ready; their handlers run now. */
    void ioBegins() {
        ioStart = System.nanoTime();
        ioBegan = true;
    }

    void iterationEnds() {
        long end = System.nanoTime();
        long busy = waitStart - iterationStart;
        if (ioBegan) {
            selectNanos += ioStart - waitStart;
            busy += end - ioStart;
            ioBegan = false;
        } else {
            selectNanos += end - waitStart;
        }
        busyNanos += busy;
        iterationBusy.record(busy);
    }

    long iterations() {
        return iterations;
    }

    /** The snapshot {@link IOLoop#stats()} returns, with the counts the loop's parts keep. */
    LoopStats snapshot(int timersPending, long ioEvents, int callbacksPending, long blockedEpisodes) {
        return new LoopStats(iterations, callbacksRun, timersRun, timersPending, ioEvents, selectNanos, busyNanos,
                worstTimerLagNanos, callbacksPending, blockedEpisodes, timerLag.snapshot(), iterationBusy.snapshot());
    }
}
