package dev.eddy.gen;

/**
 * What a {@link Generator}'s body is given to produce its values: the {@code yield} Java
 * does not have. {@code out.yield(v)} hands {@code v} to whoever pulls the next value and
 * stops the body there until the next pull.
 *
 * @param <T> the type of the values the generator yields
 */
@FunctionalInterface
public interface Yielder<T> {

    /**
     * Yields {@code value} and suspends until the generator is advanced again.
     *
     * <p>Whatever was thrown in with {@link Generator#throwIn(Throwable)} is thrown here,
     * checked or not, exactly as given.
     *
     * @param value the value handed to whoever advances the generator; may be null
     * @return the value passed to {@link Generator#send(Object)}, or null when it was
     *         advanced with {@code next()}
     * @throws ContinuationClosedError when the generator is being closed (let it propagate)
     */
    Object yield(T value);
}
