package dev.eddy;

/**
 * What a loop in test mode tells about the things it hands out, so that
 * {@code dev.eddy.testing.TestLoop} can name what is still pending when a test times out,
 * and report leaks (with where each thing was made) when the test's loop closes.
 *
 * <p>Why it exists: production must pay nothing for this. A loop gets a tracker only through
 * {@link LoopOptions#withTracker}, which only the testing package uses; every hook
 * is one field read and a null check at the place it watches, and the hooks on hot paths
 * (creating a future, delivering its callbacks, creating a timer) cost no more than that.
 *
 * <p>Must be thread-safe: futures are created and completed, and timers created, on any
 * thread. Must never throw, and never complete or call back into what it is told about.
 *
 * <p>Public (and exported) because a loop option has this type; an application has no use
 * for it: {@code dev.eddy.testing.TestLoop} is the one implementation that matters.
 */
public interface LoopTracker {

    /**
     * A timer was created by {@code callAt}/{@code callLater} (on the calling thread).
     *
     * @param timer the new timer, not yet scheduled
     */
    void timerCreated(Timeout timer);

    /**
     * A channel was registered with the loop.
     *
     * @param registration the new registration, its channel already registered
     */
    void channelRegistered(ChannelRegistration registration);

    /**
     * A coroutine started; {@code result} is the future of what its body returns.
     *
     * @param result the future that completes with the body's result
     */
    void coroutineStarted(Future<?> result);

    /**
     * A future was created (a {@code Promise}, a combinator's result, a coroutine's result).
     *
     * @param future the new future, still pending
     */
    void futureCreated(Future<?> future);

    /**
     * A future failed (not cancelled) with {@code failure}, before anyone can see it done.
     *
     * @param future the future that failed
     * @param failure what it failed with
     */
    void futureFailed(Future<?> future, Throwable failure);

    /**
     * Someone looked at a failed future's failure: a done-callback ran, or join/cause was called.
     *
     * @param future the failed future whose failure was looked at
     */
    void failureObserved(Future<?> future);
}
