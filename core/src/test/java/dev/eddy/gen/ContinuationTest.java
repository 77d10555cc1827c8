package dev.eddy.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of {@link Continuation}, on both engines. */
class ContinuationTest {

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void runsUntilEachSuspendThenToTheEnd(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        Continuation c = engine.create(s -> {
            int local = 1;
            log.add("a" + local);
            s.suspend();
            local++;
            log.add("b" + local);
            s.suspend();
            log.add("c" + local);
        });
        assertThat(c.isStarted()).isFalse();
        assertThat(log).isEmpty();
        assertThat(c.resume()).isTrue();
        assertThat(log).containsExactly("a1");
        assertThat(c.isStarted()).isTrue();
        assertThat(c.resume()).isTrue();
        assertThat(log).containsExactly("a1", "b2");
        assertThat(c.resume()).isFalse();
        assertThat(log).containsExactly("a1", "b2", "c2");
        assertThat(c.isDone()).isTrue();
        assertThat(c.engine()).isSameAs(engine);
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void exceptionOfTheBodyComesOutOfResume(String engineName) {
        Continuation c = Engines.get(engineName).create(s -> {
            s.suspend();
            throw new IllegalArgumentException("boom");
        });
        assertThat(c.resume()).isTrue();
        assertThatThrownBy(c::resume).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(c.isDone()).isTrue();
        assertThatThrownBy(c::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void resumingFromInsideItsOwnBodyIsAClearError(String engineName) {
        Continuation[] self = new Continuation[1];
        Throwable[] seen = new Throwable[1];
        self[0] = Engines.get(engineName).create(s -> {
            try {
                self[0].resume();
            } catch (IllegalStateException e) {
                seen[0] = e;
            }
        });
        assertThat(self[0].resume()).isFalse();
        assertThat(seen[0]).hasMessageContaining("resumed while it is running");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void suspendingOutsideTheBodyIsAClearError(String engineName) throws Exception {
        Continuation.Suspender[] leaked = new Continuation.Suspender[1];
        Continuation c = Engines.get(engineName).create(s -> {
            leaked[0] = s;
            s.suspend();
        });
        c.resume();
        assertThatThrownBy(() -> leaked[0].suspend()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside this continuation's body");
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                leaked[0].suspend();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(other.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        c.close();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aNestedContinuationCannotSuspendItsParent(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Throwable[] seen = new Throwable[1];
        Continuation outer = engine.create(outerS -> {
            Continuation inner = engine.create(innerS -> {
                try {
                    outerS.suspend();       // the wrong suspender: not the innermost body
                } catch (IllegalStateException e) {
                    seen[0] = e;
                }
            });
            inner.resume();
        });
        assertThat(outer.resume()).isFalse();
        assertThat(seen[0]).hasMessageContaining("outside this continuation's body");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void closeUnwindsASuspendedBodySoFinallyRuns(String engineName) {
        List<String> log = new ArrayList<>();
        Continuation c = Engines.get(engineName).create(s -> {
            try {
                s.suspend();
                log.add("never");
            } finally {
                log.add("finally");
            }
        });
        c.resume();
        c.close();
        assertThat(log).containsExactly("finally");
        assertThat(c.isDone()).isTrue();
        c.close();                          // twice: nothing
        assertThat(log).containsExactly("finally");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void closeBeforeStartNeverRunsTheBody(String engineName) {
        List<String> log = new ArrayList<>();
        Continuation c = Engines.get(engineName).create(s -> log.add("ran"));
        c.close();
        assertThat(c.isDone()).isTrue();
        assertThat(log).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aBodyThatIgnoresCloseCannotSuspendAgain(String engineName) {
        List<String> log = new ArrayList<>();
        Continuation c = Engines.get(engineName).create(s -> {
            try {
                s.suspend();
            } catch (ContinuationClosedError e) {
                log.add("caught");
            }
            try {
                s.suspend();
            } catch (ContinuationClosedError e) {
                log.add("again");
                throw e;
            }
        });
        c.resume();
        c.close();
        assertThat(log).containsExactly("caught", "again");
        assertThat(c.isDone()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void anExceptionWhileUnwindingComesOutOfClose(String engineName) {
        Continuation c = Engines.get(engineName).create(s -> {
            try {
                s.suspend();
            } finally {
                throw new IllegalStateException("cleanup failed");
            }
        });
        c.resume();
        assertThatThrownBy(c::close).hasMessage("cleanup failed");
        assertThat(c.isDone()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void writesOnEitherSideAreVisibleAfterTheHandOver(String engineName) {
        int[] box = new int[1];
        Continuation c = Engines.get(engineName).create(s -> {
            for (int i = 0; i < 1000; i++) {
                box[0]++;
                s.suspend();
            }
        });
        for (int i = 1; i <= 1000; i++) {
            c.resume();
            assertThat(box[0]).isEqualTo(i);
            box[0] = i;
        }
        assertThat(c.resume()).isFalse();
    }

    @Test
    void theDefaultEngineIsNativeWhenReachableUnlessForced() {
        ContinuationEngine d = ContinuationEngine.defaultEngine();
        String forced = System.getProperty(ContinuationEngine.PROPERTY, "auto");
        if (forced.equals("auto")) {
            assertThat(d.name()).isEqualTo(ContinuationEngine.isNativeAvailable() ? "native" : "thread");
        } else {
            assertThat(d.name()).isEqualTo(forced);
        }
        assertThat(Continuation.create(s -> { }).engine()).isSameAs(d);
        assertThat(d.description()).startsWith(d.name());
    }

    @Test
    void theSystemPropertySelectsTheEngine() {
        assertThat(ContinuationEngine.select("thread")).isSameAs(ContinuationEngine.threadEngine());
        assertThat(ContinuationEngine.select(" THREAD ")).isSameAs(ContinuationEngine.threadEngine());
        assertThat(ContinuationEngine.select("auto").name())
                .isEqualTo(ContinuationEngine.isNativeAvailable() ? "native" : "thread");
        assertThat(ContinuationEngine.select("").name()).isEqualTo(ContinuationEngine.select("auto").name());
        if (ContinuationEngine.isNativeAvailable()) {
            assertThat(ContinuationEngine.select("native").name()).isEqualTo("native");
        } else {
            assertThatThrownBy(() -> ContinuationEngine.select("native"))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("unavailable");
        }
        assertThatThrownBy(() -> ContinuationEngine.select("fibers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected native, thread or auto");
    }

    @Test
    void theNativeEngineSaysWhyItIsUnavailable() {
        if (ContinuationEngine.isNativeAvailable()) {
            assertThat(ContinuationEngine.nativeUnavailableReason()).isNull();
            assertThat(ContinuationEngine.nativeEngine().name()).isEqualTo("native");
        } else {
            assertThat(ContinuationEngine.nativeUnavailableReason()).containsAnyOf("JDK 21", "--add-exports");
            assertThatThrownBy(ContinuationEngine::nativeEngine).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(ContinuationEngine.nativeUnavailableReason());
        }
    }

    @Test
    void aThreadEngineWithAFactoryRunsBodiesOnItsThreads() {
        List<Thread> made = new ArrayList<>();
        ContinuationEngine engine = ContinuationEngine.threadEngine(r -> {
            Thread t = new Thread(r, "mine-" + made.size());
            t.setDaemon(true);
            made.add(t);
            return t;
        });
        String[] ranOn = new String[1];
        Continuation c = engine.create(s -> ranOn[0] = Thread.currentThread().getName());
        assertThat(c.resume()).isFalse();
        assertThat(ranOn[0]).isEqualTo("mine-0");
        assertThat(made).hasSize(1);
        assertThatThrownBy(() -> ContinuationEngine.threadEngine(r -> null).create(s -> { }).resume())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
        Continuation unstartable = ContinuationEngine.threadEngine(r -> new Thread(r) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread (simulated)");
            }
        }).create(s -> { });
        assertThatThrownBy(unstartable::resume).isInstanceOf(OutOfMemoryError.class);
        assertThat(unstartable.isDone()).isTrue();      // finished, not stuck as "running"
    }
}
