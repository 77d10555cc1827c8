package dev.eddy.gen;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * Where continuations come from: the two engines behind {@link Continuation}, and the
 * choice between them.
 *
 * <ul>
 *   <li><b>native</b> ({@link #nativeEngine()}): the JDK's {@code jdk.internal.vm.Continuation},
 *       the machinery under virtual threads. The body runs on the caller's own stack; a
 *       suspend copies the frames to the heap and a resume copies them back: cheap enough
 *       for a coroutine per connection.
 *       Needs JDK 21+ and {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.</li>
 *   <li><b>thread</b> ({@link #threadEngine()}): public API only. The body runs on a thread
 *       of its own (virtual when the JDK has them, platform otherwise, or one from your
 *       {@link ThreadFactory}); caller and body hand control to each other so that exactly
 *       one of them runs. Portable, but each hand-over is a thread wake-up: cheap between
 *       virtual threads, a trip through the kernel with platform threads, so on JDK 17 it
 *       suits hundreds of coroutines, not 100,000.</li>
 * </ul>
 *
 * <p>The default is chosen once, at first use: native when it can be reached, otherwise
 * thread. {@code -Deddy.continuations=native|thread|auto} forces it ({@code native} fails
 * loudly when unavailable). The choice is logged once at INFO on logger {@code dev.eddy.gen}.
 * What each engine costs, measured, is in the project's {@code docs/performance.md}.
 */
public abstract sealed class ContinuationEngine permits NativeEngine, ThreadEngine {

    static final System.Logger LOG = System.getLogger("dev.eddy.gen");

    /** The system property that forces the default engine. */
    public static final String PROPERTY = "eddy.continuations";

    ContinuationEngine() {
    }

    /**
     * The engine used when none is named: see the class comment.
     *
     * @return the default engine of this JVM, the same instance on every call
     */
    public static ContinuationEngine defaultEngine() {
        return DefaultHolder.ENGINE;
    }

    /**
     * The native engine.
     *
     * @return the engine that runs bodies on the JDK's internal continuations
     * @throws UnsupportedOperationException naming the reason (old JDK, missing
     *         {@code --add-exports}) when it cannot be reached
     */
    public static ContinuationEngine nativeEngine() {
        String why = NativeEngine.unavailableReason();
        if (why != null) {
            throw new UnsupportedOperationException("native continuations are unavailable: " + why);
        }
        return NativeEngine.INSTANCE;
    }

    /**
     * True when {@link #nativeEngine()} works in this JVM.
     *
     * @return whether {@link #nativeEngine()} returns rather than throws
     */
    public static boolean isNativeAvailable() {
        return NativeEngine.unavailableReason() == null;
    }

    /**
     * Why the native engine cannot be used here, or null when it can.
     *
     * @return the reason, for a log line, or null when the native engine is available
     */
    public static String nativeUnavailableReason() {
        return NativeEngine.unavailableReason();
    }

    /**
     * The thread engine on virtual threads when the JDK has them (21+), platform threads otherwise.
     *
     * @return the shared thread engine
     */
    public static ContinuationEngine threadEngine() {
        return ThreadEngine.DEFAULT;
    }

    /**
     * A thread engine whose bodies run on threads from {@code factory}: for naming, stack
     * size, or to watch them. Each continuation takes one thread from it, at its first resume.
     *
     * @param factory makes the thread each continuation's body runs on
     * @return a new thread engine using {@code factory}
     */
    public static ContinuationEngine threadEngine(ThreadFactory factory) {
        return new ThreadEngine(factory, "thread (custom ThreadFactory)");
    }

    /**
     * A continuation of {@code body} on this engine; nothing runs until its first resume.
     *
     * @param body the code to run; it gets a {@link Continuation.Suspender} to suspend itself with
     * @return a new continuation, not started
     */
    public Continuation create(Continuation.Body body) {
        return create(body, Continuation.MountHooks.NONE);
    }

    abstract Continuation create(Continuation.Body body, Continuation.MountHooks hooks);

    /**
     * A short name: "native" or "thread".
     *
     * @return {@code "native"} or {@code "thread"}
     */
    public abstract String name();

    /**
     * One line saying what this engine runs on, for logs and reports.
     *
     * @return a human-readable description, for logs and reports
     */
    public abstract String description();

    @Override
    public String toString() {
        return name();
    }

    /**
     * The engine {@code -Deddy.continuations=wanted} selects: {@code native}, {@code thread},
     * or {@code auto} (or empty): native when reachable, thread otherwise.
     *
     * @throws UnsupportedOperationException for {@code native} when it is unavailable
     * @throws IllegalArgumentException for any other value
     */
    static ContinuationEngine select(String wanted) {
        return switch (wanted.trim().toLowerCase(Locale.ROOT)) {
            case "native" -> nativeEngine();
            case "thread" -> ThreadEngine.DEFAULT;
            case "auto", "" -> NativeEngine.unavailableReason() == null ? NativeEngine.INSTANCE : ThreadEngine.DEFAULT;
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + wanted + ": expected native, thread or auto");
        };
    }

    private static final class DefaultHolder {
        static final ContinuationEngine ENGINE = choose();

        private static ContinuationEngine choose() {
            ContinuationEngine chosen = select(System.getProperty(PROPERTY, "auto"));
            String nativeProblem = NativeEngine.unavailableReason();
            LOG.log(System.Logger.Level.INFO, "continuation engine: " + chosen.description()
                    + (nativeProblem == null ? "" : " (native unavailable: " + nativeProblem + ")"));
            return chosen;
        }
    }
}
