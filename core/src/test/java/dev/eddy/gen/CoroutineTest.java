package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.testing.LoopOnThread;
import dev.eddy.testing.TestLoop;
import dev.eddy.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Tornado-style contract of {@link Coroutine}, on both engines. */
class CoroutineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void theFirstStepRunsSynchronouslyInTheCaller(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (IOLoop loop = new IOLoop()) {
            String r = loop.runSync(() -> {
                log.add("before");
                Future<String> f = Coroutine.async(loop, engine, () -> {
                    log.add("first step");
                    return "done";
                });
                log.add("after, done=" + f.isDone());
                return f;
            }, DEADLINE);
            assertThat(r).isEqualTo("done");
        }
        assertThat(log).containsExactly("before", "first step", "after, done=true");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void exceptionsAlwaysEndUpInTheFuture(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            IOException io = new IOException("no route");
            Future<?>[] fs = new Future<?>[2];
            loop.runSync(() -> {
                fs[0] = Coroutine.async(loop, engine, () -> {
                    throw io;                               // checked, thrown in the first step
                });
                fs[1] = Coroutine.async(loop, engine, () -> {
                    Coroutine.moment();
                    throw new IllegalStateException("later");
                });
                return Futures.all(loop, List.of(fs[1])).recover(t -> null);
            }, DEADLINE);
            assertThat(fs[0].cause()).isSameAs(io);
            assertThat(fs[1].cause()).hasMessage("later");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitingADoneFutureDoesNotSuspend(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            long[] iterations = new long[2];
            Future<?>[] f = new Future<?>[1];
            int sum = loop.runSync(() -> {
                iterations[0] = loop.stats().iterations();
                f[0] = Coroutine.async(loop, engine, () -> {
                    int s = 0;
                    for (int i = 0; i < 100; i++) {
                        s += Coroutine.await(Future.succeeded(loop, i));
                    }
                    return s;
                });
                iterations[1] = loop.stats().iterations();
                assertThat(f[0].isDone()).isTrue();     // all 100 awaits ran in the first step
                @SuppressWarnings("unchecked")
                Future<Integer> r = (Future<Integer>) f[0];
                return r;
            }, DEADLINE);
            assertThat(sum).isEqualTo(4950);
            assertThat(iterations[1]).isEqualTo(iterations[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitingAPendingFutureResumesOnTheLoopOneCallbackLater(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (IOLoop loop = new IOLoop()) {
            String r = loop.runSync(() -> {
                Promise<String> p = new Promise<>(loop);
                Future<String> f = Coroutine.async(loop, engine, () -> {
                    log.add("awaiting");
                    String v = Coroutine.await(p);
                    log.add("resumed with " + v + ", on loop=" + loop.inLoopThread()
                            + ", current=" + (IOLoop.current() == loop));
                    return v.toUpperCase();
                });
                log.add("suspended, done=" + f.isDone());
                loop.addCallback(() -> {
                    p.complete("x");
                    log.add("completed");
                    loop.addCallback(() -> log.add("a callback added after completing"));
                });
                return f;
            }, DEADLINE);
            assertThat(r).isEqualTo("X");
        }
        assertThat(log).containsExactly("awaiting", "suspended, done=false", "completed",
                "resumed with x, on loop=true, current=true", "a callback added after completing");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitRethrowsFailuresAsJoinDoes(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            IllegalArgumentException unchecked = new IllegalArgumentException("bad");
            IOException checked = new IOException("reset");
            List<Throwable> seen = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                List<Throwable> out = new ArrayList<>();
                Promise<String> later = new Promise<>(loop);
                loop.addCallback(() -> later.fail(unchecked));
                out.add(catchThrowable(() -> Coroutine.await(later)));
                out.add(catchThrowable(() -> Coroutine.await(Future.failed(loop, checked))));
                Promise<String> cancelled = new Promise<>(loop);
                cancelled.cancel();
                out.add(catchThrowable(() -> Coroutine.await(cancelled)));
                return out;
            }), DEADLINE);
            assertThat(seen.get(0)).isSameAs(unchecked);
            assertThat(seen.get(1)).isInstanceOf(CompletionException.class).hasCause(checked);
            assertThat(seen.get(2)).isInstanceOf(CancellationException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void withoutMomentEachCoroutineRunsThroughWithMomentTheyInterleave(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        assertThat(interleave(engine, false)).isEqualTo("aaaaabbbbb");
        assertThat(interleave(engine, true)).isEqualTo("ababababab");
    }

    private static String interleave(ContinuationEngine engine, boolean moment) {
        StringBuilder out = new StringBuilder();
        try (IOLoop loop = new IOLoop()) {
            loop.runSync(() -> {
                List<Future<Object>> both = new ArrayList<>();
                for (String name : List.of("a", "b")) {
                    both.add(Coroutine.async(loop, engine, () -> {
                        for (int i = 0; i < 5; i++) {
                            out.append(Coroutine.await(Future.succeeded(loop, name)));
                            if (moment) {
                                Coroutine.moment();
                            }
                        }
                        return null;
                    }));
                }
                return Futures.all(loop, both);
            }, DEADLINE);
        }
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void sleepAllAnyAndTimeoutsWorkInsideCoroutines(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            List<Object> r = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                List<Object> out = new ArrayList<>();
                long t0 = loop.time();
                Coroutine.sleep(Duration.ofMillis(20));
                out.add(loop.time() - t0 == TimeUnit.MILLISECONDS.toNanos(20));   // virtual time: exactly
                out.add(Coroutine.all(List.of(Future.succeeded(loop, 1),
                        Futures.sleep(loop, Duration.ofMillis(5)).map(v -> 2))));
                Promise<Integer> never = new Promise<>(loop);
                out.add(Coroutine.firstSuccess(List.of(never, Futures.sleep(loop, Duration.ofMillis(5)).map(v -> 3))));
                out.add(catchThrowable(() -> Coroutine.await(never, Duration.ofMillis(10))).getClass());
                out.add(Coroutine.await(Future.succeeded(loop, "quick"), Duration.ofSeconds(1)));
                out.add(Coroutine.loop() == loop);
                out.add(Coroutine.inCoroutine());
                return out;
            }), DEADLINE);
            assertThat(r).containsExactly(true, List.of(1, 2), 3, TimeoutException.class, "quick", true, true);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void coroutinesAwaitCoroutines(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            int r = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                int total = 0;
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    total += Coroutine.await(Coroutine.async(loop, engine, () -> {
                        Coroutine.sleep(Duration.ofMillis(1));
                        return Coroutine.await(Coroutine.async(loop, engine, () -> n * 10));
                    }));
                }
                return total;
            }), DEADLINE);
            assertThat(r).isEqualTo(60);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void cancellingASuspendedCoroutineRunsItsFinallyBlocks(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Promise<String> never = new Promise<>(loop);
            Future<?>[] f = new Future<?>[1];
            loop.runSync(() -> {
                f[0] = Coroutine.async(loop, engine, () -> {
                    try {
                        return Coroutine.await(never);
                    } catch (CancellationException e) {
                        log.add("cancelled at await");
                        throw e;
                    } finally {
                        log.add("finally");
                    }
                });
                loop.addCallback(f[0]::cancel);
                return Futures.sleep(loop, Duration.ofMillis(20));    // time for the unwinding (virtual: no real wait)
            }, DEADLINE);
            assertThat(f[0].isCancelled()).isTrue();
            assertThat(never.isDone()).isFalse();                     // the awaited future is left alone
            never.complete("late");                                   // and a late completion is harmless
            loop.runSync(() -> Futures.sleep(loop, Duration.ofMillis(5)), DEADLINE);
        }
        assertThat(log).containsExactly("cancelled at await", "finally");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aCoroutineMayCarryOnAfterCancellation(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        List<String> log = new ArrayList<>();
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Future<?>[] f = new Future<?>[1];
            loop.runSync(() -> {
                f[0] = Coroutine.async(loop, engine, () -> {
                    try {
                        Coroutine.sleep(Duration.ofSeconds(30));
                    } catch (CancellationException e) {
                        Coroutine.sleep(Duration.ofMillis(1));        // cleanup that itself awaits
                        log.add("cleaned up");
                    }
                    return "ignored";
                });
                loop.addCallback(f[0]::cancel);
                return Futures.sleep(loop, Duration.ofMillis(30));
            }, DEADLINE);
            assertThat(f[0].isCancelled()).isTrue();
        }
        assertThat(log).containsExactly("cleaned up");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitingOutsideACoroutineOrOffTheLoopIsAClearError(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        assertThatThrownBy(() -> Coroutine.await(new Promise<>(new IOLoop())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a coroutine body");
        assertThatThrownBy(Coroutine::moment).isInstanceOf(IllegalStateException.class);
        assertThat(Coroutine.inCoroutine()).isFalse();
        try (IOLoop loop = new IOLoop()) {
            Throwable offLoop = loop.runSync(() -> Coroutine.async(loop, engine, () ->
                    CompletableFuture.supplyAsync(() -> catchThrowable(() -> Coroutine.await(Future.succeeded(loop, 1))))
                            .get(5, TimeUnit.SECONDS)), DEADLINE);
            assertThat(offLoop).isInstanceOf(IllegalStateException.class).hasMessageContaining("loop thread");
            Throwable inGenerator = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                Generator<Throwable> g = Generator.of(engine, out -> out.yield(catchThrowable(Coroutine::moment)));
                return g.next();
            }), DEADLINE);
            assertThat(inGenerator).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitingWhileHoldingAMonitorEddyKnowsFailsNamingIt(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            Promise<String> p = new Promise<>(loop);
            Throwable t = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                synchronized (p) {
                    return catchThrowable(() -> Coroutine.await(p));
                }
            }), DEADLINE);
            assertThat(t).isInstanceOf(ContinuationPinnedException.class)
                    .hasMessageContaining("never await inside synchronized").hasMessageContaining("holding the monitor of");
            assertThat(((ContinuationPinnedException) t).pinCause()).isEqualTo(ContinuationPinnedException.Cause.MONITOR);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void resumingARunningCoroutineIsAClearError(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            Throwable t = loop.runSync(() -> Coroutine.async(loop, engine, () ->
                    catchThrowable(() -> CoroutineRunner.current().start())), DEADLINE);
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("resumed while running");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void startedOffTheLoopTheFirstStepRunsOnTheLoop(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        try (IOLoop loop = new IOLoop()) {
            Future<Boolean> f = Coroutine.async(loop, engine, loop::inLoopThread);   // the loop is not running yet
            assertThat(f.isDone()).isFalse();
            assertThat(loop.runSync(() -> f, DEADLINE)).isTrue();
            loop.close();
            Future<String> late = Coroutine.async(loop, engine, () -> "never");
            assertThat(late.cause()).isInstanceOf(RejectedExecutionException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void awaitingAFutureOfAnotherLoopResumesOnOurs(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        try (LoopOnThread other = LoopOnThread.start("other-loop"); IOLoop loop = new IOLoop()) {
            Promise<String> remote = new Promise<>(other.loop());
            String r = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                other.loop().addCallback(() -> remote.complete("from the other loop"));
                String v = Coroutine.await(remote);
                return v + ", resumed on ours: " + loop.inLoopThread();
            }), DEADLINE);
            assertThat(r).isEqualTo("from the other loop, resumed on ours: true");
        }
    }
}
