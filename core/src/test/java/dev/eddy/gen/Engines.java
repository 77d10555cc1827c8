package dev.eddy.gen;

import org.junit.jupiter.api.Assumptions;

import java.util.stream.Stream;

/**
 * The two continuation engines as test parameters: every generator and coroutine test runs
 * once per engine. The native one is skipped, with the reason shown in the test report,
 * where it cannot be reached (JDK 17, or a JVM without the --add-exports).
 */
public final class Engines {

    private Engines() {
    }

    /** For {@code @MethodSource("dev.eddy.gen.Engines#names")}. */
    public static Stream<String> names() {
        return Stream.of("native", "thread");
    }

    /** The engine called {@code name}; skips the test when it is unavailable here. */
    public static ContinuationEngine get(String name) {
        if (name.equals("native")) {
            Assumptions.assumeTrue(ContinuationEngine.isNativeAvailable(),
                    () -> "native engine skipped: " + ContinuationEngine.nativeUnavailableReason());
            return ContinuationEngine.nativeEngine();
        }
        return ContinuationEngine.threadEngine();
    }

    /** True when the default thread engine runs on platform threads (JDK 17-20). */
    static boolean platformThreads() {
        return ThreadEngine.virtualThreadFactory() == null;
    }
}
