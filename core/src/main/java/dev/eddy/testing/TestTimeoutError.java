package dev.eddy.testing;

/**
 * Thrown by {@link TestLoop#run} when the task did not finish within its deadline, and by
 * {@link LoopOnThread}'s calls when theirs passes. {@code TestLoop}'s message names what was
 * still pending at that moment (armed timers with their due times, open channels, suspended
 * coroutines, each with where it was made), which is usually the answer to "what was it
 * waiting for?"; {@code LoopOnThread}'s carries the loop thread's stack.
 *
 * <p>An {@link AssertionError}, not an {@link dev.eddy.TimeoutException}: a task that fails
 * with its own timeout (a read timeout, a {@code withTimeout}) is thrown as it is, and
 * stays distinguishable from the test's deadline passing.
 */
public final class TestTimeoutError extends AssertionError {

    TestTimeoutError(String message) {
        super(message);
    }
}
