package dev.eddy;

/**
 * An entry of the loop's callback queue that is not a {@link Runnable}: a completed future
 * whose done-callbacks are due. {@link Future} is the one kind there is.
 *
 * <p>Why it exists: a future completed on the loop queues <em>itself</em> rather than a
 * {@code Runnable} that would call it back, which saves an allocation per completion. The
 * parts of the loop that run queue entries (the {@code CallbackRunner}, the Flight Recorder's
 * timing in {@code LoopEvents}) must tell such an entry from a {@code Runnable}. They ask for
 * this small type, not for {@code Future}, so they stand below the futures they deliver:
 * a {@code Future} knows its loop, and the loop's lower parts know no {@code Future}.
 *
 * <p>Loop thread only. Never public: users see a {@code Future}, not a queue entry.
 */
abstract class CallbackDelivery {

    /** Runs the done-callbacks that were waiting; the loop calls it when this entry comes up. */
    abstract void deliverCallbacks();

    /** The class of the first callback a delivery would run: the slow-callback event names it. */
    abstract Class<?> firstCallbackClass();
}
