package dev.eddy.gen;

/**
 * Thrown at a body's suspension point when its {@link Continuation} (or {@link Generator})
 * is closed before it finished, Python's {@code GeneratorExit}: it unwinds the body so its
 * {@code finally} blocks and try-with-resources run.
 *
 * <p>It is an {@link Error}, not an exception, so that the usual {@code catch (Exception e)}
 * in a body does not swallow it by accident. A body that catches it anyway must not suspend
 * again: every later suspension throws it once more. Never thrown to the caller of
 * {@code close()}.
 */
public final class ContinuationClosedError extends Error {

    private static final long serialVersionUID = 1L;

    /** The error that closing a suspended continuation throws in at its suspension point. */
    public ContinuationClosedError() {
        // The stack trace of an unwinding signal is noise; not filling it in keeps close() cheap.
        super("continuation closed while suspended; unwinding its body", null, false, false);
    }
}
