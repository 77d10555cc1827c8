package dev.eddy.jfr;

import dev.eddy.internal.SafeLog;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the JDK Flight Recorder has started in this JVM: the gate in front of every Eddy
 * event, so that a program nobody records pays (almost) nothing for them.
 *
 * <p>Why a gate of our own: the first use of an event class (creating one, asking for its
 * {@link jdk.jfr.EventType}, registering a periodic event) initializes the recorder's
 * metadata, which costs a few hundred milliseconds of start-up and a few megabytes of heap
 * even when nothing is ever recorded. Listening for the recorder's start costs only a
 * listener ({@link FlightRecorder#addListener}). So until a recording starts
 * ({@code -XX:StartFlightRecording}, {@code jcmd <pid> JFR.start}, a {@code Recording} in
 * code), {@link #active()} is false, no event class is loaded, and the loop's check is one
 * read of a field. Once the recorder has started it stays initialized for the life of the
 * JVM, and each event type's {@code isEnabled()} decides ({@link #slowCallbacksRecorded()}
 * and its siblings). The checks live here, not in the event classes, because calling a
 * static method of an event class loads it.
 *
 * <p>Never throws: without the {@code jdk.jfr} module (a trimmed runtime image) Eddy simply
 * records nothing. Thread-safe.
 */
public final class Flight {

    private static final System.Logger LOG = System.getLogger("dev.eddy.jfr");
    private static final CopyOnWriteArrayList<Runnable> WHEN_ACTIVE = new CopyOnWriteArrayList<>();
    private static volatile boolean active;

    static {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    activate();
                }
            });
        } catch (Throwable noFlightRecorder) {
            // a runtime image without jdk.jfr, or a security manager that says no: record nothing
        }
    }

    private Flight() {
    }

    /**
     * True once the Flight Recorder has been started in this JVM: only then may an Eddy event
     * class be touched.
     *
     * @return whether the recorder is initialized
     */
    public static boolean active() {
        return active;
    }

    /**
     * True when a recording wants {@code dev.eddy.SlowCallback} now: the loop times its work
     * only then.
     *
     * @return whether the recorder runs and the event is enabled
     */
    public static boolean slowCallbacksRecorded() {
        return active && Types.SLOW_CALLBACK.isEnabled();
    }

    /**
     * True when a recording wants {@code dev.eddy.ConnectionAccepted} now.
     *
     * @return whether the recorder runs and the event is enabled
     */
    public static boolean acceptedConnectionsRecorded() {
        return active && Types.CONNECTION_ACCEPTED.isEnabled();
    }

    /**
     * True when a recording wants {@code dev.eddy.ConnectionClosed} now.
     *
     * @return whether the recorder runs and the event is enabled
     */
    public static boolean closedConnectionsRecorded() {
        return active && Types.CONNECTION_CLOSED.isEnabled();
    }

    /**
     * True when a recording wants {@code dev.eddy.HttpRequest} now.
     *
     * @return whether the recorder runs and the event is enabled
     */
    public static boolean httpRequestsRecorded() {
        return active && Types.HTTP_REQUEST.isEnabled();
    }

    /**
     * Runs {@code hook} once the recorder is initialized: now (on the calling thread) if it
     * is, else on the thread that starts it. Each hook runs once; one that throws is dropped.
     *
     * @param hook what to do, such as registering a periodic event
     */
    public static void whenActive(Runnable hook) {
        WHEN_ACTIVE.add(hook);
        if (active) {
            runOnce(hook);      // activate() may have run before the add: whoever removes it runs it
        }
    }

    /**
     * The event types the hot paths ask about. Looking a type up loads and registers its
     * event class, so this holder is initialized only when a check above finds the
     * recorder {@link #active()}.
     */
    private static final class Types {
        static final EventType SLOW_CALLBACK = EventType.getEventType(SlowCallbackEvent.class);
        static final EventType CONNECTION_ACCEPTED = EventType.getEventType(ConnectionAcceptedEvent.class);
        static final EventType CONNECTION_CLOSED = EventType.getEventType(ConnectionClosedEvent.class);
        static final EventType HTTP_REQUEST = EventType.getEventType(HttpRequestEvent.class);
    }

    private static void activate() {
        active = true;
        for (Runnable hook : WHEN_ACTIVE) {
            runOnce(hook);
        }
    }

    private static void runOnce(Runnable hook) {
        if (WHEN_ACTIVE.remove(hook)) {
            try {
                hook.run();
            } catch (Throwable t) {
                // an event that cannot be registered is not worth failing the recorder's start
                SafeLog.log(LOG, System.Logger.Level.WARNING, "an Eddy event could not be registered with the Flight Recorder", t);
            }
        }
    }
}
