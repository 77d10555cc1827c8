package dev.eddy.gen;

/**
 * A computation that can stop in the middle and be resumed later: the one primitive that
 * {@link Generator} and {@link Coroutine} are built from.
 *
 * <p>The caller drives it with {@link #resume()}: the body runs until it calls
 * {@link Suspender#suspend()} (then {@code resume} returns {@code true}) or until it ends
 * ({@code resume} returns {@code false}; an exception from the body comes out of
 * {@code resume}). The next {@code resume} carries on right after that {@code suspend}, with
 * every local variable as it was. Java has no {@code yield} keyword; this is how Eddy gets one.
 *
 * <pre>
 *   Continuation c = Continuation.create(s -> {
 *       System.out.println("one");
 *       s.suspend();                 // resume() returns true here
 *       System.out.println("two");
 *   });                              // nothing runs yet
 *   c.resume();                      // prints one
 *   c.resume();                      // prints two, returns false: finished
 * </pre>
 *
 * <p>Two engines implement it, chosen by {@link ContinuationEngine#defaultEngine()}: the
 * JDK's own continuations (the machinery under virtual threads) and a portable one that runs
 * the body on a thread of its own and hands control back and forth. Either way exactly one of
 * caller and body runs at any moment, and everything the body wrote is visible to the caller
 * when {@code resume} returns (and the other way round).
 *
 * <p>A continuation is driven by one caller at a time; it is not thread-safe. It must never
 * be resumed while it is running (a clear {@link IllegalStateException} says so), and its
 * body must never suspend inside {@code synchronized} (see {@link ContinuationPinnedException}).
 */
public abstract class Continuation implements AutoCloseable {

    /** The code a continuation runs. It suspends itself through the {@link Suspender} it is given. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the body; {@code suspender} suspends it at any point until the next {@code run()}.
         *
         * @param suspender suspends this body until the next {@code resume()}
         */
        void run(Suspender suspender);
    }

    /** What a body calls to stop and hand control back to whoever resumed it. */
    @FunctionalInterface
    public interface Suspender {
        /**
         * Stops the body here; returns when the continuation is resumed.
         *
         * @throws IllegalStateException if called outside this continuation's body (on
         *         another thread, or inside a nested continuation)
         * @throws ContinuationPinnedException if the body cannot be suspended here (a
         *         monitor or native frame pins it)
         * @throws ContinuationClosedError when the continuation is being closed: let it
         *         propagate, so the body unwinds and its {@code finally} blocks run
         */
        void suspend();
    }

    /**
     * Called on the body's thread each time it starts or stops running, so a layer above can
     * move per-thread state along with it (coroutines use it to let the thread engine's body
     * thread stand in for the loop thread). {@code caller} is the thread that resumed it.
     */
    interface MountHooks {
        MountHooks NONE = new MountHooks() {
            @Override
            public void mounted(Thread caller) {
            }

            @Override
            public void unmounted(Thread caller) {
            }
        };

        void mounted(Thread caller);

        void unmounted(Thread caller);
    }

    Continuation() {
    }

    /**
     * A continuation of {@code body} on the {@linkplain ContinuationEngine#defaultEngine()
     * default engine}.
     *
     * @param body the code to run; it gets a {@link Suspender} to suspend itself with
     * @return a new continuation, not started: nothing runs until its first {@link #resume()}
     */
    public static Continuation create(Body body) {
        return ContinuationEngine.defaultEngine().create(body);
    }

    /**
     * Runs the body until it suspends or ends.
     *
     * @return true if it suspended (resume again to continue), false if it has finished
     * @throws IllegalStateException if it has already finished, or is running right now
     *         (resumed twice, or resumed from inside its own body)
     * @throws RuntimeException whatever the body threw (the continuation is then finished)
     */
    public abstract boolean resume();

    /**
     * True once the body has ended (normally, by an exception, or by {@link #close()}).
     *
     * @return whether the body has ended
     */
    public abstract boolean isDone();

    /**
     * True after the first {@link #resume()}.
     *
     * @return whether {@link #resume()} has been called at least once
     */
    public abstract boolean isStarted();

    /**
     * Releases an unfinished continuation: its body is resumed one last time with
     * {@link ContinuationClosedError} thrown at its suspension point, so its {@code finally}
     * blocks run, and it must then end (every later {@code suspend} throws again). Not
     * started: it is simply marked finished. Finished: does nothing.
     *
     * @throws RuntimeException an exception other than {@link ContinuationClosedError}
     *         that the body threw while unwinding
     */
    @Override
    public abstract void close();

    /**
     * The engine this continuation runs on.
     *
     * @return the engine that created this continuation
     */
    public abstract ContinuationEngine engine();

    /** True when the calling code is this continuation's body, and it is the innermost one running. */
    abstract boolean isCurrent();

    /**
     * {@link Suspender#suspend()} for a caller that has just made sure, with {@link #isCurrent()},
     * that it runs in this body: the coroutine runner checks first so that its error names the
     * coroutine call, and an await then need not ask the JDK the same question twice.
     */
    abstract void suspendCurrent();

    /**
     * Rethrows {@code t} without wrapping: unchecked as is, and checked ones too (they were
     * thrown in by a caller).
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
