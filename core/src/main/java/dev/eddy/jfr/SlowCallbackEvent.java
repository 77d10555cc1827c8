package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * {@code dev.eddy.SlowCallback}: one callback, timer or IO handler that ran longer than the
 * event's threshold (10 ms unless a recording's settings say otherwise, e.g.
 * {@code jfr configure dev.eddy.SlowCallback#threshold=1ms}). Below the watchdog's threshold
 * this is how to find the callbacks that make a loop sluggish without blocking it.
 *
 * <p>A duration event: the loop begins it before the work and ends it after, but only in
 * iterations where {@link Flight#slowCallbacksRecorded()} said the event is
 * wanted, so a loop nobody records
 * times nothing. Its stack trace would show the loop's own frames after the work returned,
 * so it is off. Only touched once {@link Flight#active()}.
 */
@Name("dev.eddy.SlowCallback")
@Category("Eddy")
@Label("Slow Callback")
@Description("A callback, timer or IO handler that ran on a loop for longer than the threshold")
@Threshold("10 ms")
@StackTrace(false)
public final class SlowCallbackEvent extends Event {

    /** The loop's name. */
    @Label("Loop")
    public String loop;

    /** "callback", "timer" or "IO handler". */
    @Label("Kind")
    public String kind;

    /** The class of the callback or handler the loop ran; a lambda is named after the class that wrote it. */
    @Label("Callback Class")
    public String callbackClass;

    /** An event to begin, end, and commit if it lasted long enough. */
    public SlowCallbackEvent() {
    }
}
