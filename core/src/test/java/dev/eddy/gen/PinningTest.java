package dev.eddy.gen;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Suspending where a stack cannot (or must not) be unmounted fails with an error naming the
 * cause, never a silent hang.
 */
class PinningTest {

    private static final Object MONITOR = new Object();

    @ParameterizedTest
    @MonitorCheckOn
    @MethodSource("dev.eddy.gen.Engines#names")
    void withTheMonitorCheckOnSuspendingInsideSynchronizedNamesTheMonitor(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Assumptions.assumeTrue(engine.name().equals("native") || Engines.platformThreads(),
                "ThreadMXBean cannot see the monitors of virtual threads");
        Throwable[] seen = new Throwable[1];
        Continuation c = engine.create(s -> {
            synchronized (MONITOR) {
                try {
                    s.suspend();
                } catch (Throwable t) {
                    seen[0] = t;
                }
            }
        });
        assertThat(c.resume()).isFalse();
        assertThat(seen[0]).isInstanceOf(ContinuationPinnedException.class)
                .hasMessageContaining("never await inside synchronized");
        assertThat(((ContinuationPinnedException) seen[0]).pinCause()).isEqualTo(ContinuationPinnedException.Cause.MONITOR);
        assertThat(Thread.holdsLock(MONITOR)).isFalse();
    }

    @ParameterizedTest
    @MonitorCheckOn
    @MethodSource("dev.eddy.gen.Engines#names")
    void theMonitorCheckIgnoresMonitorsTheCallerHolds(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Continuation c = engine.create(Continuation.Suspender::suspend);
        synchronized (MONITOR) {            // the caller's monitor, below the continuation
            assertThat(c.resume()).isTrue();
        }
        assertThat(c.resume()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void suspendingInAClassInitializerIsPinnedByANativeFrame(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Assumptions.assumeTrue(engine.name().equals("native"), "only native continuations are pinned by native frames");
        Continuation c = engine.create(s -> {
            SuspenderHolder.suspender = s;
            SuspendsInInitializer.touch();
        });
        assertThat(c.resume()).isFalse();
        Throwable t = SuspendsInInitializer.failure;
        assertThat(t).isInstanceOf(ContinuationPinnedException.class);
        assertThat(((ContinuationPinnedException) t).pinCause()).isEqualTo(ContinuationPinnedException.Cause.NATIVE);
        assertThat(t.getMessage()).contains("native frame");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void theMessageOfEachCauseSaysWhatToDo(String engineName) {
        Engines.get(engineName);
        assertThat(ContinuationPinnedException.causeFromJdkMessage("Pinned: MONITOR"))
                .isEqualTo(ContinuationPinnedException.Cause.MONITOR);
        assertThat(ContinuationPinnedException.causeFromJdkMessage("Pinned: NATIVE"))
                .isEqualTo(ContinuationPinnedException.Cause.NATIVE);
        assertThat(ContinuationPinnedException.causeFromJdkMessage("Pinned: CRITICAL_SECTION"))
                .isEqualTo(ContinuationPinnedException.Cause.CRITICAL_SECTION);
        assertThat(ContinuationPinnedException.causeFromJdkMessage(null)).isEqualTo(ContinuationPinnedException.Cause.OTHER);
        Throwable t = catchThrowable(() -> {
            throw new ContinuationPinnedException(ContinuationPinnedException.Cause.MONITOR, "Pinned: MONITOR", null);
        });
        assertThat(t).hasMessageContaining("synchronized").hasMessageContaining("[Pinned: MONITOR]");
    }

    /** A class whose static initializer suspends: the JVM runs initializers from a native frame. */
    static final class SuspendsInInitializer {
        static Throwable failure;

        static {
            try {
                SuspenderHolder.suspender.suspend();
            } catch (Throwable t) {
                failure = t;
            }
        }

        static void touch() {
        }
    }

    /** Kept apart: writing a static field of SuspendsInInitializer would initialize it too early. */
    static final class SuspenderHolder {
        static Continuation.Suspender suspender;
    }
}
