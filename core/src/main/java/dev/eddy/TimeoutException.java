package dev.eddy;

/**
 * Something did not finish in the time it was given: a future under
 * {@link Futures#withTimeout}, {@link IOLoop#runSync}, a lock acquire, a read...
 *
 * <p>Unchecked, like every failure a future carries in Eddy, so it travels through
 * futures and coroutines without wrapping. More specific timeouts (connect, queue wait,
 * whole request) extend it, so one {@code catch (TimeoutException e)} catches them all.
 */
public class TimeoutException extends RuntimeException {

    /**
     * An exception saying {@code message}.
     *
     * @param message says what timed out and after how long
     */
    public TimeoutException(String message) {
        super(message);
    }

    /**
     * An exception saying {@code message}, caused by {@code cause}.
     *
     * @param message says what timed out and after how long
     * @param cause the error underneath, or null
     */
    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
