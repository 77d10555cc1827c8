package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Coroutine#moment()}: one loop turn, resumed by exactly one loop callback, and a
 * cancellation that arrives meanwhile is thrown at the moment, once. (The interleaving
 * contract, "ababababab", is in {@link CoroutineTest}.)
 */
class CoroutineMomentTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Object MONITOR = new Object();

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aMomentIsOneLoopIteration(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            List<Long> turns = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                List<Long> out = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    long before = loop.stats().iterations();
                    Coroutine.moment();
                    out.add(loop.stats().iterations() - before);
                }
                return out;
            }), DEADLINE);
            assertThat(turns).containsExactly(1L, 1L, 1L);   // resumed by the callback the moment queued
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void cancellingDuringAMomentResumesItOnceWithCancellationAtTheMoment(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (IOLoop loop = new IOLoop()) {
            Promise<Void> unwound = new Promise<>(loop);
            Future<?> f = loop.runSync(() -> {
                Future<String> c = Coroutine.async(loop, engine, () -> {
                    try {
                        Coroutine.moment();
                        log.add("moment returned");
                        return "not cancelled";
                    } catch (CancellationException e) {
                        log.add("cancelled at moment");
                        throw e;
                    } finally {
                        log.add("finally");
                        unwound.complete(null);
                    }
                });
                c.cancel();                             // suspended in the moment, its callback still queued
                return Future.succeeded(loop, c);
            }, DEADLINE);
            loop.runSync(() -> unwound, DEADLINE);
            loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                Coroutine.moment();                     // later turns: nothing resumes it again
                Coroutine.moment();
                return null;
            }), DEADLINE);
            assertThat(f.isCancelled()).isTrue();
        }
        assertThat(log).containsExactly("cancelled at moment", "finally");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aCancellationIsThrownOnceThoughTheCancelWatcherAlsoHearsOfIt(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Future<?>[] self = new Future<?>[1];
            Promise<Void> unwound = new Promise<>(loop);
            Future<?> f = loop.runSync(() -> {
                self[0] = Coroutine.async(loop, engine, () -> {
                    try {
                        Coroutine.sleep(Duration.ofMillis(1));    // awaiting a pending future: the cancel watcher listens
                        self[0].cancel();                          // cancelled while running; thrown at the next suspension
                        try {
                            Coroutine.moment();
                            log.add("moment returned");
                        } catch (CancellationException e) {
                            log.add("cancelled at moment");
                        }
                        Coroutine.moment();                        // carrying on: no second CancellationException
                        log.add("second moment");
                        Coroutine.sleep(Duration.ofMillis(1));
                        log.add("slept");
                        return null;
                    } finally {
                        log.add("finally");
                        unwound.complete(null);
                    }
                });
                return Future.succeeded(loop, self[0]);
            }, DEADLINE);
            loop.runSync(() -> unwound, DEADLINE);
            loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                Coroutine.sleep(Duration.ofSeconds(5));          // any stray resume would have come by now (5 s of virtual time)
                return null;
            }), DEADLINE);
            assertThat(f.isCancelled()).isTrue();
        }
        assertThat(log).containsExactly("cancelled at moment", "second moment", "slept", "finally");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void finishingACancelledCoroutineWithoutSuspendingThrowsNothing(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            Future<?>[] self = new Future<?>[1];
            List<String> log = new ArrayList<>();
            Promise<Void> ended = new Promise<>(loop);
            loop.runSync(() -> {
                self[0] = Coroutine.async(loop, engine, () -> {
                    Coroutine.moment();
                    self[0].cancel();
                    log.add("ran to the end");
                    ended.complete(null);
                    return "ignored";
                });
                return ended;
            }, DEADLINE);
            assertThat(self[0].isCancelled()).isTrue();
            assertThat(log).containsExactly("ran to the end");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aMomentCallbackOutsideAMomentIsAClearError(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            Promise<String> pending = new Promise<>(loop);
            CoroutineRunner<?>[] runner = new CoroutineRunner<?>[1];
            String r = loop.runSync(() -> {
                Future<String> c = Coroutine.async(loop, engine, () -> {
                    runner[0] = CoroutineRunner.current();
                    return Coroutine.await(pending) + " once";
                });
                assertThatThrownBy(runner[0]::run)             // suspended on a future, not in a moment
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in a moment");
                pending.complete("resumed");
                return c;
            }, DEADLINE);
            assertThat(r).isEqualTo("resumed once");
            assertThatThrownBy(runner[0]::run)                 // finished
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in a moment");
        }
    }

    @ParameterizedTest
    @MonitorCheckOn                 // so a moment inside synchronized fails, after queuing its callback
    @MethodSource("dev.eddy.gen.Engines#names")
    void aMomentThatCouldNotSuspendLeavesNoStrayResumption(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Assumptions.assumeTrue(engine.name().equals("native") || Engines.platformThreads(),
                "ThreadMXBean cannot see the monitors of virtual threads");
        try (IOLoop loop = new IOLoop()) {
            List<Object> out = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                List<Object> seen = new ArrayList<>();
                synchronized (MONITOR) {
                    try {
                        Coroutine.moment();
                    } catch (ContinuationPinnedException e) {
                        seen.add(e.pinCause());
                    }
                }
                for (int i = 0; i < 3; i++) {           // the stray callback must not end one of these early
                    long before = loop.stats().iterations();
                    Coroutine.moment();
                    seen.add(loop.stats().iterations() - before);
                }
                return seen;
            }), DEADLINE);
            assertThat(out).containsExactly(ContinuationPinnedException.Cause.MONITOR, 1L, 1L, 1L);
        }
    }
}
