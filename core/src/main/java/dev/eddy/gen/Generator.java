package dev.eddy.gen;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A function that produces its values one at a time, on demand, Python's generator: the
 * body runs until it yields a value, and stays stopped there, with its local variables,
 * until somebody asks for the next one.
 *
 * <pre>
 *   Generator&lt;Integer&gt; squares = Generator.of(out -&gt; {
 *       for (int i = 1; ; i++) {
 *           out.yield(i * i);              // stops here until the next pull
 *       }
 *   });
 *   for (int s : squares) { if (s &gt; 50) break; System.out.println(s); }
 *   squares.close();                       // releases the unfinished body
 * </pre>
 *
 * <p>Beyond iteration, a generator can be talked to, as Python's can: {@link #send(Object)}
 * advances it and makes the pending {@code yield} return a value; {@link #throwIn(Throwable)}
 * throws an exception at the pending {@code yield}; {@link #close()} unwinds an unfinished
 * body ({@link ContinuationClosedError} at the {@code yield}) so its {@code finally} blocks run.
 *
 * <p>A generator is a {@link Continuation} plus a mailbox for the values going each way. It is
 * not thread-safe: one consumer at a time. It is single-use: {@link #iterator()} returns the
 * generator itself, and a finished generator stays finished.
 *
 * @param <T> the type of the values it yields
 */
public final class Generator<T> implements Iterable<T>, Iterator<T>, AutoCloseable {

    /**
     * The code of a generator: it yields values through the {@link Yielder} it is given.
     *
     * @param <T> the type of the values yielded
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * The generator's code: it hands each value to {@code out.yield(value)}, which
         * suspends until the next value is asked for.
         *
         * @param out where the body hands its values, one {@code yield} at a time
         */
        void run(Yielder<T> out);
    }

    private final Mailbox<T> mailbox;
    private final Continuation continuation;
    private boolean buffered;          // a value was yielded and not handed out yet

    private Generator(ContinuationEngine engine, Body<T> body) {
        Objects.requireNonNull(body, "body");
        this.mailbox = new Mailbox<>();
        Mailbox<T> box = mailbox;       // the body must not capture `this` (see Mailbox)
        this.continuation = engine.create(s -> {
            box.suspender = s;
            body.run(box);
        });
    }

    /**
     * A generator of {@code body} on the default continuation engine. Nothing runs until the first pull.
     *
     * @param <T> the type of the values yielded
     * @param body the generator's code; it yields values through the {@link Yielder} it is given
     * @return a new generator, not started
     */
    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<>(ContinuationEngine.defaultEngine(), body);
    }

    /**
     * A generator of {@code body} on {@code engine}.
     *
     * @param <T> the type of the values yielded
     * @param engine the continuation engine that suspends the body at each yield
     * @param body the generator's code; it yields values through the {@link Yielder} it is given
     * @return a new generator, not started
     */
    public static <T> Generator<T> of(ContinuationEngine engine, Body<T> body) {
        return new Generator<>(Objects.requireNonNull(engine, "engine"), body);
    }

    /** Runs the body up to its next {@code yield}, if no value is waiting; false when it has ended. */
    @Override
    public boolean hasNext() {
        if (!buffered && !continuation.isDone()) {
            advance();
        }
        return buffered;
    }

    /**
     * The next value.
     *
     * @throws NoSuchElementException when the body has ended
     * @throws RuntimeException what the body threw (the generator is then finished)
     */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("generator finished");
        }
        return take();
    }

    /**
     * Resumes the body with {@code value} as the result of its pending {@code yield}, and
     * returns the next value it yields. On a generator that has not started, only
     * {@code null} may be sent (there is no {@code yield} to receive it yet): that starts it.
     *
     * @param value what the pending {@code yield} returns in the body; must be null on a generator
     *     that has not started
     * @return the next value the body yields
     * @throws NoSuchElementException when the body ends instead of yielding
     * @throws IllegalStateException when a value pulled by {@link #hasNext()} is still waiting,
     *         or a non-null value is sent to a generator that has not started
     */
    public T send(Object value) {
        checkNothingWaiting("send");
        if (!continuation.isStarted() && value != null) {
            throw new IllegalStateException("can't send a non-null value to a generator that has not started; "
                    + "call next() (or send(null)) first");
        }
        mailbox.sent = value;
        return advanceOrEnd();
    }

    /**
     * Throws {@code exception} into the body at its pending {@code yield} (checked or not,
     * exactly as given). If the body catches it and yields again, returns that value; if it
     * does not catch it, the exception comes back out of this call. A generator that has not
     * started is finished without running, and the exception thrown here.
     *
     * @param exception what to throw in the body at its pending {@code yield}
     * @return the next value the body yields after catching {@code exception}
     * @throws NoSuchElementException when the body catches it and ends without yielding
     */
    public T throwIn(Throwable exception) {
        Objects.requireNonNull(exception, "exception");
        checkNothingWaiting("throwIn");
        if (!continuation.isStarted()) {
            continuation.close();
            throw Continuation.sneakyThrow(exception);
        }
        if (continuation.isDone()) {
            throw Continuation.sneakyThrow(exception);
        }
        mailbox.thrown = exception;
        return advanceOrEnd();
    }

    /**
     * Releases an unfinished generator: its body gets {@link ContinuationClosedError} at the
     * pending {@code yield}, its {@code finally} blocks run, and it ends. Safe to call more
     * than once and on a finished generator.
     */
    @Override
    public void close() {
        buffered = false;
        mailbox.value = null;
        continuation.close();
    }

    /**
     * True once the body has ended and no value is waiting.
     *
     * @return whether the generator has no more values
     */
    public boolean isDone() {
        return !buffered && continuation.isDone();
    }

    /** This generator itself: a generator is single-use, like a Python generator. */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    /**
     * The engine its body runs on.
     *
     * @return the continuation engine running the body
     */
    public ContinuationEngine engine() {
        return continuation.engine();
    }

    private void checkNothingWaiting(String what) {
        if (buffered) {
            throw new IllegalStateException(what + ": a value pulled by hasNext() is still waiting; take it with next() first");
        }
    }

    private T advanceOrEnd() {
        if (continuation.isDone()) {
            throw new NoSuchElementException("generator finished");
        }
        advance();
        if (!buffered) {
            throw new NoSuchElementException("generator finished");
        }
        return take();
    }

    private void advance() {
        mailbox.yielded = false;
        try {
            continuation.resume();
        } finally {
            mailbox.sent = null;
            mailbox.thrown = null;
        }
        buffered = mailbox.yielded;
    }

    private T take() {
        T v = mailbox.value;
        mailbox.value = null;
        buffered = false;
        return v;
    }

    @Override
    public String toString() {
        return "Generator[" + continuation.engine() + ", "
                + (continuation.isDone() ? "done" : continuation.isStarted() ? "suspended" : "new") + "]";
    }

    /**
     * The values crossing between consumer and body. It is all the body can reach of its
     * generator: on the thread engine, a body that referred to the {@link Generator} would
     * keep it reachable from its own thread, and a dropped generator could never be
     * noticed and released.
     */
    private static final class Mailbox<T> implements Yielder<T> {
        Continuation.Suspender suspender;
        T value;
        boolean yielded;
        Object sent;
        Throwable thrown;

        @Override
        public Object yield(T v) {
            value = v;
            yielded = true;
            suspender.suspend();
            Throwable t = thrown;
            if (t != null) {
                thrown = null;
                throw Continuation.sneakyThrow(t);
            }
            Object s = sent;
            sent = null;
            return s;
        }
    }
}
