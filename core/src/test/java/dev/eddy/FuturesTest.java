package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The combinators over many futures and time: all (input order, waits for every child, logs
 * the other failures unless quiet), firstDone/firstSuccess, withTimeout, sleep and moment, on a manual clock.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class FuturesTest {

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = TestLoops.manual(clock);

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> Promise<T> completeLater(T value, int turns) {
        Promise<T> p = new Promise<>(loop);
        TestLoops.turns(loop, turns).addDoneCallback(f -> p.complete(value));
        return p;
    }

    private <T> Promise<T> failLater(Throwable t, int turns) {
        Promise<T> p = new Promise<>(loop);
        TestLoops.turns(loop, turns).addDoneCallback(f -> p.fail(t));
        return p;
    }

    // ------------------------------------------------------------------ all

    @Test
    void allGivesResultsInInputOrderNotCompletionOrder() {
        List<String> r = sync(loop, () -> Futures.all(List.of(
                completeLater("a", 5), completeLater("b", 1), completeLater("c", 3))));
        assertThat(r).containsExactly("a", "b", "c");
        assertThat(sync(loop, () -> Futures.<String>all(loop, List.of()))).isEmpty();
    }

    @Test
    void allWaitsForEveryChildThenRaisesTheFirstFailureInInputOrderAndLogsTheRest() {
        IOException second = new IOException("second in input order, fails last");
        IllegalStateException third = new IllegalStateException("third in input order, fails first");
        Promise<String> slow = new Promise<>(loop);
        try (LogRecorder log = LogRecorder.of(loop)) {
            Future<List<String>> all = sync(loop, () -> {
                Future<List<String>> f = Futures.all(List.of(slow, failLater(second, 4), failLater(third, 1)));
                return TestLoops.turns(loop, 8).map(v -> {
                    assertThat(f.isDone()).as("still waits for the slow child").isFalse();
                    slow.complete("late");
                    return f;
                }).flatMap(ff -> TestLoops.turns(loop, 3).map(v -> ff));
            });
            assertThat(all.cause()).isSameAs(second);
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isSameAs(third));
        }
    }

    @Test
    void allIsQuietAboutListedFailureClasses() {
        try (LogRecorder log = LogRecorder.of(loop)) {
            Future<List<Object>> all = sync(loop, () -> {
                Future<List<Object>> f = Futures.all(loop, List.of(
                        failLater(new IOException("first"), 1), failLater(new IOException("quiet"), 2)),
                        IOException.class);
                return TestLoops.turns(loop, 5).map(v -> f);
            });
            assertThat(all.cause()).hasMessage("first");
            assertThat(log.warnings()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ firstDone, firstSuccess

    @Test
    void firstDoneTakesWhicheverFinishesFirstSuccessOrFailure() {
        assertThat(sync(loop, () -> Futures.firstDone(List.of(completeLater("slow", 5), completeLater("fast", 1)))))
                .isEqualTo("fast");
        IOException io = new IOException("fast failure");
        assertThatThrownBy(() -> sync(loop, () -> Futures.firstDone(List.of(completeLater("slow", 5), failLater(io, 1)))))
                .hasCause(io);
        assertThatThrownBy(() -> Futures.firstDone(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstSuccessFailsOnlyWhenAllFailed() {
        assertThat(sync(loop, () -> Futures.firstSuccess(List.of(failLater(new IOException("x"), 1), completeLater("ok", 3)))))
                .isEqualTo("ok");
        IOException a = new IOException("a");
        IOException b = new IOException("b");
        assertThatThrownBy(() -> sync(loop, () -> Futures.firstSuccess(List.of(failLater(a, 1), failLater(b, 2)))))
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> {
                    assertThat(e.getCause()).isSameAs(b);
                    assertThat(b.getSuppressed()).containsExactly(a);
                });
        assertThatThrownBy(() -> Futures.firstSuccess(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ withTimeout, sleep, moment

    @Test
    void withTimeoutPassesAnOutcomeThatArrivesInTime() {
        assertThat(sync(loop, () -> completeLater("in time", 2).withTimeout(Duration.ofSeconds(1))))
                .isEqualTo("in time");
        assertThat(loop.pendingTimers()).isZero();
    }

    @Test
    void withTimeoutFailsWithoutCancellingTheInnerFutureAndLogsItsLaterFailure() {
        Promise<String> inner = new Promise<>(loop);
        try (LogRecorder log = LogRecorder.of(loop)) {
            Future<String> timed = sync(loop, () -> {
                Future<String> f = Futures.withTimeout(inner, Duration.ofSeconds(1));
                clock.advance(Duration.ofSeconds(1));
                return TestLoops.turns(loop, 3).map(v -> f);
            });
            assertThat(timed.cause()).isInstanceOf(TimeoutException.class).hasMessageContaining("PT1S");
            assertThat(inner.isDone()).as("the inner future is not cancelled").isFalse();
            sync(loop, () -> {
                inner.fail(new IOException("failed after the timeout"));
                return TestLoops.turns(loop, 2);
            });
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("failed after the timeout"));
        }
    }

    @Test
    void cancellingAWithTimeoutFutureRemovesItsTimer() {
        int pending = sync(loop, () -> {
            int before = loop.pendingTimers();
            Future<String> f = new Promise<String>(loop).withTimeout(Duration.ofHours(1));
            f.cancel();
            return TestLoops.turns(loop, 2).map(v -> loop.pendingTimers() - before);
        });
        assertThat(pending).isZero();
    }

    @Test
    void sleepSucceedsAfterTheDelayAndCancellingItRemovesTheTimer() {
        List<String> seen = new ArrayList<>();
        int pending = sync(loop, () -> {
            int before = loop.pendingTimers();
            Future<Void> nap = Futures.sleep(loop, Duration.ofMillis(10));
            nap.addDoneCallback(f -> seen.add("woke " + f.isSucceeded()));
            Futures.sleep(loop, Duration.ofHours(1)).cancel();
            clock.advance(Duration.ofMillis(9));
            return TestLoops.turns(loop, 3).map(v -> {
                assertThat(seen).isEmpty();
                clock.advance(Duration.ofMillis(1));
                return v;
            }).flatMap(v -> TestLoops.turns(loop, 3)).map(v -> loop.pendingTimers() - before);
        });
        assertThat(seen).containsExactly("woke true");
        assertThat(pending).isZero();
    }

    @Test
    void momentLetsEveryReadyCallbackRunFirst() {
        List<String> order = new ArrayList<>();
        sync(loop, () -> {
            Future<Void> m = Futures.moment(loop);
            m.addDoneCallback(f -> order.add("after the moment"));
            loop.addCallback(() -> order.add("ready callback"));
            return TestLoops.turns(loop, 4);
        });
        assertThat(order).containsExactly("ready callback", "after the moment");
    }

    // ------------------------------------------------------------------ CompletionStage both ways

    @Test
    void fromStageDeliversTheOutcomeOnTheLoopThread() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Future<String> f = Futures.fromStage(bg.loop(), cf);
            CompletableFuture<String> where = new CompletableFuture<>();
            f.addDoneCallback(done -> where.complete(Thread.currentThread().getName() + ":" + done.join()));
            cf.complete("v");
            assertThat(where.get(5, TimeUnit.SECONDS)).isEqualTo("background-loop:v");
        }
    }

    @Test
    void fromStageUnwrapsCompletionExceptionAndKeepsCancellation() {
        IOException io = new IOException("io");
        Future<String> failed = Futures.fromStage(loop, CompletableFuture.<String>failedFuture(io)
                .thenApply(s -> s));                    // a dependent stage wraps in CompletionException
        assertThat(failed.cause()).isSameAs(io);
        CompletableFuture<String> cf = new CompletableFuture<>();
        cf.cancel(false);
        assertThat(Futures.fromStage(loop, cf).isCancelled()).isTrue();
    }

    @Test
    void roundTripThroughCompletableFuture() throws Exception {
        String s = sync(loop, () -> Futures.fromStage(loop,
                completeLater("there", 2).toCompletableFuture().thenApply(v -> v + " and back")));
        assertThat(s).isEqualTo("there and back");
    }

    // ------------------------------------------------------------------ runInExecutor

    @Test
    void runInExecutorRunsOffTheLoopAndDeliversOnTheLoop() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker"));
        try (IOLoop real = new IOLoop()) {
            String[] threads = new String[2];
            String s = sync(real, () -> Futures.runInExecutor(real, pool, () -> {
                threads[0] = Thread.currentThread().getName();
                return "computed";
            }).map(v -> {
                threads[1] = Thread.currentThread().getName();
                return v;
            }));
            assertThat(s).isEqualTo("computed");
            assertThat(threads[0]).isEqualTo("worker");
            assertThat(threads[1]).isEqualTo(Thread.currentThread().getName());
            IOException io = new IOException("task failed");
            assertThatThrownBy(() -> sync(real, () -> Futures.runInExecutor(real, pool, () -> {
                throw io;
            }))).hasCause(io);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anExecutorRejectionBecomesAFailedFuture() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        Future<String> f = Futures.runInExecutor(loop, pool, () -> "never");
        assertThat(f.cause()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aTaskCancelledBeforeItStartsIsNotRun() {
        List<Runnable> queued = new ArrayList<>();
        boolean[] ran = {false};
        Future<String> f = Futures.runInExecutor(loop, queued::add, () -> {
            ran[0] = true;
            return "x";
        });
        f.cancel();
        queued.get(0).run();
        assertThat(ran[0]).isFalse();
        assertThat(f.isCancelled()).isTrue();
    }
}
