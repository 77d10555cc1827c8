package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One future: its states, completing twice, cancel, done-callbacks always delivered on the
 * loop in the order added (also from other threads and on an already done future), the
 * one-future combinators (map, flatMap, recover) and CompletionStage conversion.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class FutureTest {

    private final IOLoop loop = new IOLoop();

    @org.junit.jupiter.api.AfterEach
    void close() {
        loop.close();
    }

    // ------------------------------------------------------------------ states

    @Test
    void aDoneCallbackAddedAfterTheLoopClosedIsDroppedNotThrown() throws Exception {
        IOLoop closing = new IOLoop();
        Promise<String> done = new Promise<>(closing);
        List<String> ran = new ArrayList<>();
        // on the loop thread, while the loop is closing: its last callbacks add more
        CountDownLatch added = new CountDownLatch(1);
        Thread t = new Thread(() -> closing.run());
        t.start();
        closing.addCallback(() -> {
            done.complete("x");
            closing.close();                    // from its own thread: the queue is gone after this callback
            done.addDoneCallback(f -> ran.add("on the loop"));   // before: RejectedExecutionException
            added.countDown();
        });
        assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        // from another thread, after the close
        assertThat(done.addDoneCallback(f -> ran.add("off the loop"))).isSameAs(done);
        assertThat(ran).isEmpty();
    }

    @Test
    void aFutureMovesFromPendingToExactlyOneOutcome() {
        Promise<String> ok = new Promise<>(loop);
        assertThat(ok.isDone()).isFalse();
        assertThat(ok.getNow()).isNull();
        assertThat(ok.cause()).isNull();
        assertThat(ok).hasToString("Future[pending]");
        assertThatThrownBy(ok::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("not done yet");
        ok.complete("v");
        assertThat(ok.isDone()).isTrue();
        assertThat(ok.isSucceeded()).isTrue();
        assertThat(ok.isFailed()).isFalse();
        assertThat(ok.join()).isEqualTo("v");
        assertThat(ok).hasToString("Future[succeeded: v]");

        Promise<String> bad = new Promise<>(loop);
        IOException io = new IOException("io");
        bad.fail(io);
        assertThat(bad.isFailed()).isTrue();
        assertThat(bad.isCancelled()).isFalse();
        assertThat(bad.cause()).isSameAs(io);
        assertThat(bad.getNow()).isNull();
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).hasCause(io);
        assertThat(bad.toString()).contains("failed");

        Promise<String> cancelled = new Promise<>(loop);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelled.isFailed()).isTrue();
        assertThat(cancelled.cause()).isInstanceOf(CancellationException.class);
        assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
        assertThat(cancelled).hasToString("Future[cancelled]");
    }

    @Test
    void errorsThrowThemselvesFromJoin() {
        Promise<String> p = new Promise<>(loop);
        StackOverflowError error = new StackOverflowError();
        p.fail(error);
        assertThatThrownBy(p::join).isSameAs(error);
    }

    @Test
    void completingTwiceIsAnError() {
        Promise<String> p = new Promise<>(loop);
        p.complete("first");
        assertThatThrownBy(() -> p.complete("second")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already completed");
        assertThatThrownBy(() -> p.fail(new RuntimeException())).isInstanceOf(IllegalStateException.class);
        assertThat(p.tryComplete("again")).isFalse();
        assertThat(p.tryFail(new RuntimeException())).isFalse();
        assertThat(p.join()).isEqualTo("first");
    }

    @Test
    void aLateCompletionOfACancelledFutureIsIgnored() {
        Promise<String> p = new Promise<>(loop);
        p.cancel();
        p.complete("too late");        // the producer could not know: no exception
        p.fail(new RuntimeException());
        assertThat(p.isCancelled()).isTrue();
    }

    @Test
    void cancelOnADoneFutureReturnsFalse() {
        assertThat(Future.succeeded(loop, 1).cancel()).isFalse();
        assertThat(Future.failed(loop, new RuntimeException()).cancel()).isFalse();
        Promise<Integer> p = new Promise<>(loop);
        p.cancel();
        assertThat(p.cancel()).isFalse();
        assertThat(p.loop()).isSameAs(loop);
    }

    // ------------------------------------------------------------------ done-callbacks

    @Test
    void doneCallbacksRunLaterOnTheLoopInTheOrderAdded() {
        List<String> order = new ArrayList<>();
        sync(loop, () -> {
            Promise<String> p = new Promise<>(loop);
            for (int i = 0; i < 5; i++) {
                int n = i;
                p.addDoneCallback(f -> order.add("cb" + n + "=" + f.join()));
            }
            p.complete("v");
            order.add("after complete");                 // never inline
            p.addDoneCallback(f -> order.add("added after done"));
            order.add("after add");
            return TestLoops.turns(loop, 2);
        });
        assertThat(order).containsExactly("after complete", "after add",
                "cb0=v", "cb1=v", "cb2=v", "cb3=v", "cb4=v", "added after done");
    }

    @Test
    void callbacksAddedToADoneFutureRunInOrderToo() {
        List<Integer> order = new ArrayList<>();
        sync(loop, () -> {
            Future<String> done = Future.succeeded(loop, "v");
            for (int i = 0; i < 5; i++) {
                int n = i;
                done.addDoneCallback(f -> order.add(n));
                assertThat(order).isEmpty();
            }
            return TestLoops.turns(loop, 2);
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aFutureCompletedOnAnotherThreadCallsBackOnTheLoopThreadInOrder() throws Exception {
        List<String> order = new ArrayList<>();
        Thread[] threads = new Thread[3];
        sync(loop, () -> {
            Promise<String> p = new Promise<>(loop);
            p.addDoneCallback(f -> {
                threads[0] = Thread.currentThread();
                order.add("first");
            });
            Thread completer = new Thread(() -> p.complete("from elsewhere"));
            completer.start();
            Promise<Void> done = new Promise<>(loop);
            // the loop sees the future done before the delivery ran: a callback added now
            // must still run after "first"
            Runnable[] poll = new Runnable[1];
            poll[0] = () -> {
                if (!p.isDone()) {
                    loop.addCallback(poll[0]);
                    return;
                }
                p.addDoneCallback(f -> {
                    threads[1] = Thread.currentThread();
                    order.add("second");
                    done.complete(null);
                });
            };
            poll[0].run();
            return done;
        });
        assertThat(order).containsExactly("first", "second");
        assertThat(threads[0].getName()).isEqualTo(threads[1].getName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void addingADoneCallbackFromAnotherThreadRunsItOnTheLoop() throws Exception {
        try (LoopOnThread bg = LoopOnThread.start("background-loop")) {
            Promise<String> p = new Promise<>(bg.loop());
            CountDownLatch ran = new CountDownLatch(1);
            String[] where = new String[1];
            p.addDoneCallback(f -> {
                where[0] = Thread.currentThread().getName() + ":" + f.join();
                ran.countDown();
            });
            p.complete("x");
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(where[0]).isEqualTo("background-loop:x");
        }
    }

    @Test
    void aThrowingDoneCallbackIsLoggedAndTheOthersStillRun() {
        List<String> order = new ArrayList<>();
        try (LogRecorder log = LogRecorder.of(loop)) {
            sync(loop, () -> {
                Promise<String> p = new Promise<>(loop);
                p.addDoneCallback(f -> {
                    throw new IllegalStateException("cb boom");
                });
                p.addDoneCallback(f -> order.add("second"));
                p.complete("v");
                return TestLoops.turns(loop, 2);
            });
            assertThat(order).containsExactly("second");
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("cb boom"));
        }
    }

    @Test
    void aLongChainDoesNotGrowTheStack() {
        int n = 100_000;
        int result = sync(loop, () -> {
            Promise<Integer> start = new Promise<>(loop);
            Future<Integer> f = start;
            for (int i = 0; i < n; i++) {
                f = f.map(x -> x + 1);
            }
            start.complete(0);
            return f;
        });
        assertThat(result).isEqualTo((Object) n);
    }

    // ------------------------------------------------------------------ combinators

    @Test
    void mapTransformsValuesAndPassesFailuresThrough() {
        int answer = sync(loop, () -> Future.succeeded(loop, 20).map(x -> x * 2 + 2));
        assertThat(answer).isEqualTo(42);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> sync(loop, () -> Future.<Integer>failed(loop, boom).map(x -> x + 1))).isSameAs(boom);
        assertThatThrownBy(() -> sync(loop, () -> Future.succeeded(loop, 1).map(x -> {
            throw new IllegalArgumentException("fn threw");
        }))).hasMessage("fn threw");
    }

    @Test
    void flatMapChainsAnAsynchronousStep() {
        String s = sync(loop, () -> Future.succeeded(loop, "a").flatMap(x -> {
            Promise<String> later = new Promise<>(loop);
            loop.addCallback(() -> later.complete(x + "b"));
            return later;
        }));
        assertThat(s).isEqualTo("ab");
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> sync(loop, () -> Future.<String>failed(loop, boom).flatMap(x -> Future.succeeded(loop, x))))
                .isSameAs(boom);
        assertThatThrownBy(() -> sync(loop, () -> Future.succeeded(loop, "a").flatMap(x -> Future.failed(loop, boom))))
                .isSameAs(boom);
        assertThatThrownBy(() -> sync(loop, () -> Future.succeeded(loop, "a").<String>flatMap(x -> null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("flatMap function returned null");
        assertThatThrownBy(() -> sync(loop, () -> Future.succeeded(loop, "a").<String>flatMap(x -> {
            throw new IllegalArgumentException("fn threw");
        }))).hasMessage("fn threw");
    }

    @Test
    void recoverTurnsAFailureIntoAValueButNotACancellation() {
        assertThat(sync(loop, () -> Future.<String>failed(loop, new IOException("x")).recover(t -> "recovered " + t.getMessage())))
                .isEqualTo("recovered x");
        assertThat(sync(loop, () -> Future.succeeded(loop, "fine").recover(t -> "unused"))).isEqualTo("fine");
        assertThatThrownBy(() -> sync(loop, () -> Future.<String>failed(loop, new IOException("x")).recover(t -> {
            throw new IllegalStateException("recover threw");
        }))).hasMessage("recover threw");
        Future<String> cancelledThenRecovered = sync(loop, () -> {
            Promise<String> p = new Promise<>(loop);
            Future<String> r = p.recover(t -> "recovered");
            p.cancel();
            return TestLoops.turns(loop, 3).map(v -> r);
        });
        assertThat(cancelledThenRecovered.isCancelled()).isTrue();
    }

    @Test
    void aContinuationThatThrowsFailsTheFutureItReturnsAndLogsNothing() {
        AssertionError error = new AssertionError("an Error, not only a RuntimeException");
        IllegalStateException runtime = new IllegalStateException("runtime");
        try (LogRecorder log = LogRecorder.of(loop)) {
            List<Future<String>> dependents = sync(loop, () -> {
                Promise<String> source = new Promise<>(loop);
                Promise<String> failing = new Promise<>(loop);
                List<Future<String>> all = List.of(
                        source.map(v -> {
                            throw error;
                        }),
                        source.<String>flatMap(v -> {
                            throw runtime;
                        }),
                        source.<String>flatMap(v -> Future.succeeded(loop, "inner").map(x -> {
                            throw error;
                        })),
                        failing.recover(t -> {
                            throw error;
                        }),
                        Futures.runInExecutor(loop, Runnable::run, () -> {
                            throw error;
                        }));
                source.complete("v");
                failing.fail(new IOException("source failed"));
                return Futures.all(loop, all.stream().map(f -> f.recover(t -> "")).toList()).map(v -> all);
            });
            assertThat(dependents).extracting(Future::cause)
                    .containsExactly(error, runtime, error, error, error);
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void whenCompleteSeesTheValueOrTheFailure() {
        List<String> seen = new ArrayList<>();
        sync(loop, () -> {
            Future.succeeded(loop, "v").whenComplete((v, t) -> seen.add(v + "/" + t));
            Future.failed(loop, new IOException("io")).whenComplete((v, t) -> seen.add(v + "/" + t.getMessage()));
            return TestLoops.turns(loop, 2);
        });
        assertThat(seen).containsExactly("v/null", "null/io");
    }

    @Test
    void completeWithCopiesAnotherFuturesOutcome() {
        assertThat(sync(loop, () -> {
            Promise<String> p = new Promise<>(loop);
            p.completeWith(Future.succeeded(loop, "copied"));
            return p;
        })).isEqualTo("copied");
        Future<String> cancelled = sync(loop, () -> {
            Promise<String> source = new Promise<>(loop);
            Promise<String> p = new Promise<>(loop);
            p.completeWith(source);
            source.cancel();
            return TestLoops.turns(loop, 2).map(v -> p);
        });
        assertThat(cancelled.isCancelled()).isTrue();
    }

    @Test
    void toCompletableFutureCompletesWithTheOutcome() throws Exception {
        var ok = sync(loop, () -> Future.succeeded(loop, Future.succeeded(loop, "v").toCompletableFuture()));
        assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo("v");
        IOException io = new IOException("io");
        var bad = sync(loop, () -> {
            var cf = Future.failed(loop, io).toCompletableFuture();
            return TestLoops.turns(loop, 2).map(v -> cf);
        });
        assertThat(bad).isCompletedExceptionally();
        assertThatThrownBy(bad::join).hasCause(io);
        var cancelled = sync(loop, () -> {
            Promise<String> p = new Promise<>(loop);
            var cf = p.toCompletableFuture();
            p.cancel();
            return TestLoops.turns(loop, 2).map(v -> cf);
        });
        assertThat(cancelled).isCancelled();
    }
}
