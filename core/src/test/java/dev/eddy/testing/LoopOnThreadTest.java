package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.Promise;
import dev.eddy.net.LoopGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LoopOnThread}: a loop on its own thread, calls into it with deadlines, failures as they are. */
class LoopOnThreadTest {

    private static final Duration SHORT = Duration.ofMillis(50);

    @Test
    void theLoopRunsOnAThreadOfItsOwnNamedAfterIt() throws Exception {
        try (LoopOnThread background = LoopOnThread.start("named")) {
            assertThat(background.loop().isRunning()).isTrue();
            assertThat(background.thread().getName()).isEqualTo("named");
            assertThat(background.thread().isDaemon()).isTrue();
            assertThat(background.call(() -> Thread.currentThread())).isSameAs(background.thread());
            assertThat(background.call(() -> background.loop().inLoopThread())).isTrue();
            assertThat(background.loop().inLoopThread()).isFalse();
        }
    }

    @Test
    void callReturnsTheTasksResult() throws Exception {
        try (LoopOnThread background = LoopOnThread.start()) {
            assertThat(background.<String>call(() -> "hello")).isEqualTo("hello");
            assertThat(background.<Object>call(() -> null)).isNull();
        }
    }

    @Test
    void awaitReturnsTheValueOfTheFutureTheTaskReturns() throws Exception {
        try (LoopOnThread background = LoopOnThread.start()) {
            int answer = background.await(() -> Futures.sleep(background.loop(), Duration.ofMillis(1)).map(v -> 42));
            assertThat(answer).isEqualTo(42);
        }
    }

    @Test
    void aTaskThatThrowsIsRethrownAsItIsCheckedOrNot() throws Exception {
        IOException checked = new IOException("checked");
        AssertionError error = new AssertionError("error");
        try (LoopOnThread background = LoopOnThread.start()) {
            assertThatThrownBy(() -> background.call(() -> {
                throw checked;
            })).isSameAs(checked);
            assertThatThrownBy(() -> background.call(() -> {
                throw error;
            })).isSameAs(error);
            assertThatThrownBy(() -> background.await(() -> {
                throw checked;
            })).isSameAs(checked);
            assertThat(background.<String>call(() -> "still running")).isEqualTo("still running");
        }
    }

    @Test
    void aFailedFutureRethrowsItsOwnException() throws Exception {
        IOException checked = new IOException("refused");
        try (LoopOnThread background = LoopOnThread.start()) {
            assertThatThrownBy(() -> background.await(() -> Future.failed(background.loop(), checked)))
                    .isSameAs(checked);
            AssertionError error = new AssertionError("inside");
            assertThatThrownBy(() -> background.await(() -> Future.failed(background.loop(), error)))
                    .isSameAs(error);
        }
    }

    @Test
    void aTaskThatReturnsNoFutureFailsClearly() throws Exception {
        try (LoopOnThread background = LoopOnThread.start()) {
            assertThatThrownBy(() -> background.await(() -> null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("returned null instead of a Future");
        }
    }

    @Test
    void aCallPastItsDeadlineFailsAndShowsWhereTheLoopThreadIs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopOnThread background = LoopOnThread.start("stuck")) {
            assertThatThrownBy(() -> background.call(() -> release.await(5, TimeUnit.SECONDS), SHORT))
                    .isInstanceOf(TestTimeoutError.class)
                    .hasMessageContaining("did not return within " + SHORT)
                    .satisfies(e -> {
                        assertThat(e.getSuppressed()).hasSize(1);
                        assertThat(e.getSuppressed()[0]).hasMessageContaining("'stuck'");
                        assertThat(e.getSuppressed()[0].getStackTrace())
                                .anySatisfy(frame -> assertThat(frame.getMethodName()).contains("lambda"));
                    });
            release.countDown();
            assertThat(background.<String>call(() -> "free again")).isEqualTo("free again");
        }
    }

    @Test
    void aFuturePastItsDeadlineFailsAndIsCancelled() throws Exception {
        try (LoopOnThread background = LoopOnThread.start()) {
            AtomicReference<Promise<String>> never = new AtomicReference<>();
            assertThatThrownBy(() -> background.await(() -> {
                never.set(new Promise<>(background.loop()));
                return never.get();
            }, SHORT))
                    .isInstanceOf(TestTimeoutError.class)
                    .hasMessageContaining("was not done within " + SHORT);
            // the cancel was queued before this call, and one thread's callbacks run in order
            assertThat(background.call(() -> never.get().isCancelled())).isTrue();
        }
    }

    @Test
    void callingFromTheLoopThreadIsRefusedInsteadOfWaitingForItself() throws Exception {
        try (LoopOnThread background = LoopOnThread.start()) {
            Throwable refused = background.call(() -> {
                try {
                    background.call(() -> "never");
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertThat(refused).hasMessageContaining("would wait for itself");
        }
    }

    @Test
    void closeStopsTheThreadAndClosesTheLoopAndTwiceDoesNothing() throws Exception {
        LoopOnThread background = LoopOnThread.start();
        background.close();
        assertThat(background.thread().isAlive()).isFalse();
        assertThat(background.loop().isClosed()).isTrue();
        assertThat(background.loop().isRunning()).isFalse();
        background.close();
        assertThatThrownBy(() -> background.call(() -> "late")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closeOnTheLoopThreadClosesWithoutWaitingForItself() throws Exception {
        LoopOnThread background = LoopOnThread.start();
        background.loop().addCallback(background::close);
        background.thread().join(LoopOnThread.DEFAULT_DEADLINE.toMillis());
        assertThat(background.thread().isAlive()).isFalse();
        assertThat(background.loop().isClosed()).isTrue();
        background.close();
    }

    @Test
    void closeFailsWhenTheThreadDoesNotStop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        LoopOnThread background = LoopOnThread.start("blocked");
        background.loop().addCallback(() -> {
            blocked.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);     // far longer than close's deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> background.close(SHORT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not stop within")
                    .cause().hasMessageContaining("'blocked' still running");
        } finally {
            release.countDown();
            background.thread().join(LoopOnThread.DEFAULT_DEADLINE.toMillis());
        }
        assertThat(background.thread().isAlive()).isFalse();
    }

    @Test
    void aLoopThatIsAlreadyClosedOrRunningCannotBeStarted() throws Exception {
        IOLoop closed = new IOLoop(LoopOptions.defaults().withName("closed"));
        closed.close();
        assertThatThrownBy(() -> LoopOnThread.start(closed)).isInstanceOf(IllegalStateException.class);
        try (LoopOnThread background = LoopOnThread.start()) {
            assertThatThrownBy(() -> LoopOnThread.start(background.loop())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void callOnAndAwaitOnWorkWithALoopSomeoneElseRuns() throws Exception {
        try (LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("group"))) {
            IOLoop loop = group.loop(0);
            assertThat(LoopOnThread.callOn(loop, loop::inLoopThread, SHORT.multipliedBy(100))).isTrue();
            assertThat(LoopOnThread.awaitOn(loop, () -> Future.succeeded(loop, "done"), SHORT.multipliedBy(100)))
                    .isEqualTo("done");
        }
    }
}
