package dev.eddy.sync;

/**
 * Proof that you hold a {@link Lock} or one permit of a {@link Semaphore}; closing it gives
 * the permit back. It exists for the try-with-resources form, so a holder cannot forget to
 * release on an exception path:
 *
 * <pre>{@code
 * try (Permit held = await(lock.acquire())) {   // inside a coroutine
 *     ... critical section, may await other futures ...
 * }                                              // released here, also on an exception
 * }</pre>
 *
 * <p>{@link #close()} releases <em>once</em>: a second close does nothing. That matters: after
 * the first release the lock may already belong to the next waiter, and a second release
 * would take it from them. Calling {@code lock.release()} yourself <em>and</em> closing the
 * permit is still a double release; use one or the other.
 *
 * <p>Loop thread only (closing releases, and releasing checks the thread).
 */
public final class Permit implements AutoCloseable {

    /** What a permit gives back to: a lock or a semaphore. */
    interface Owner {
        void release();
    }

    private Owner owner;

    Permit(Owner owner) {
        this.owner = owner;
    }

    /**
     * True until the permit has been closed.
     *
     * @return whether the permit is still held (not yet closed)
     */
    public boolean isHeld() {
        return owner != null;
    }

    /** Releases the lock or semaphore this permit came from; later calls do nothing. */
    @Override
    public void close() {
        Owner o = owner;
        if (o != null) {
            o.release();
            owner = null;     // only after a successful release: a wrong-thread close can be retried
        }
    }

    @Override
    public String toString() {
        return "Permit[" + (owner == null ? "released" : "held from " + owner) + "]";
    }
}
