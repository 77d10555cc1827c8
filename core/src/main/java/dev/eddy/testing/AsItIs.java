package dev.eddy.testing;

/**
 * How the test helpers hand a task's failure to the test: as it is, never wrapped, so that
 * {@code assertThatThrownBy(...).isInstanceOf(IOException.class)} means what it says. Shared
 * by {@link TestLoop#run} and {@link LoopOnThread}; it must never wrap an exception or an
 * error (only a bare {@link Throwable}, which neither can be thrown as, is wrapped).
 */
final class AsItIs {

    private AsItIs() {
    }

    /**
     * Throws {@code failure} itself when it is an exception or an error.
     *
     * @param failure what the task failed with
     * @return never; declared so a caller can write {@code throw AsItIs.rethrow(t)}
     * @throws Exception {@code failure} itself, when it is an exception
     */
    static IllegalStateException rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("the task failed with a throwable that is neither exception nor error", failure);
    }
}
