package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code dev.eddy.LoopBlocked}: the watchdog found a loop stuck in one callback, timer or
 * handler for longer than its {@code blockingThreshold}. The same episode the watchdog logs,
 * with the loop thread's stack taken while it was blocked.
 *
 * <p>Committed by the watchdog thread, so the event's own thread and stack trace would say
 * nothing (they are off); the loop's stack is in {@link #stack}. Only touched once
 * {@link Flight#active()}.
 */
@Name("dev.eddy.LoopBlocked")
@Category("Eddy")
@Label("Loop Blocked")
@Description("A loop was stuck in one callback, timer or IO handler for longer than its blocking threshold")
@StackTrace(false)
public final class LoopBlockedEvent extends Event {

    /** The loop's name ({@code LoopOptions.name()}). */
    @Label("Loop")
    public String loop;

    /** What the loop was running: kind and entry frame, e.g. "IO handler dev.eddy.http.HttpConnection.onReady". */
    @Label("Callback")
    @Description("What the loop was running when it blocked: the kind and the method the loop called")
    public String callback;

    /** How long the loop had been stuck when the watchdog looked: at least this long. */
    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    /** The loop thread's stack while blocked, one frame a line, innermost first. */
    @Label("Loop Thread Stack")
    public String stack;

    /** An event to fill in and commit. */
    public LoopBlockedEvent() {
    }
}
