package dev.eddy.gen;

/**
 * A continuation body tried to suspend where it cannot: the JDK's native continuations
 * refuse to unmount a stack that holds a monitor ({@code synchronized}, on JDK 21-23), that
 * has a native frame (a call through JNI, some reflection, a class initializer) between
 * the suspension point and the body's start, or that is in a critical section.
 *
 * <p><b>Never await inside {@code synchronized}.</b> On JDK 24 and later a monitor no longer
 * pins, which is worse: the suspended coroutine keeps the monitor, and the next coroutine on
 * the same loop that enters it blocks the loop thread forever. Eddy checks the one monitor
 * it can name at an await (the awaited future's) but cannot see every monitor cheaply (set {@code -Deddy.continuations.checkMonitors=true} to check for any
 * before each suspension, at some cost), so the rule is yours to keep: use the loop's own locks ({@code dev.eddy.sync}),
 * which make a coroutine wait without holding a thread.
 */
public final class ContinuationPinnedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why a continuation could not suspend. */
    public enum Cause {
        /** A monitor is held: {@code synchronized} around the suspension point. */
        MONITOR("a monitor is held (await inside a synchronized block or method): never await inside synchronized"),
        /** A native frame is on the stack between the body's start and the suspension point. */
        NATIVE("a native frame is on the stack (a call through JNI or reflection, or a class initializer, "
                + "between the coroutine's start and the await)"),
        /** The stack is in a critical section where the JDK forbids unmounting. */
        CRITICAL_SECTION("the stack is in a JDK critical section"),
        /** Anything else the JDK reports. */
        OTHER("the JDK refused to unmount the stack");

        private final String explanation;

        Cause(String explanation) {
            this.explanation = explanation;
        }

        /**
         * What the cause means and how to fix it, in a sentence for the log.
         *
         * @return a sentence saying what pinned the continuation and how to avoid it
         */
        public String explanation() {
            return explanation;
        }
    }

    /** Why the continuation could not suspend. */
    private final Cause pinCause;

    /**
     * Why an await could not suspend ({@code cause}), with what Eddy saw ({@code detail}) and
     * the JDK's own error, if any.
     *
     * @param cause what kept the stack from unmounting
     * @param detail what Eddy saw at the suspension point (such as the frame that pinned it), or
     *     null
     * @param jdkError the error the JDK raised when it refused to unmount, or null; becomes the
     *     cause
     */
    public ContinuationPinnedException(Cause cause, String detail, Throwable jdkError) {
        super("cannot suspend here: " + cause.explanation() + (detail == null ? "" : " [" + detail + "]"), jdkError);
        this.pinCause = cause;
    }

    /**
     * What pinned the continuation.
     *
     * @return what pinned the continuation, as given at construction
     */
    public Cause pinCause() {
        return pinCause;
    }

    /** Maps the JDK's "Pinned: REASON" message to a cause. */
    static Cause causeFromJdkMessage(String message) {
        if (message == null) {
            return Cause.OTHER;
        }
        if (message.contains("MONITOR")) {
            return Cause.MONITOR;
        }
        if (message.contains("NATIVE")) {
            return Cause.NATIVE;
        }
        if (message.contains("CRITICAL_SECTION")) {
            return Cause.CRITICAL_SECTION;
        }
        return Cause.OTHER;
    }
}
