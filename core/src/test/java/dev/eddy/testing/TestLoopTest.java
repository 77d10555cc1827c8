package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.gen.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TestLoop#run}: results and failures as they are, and a deadline that names what was pending. */
class TestLoopTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void runReturnsTheValue() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            int answer = test.run(() -> Futures.sleep(test.loop(), Duration.ofDays(1)).map(v -> 42), Duration.ofDays(2));
            assertThat(answer).isEqualTo(42);
            assertThat(test.elapsed()).isEqualTo(Duration.ofDays(1));
        }
    }

    @Test
    void aCheckedFailureIsThrownAsItIsNotWrapped() {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> test.run(() -> Futures.sleep(test.loop(), Duration.ofSeconds(1))
                    .flatMap(v -> Future.failed(test.loop(), boom)), DEADLINE)).isSameAs(boom);
        }
    }

    @Test
    void whatTheTaskThrowsBeforeReturningAFutureIsThrownToo() {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IllegalStateException boom = new IllegalStateException("no");
            assertThatThrownBy(() -> test.run(() -> {
                throw boom;
            }, DEADLINE)).isSameAs(boom);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aCoroutineFailureComesOutAsItIs(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            assertThatThrownBy(() -> test.runCoroutine(engine, () -> {
                Coroutine.sleep(Duration.ofMinutes(3));
                throw new IOException("after three minutes");
            }, DEADLINE.multipliedBy(10))).isInstanceOf(IOException.class).hasMessage("after three minutes");
            assertThat(test.elapsed()).isEqualTo(Duration.ofMinutes(3));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void theTimeoutNamesThePendingTimersChannelsAndCoroutines(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Promise<String> never = new Promise<>(loop);
            Timeout[] reminder = new Timeout[1];
            ServerSocketChannel[] channel = new ServerSocketChannel[1];
            Future<String>[] coroutine = new Future[1];
            assertThatThrownBy(() -> test.run(() -> {
                reminder[0] = loop.callLater(Duration.ofHours(1), () -> { });
                try {
                    channel[0] = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                    loop.register(channel[0], SelectionKey.OP_ACCEPT, ops -> { });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                coroutine[0] = Coroutine.async(loop, engine, () -> Coroutine.await(never));
                return coroutine[0];
            }, Duration.ofSeconds(10)))
                    .isInstanceOf(TestTimeoutError.class)
                    .hasMessageStartingWith("the task did not finish within PT10S of virtual time; still pending at PT10S:")
                    .hasMessageContaining("timer due in PT59M50S, made at dev.eddy.testing.TestLoopTest.")
                    .hasMessageContaining("open channel sun.nio.ch.ServerSocketChannelImpl")
                    .hasMessageContaining("suspended coroutine, made at dev.eddy.testing.TestLoopTest.")
                    .hasMessageContaining("TestLoopTest.java:");
            // the task was cancelled: the coroutine ends at its await, with its finally blocks
            reminder[0].cancel();       // off the loop: removed on the loop's next turn
            channel[0].close();
            test.run(() -> Futures.moment(loop), DEADLINE);
            assertThat(coroutine[0].isCancelled()).isTrue();
            assertThat(test.leaks()).isEmpty();
        }
    }

    @Test
    void withNothingToShowTheTimeoutSaysSo() {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            Promise<Void> never = new Promise<>(test.loop());
            assertThatThrownBy(() -> test.run(() -> never, Duration.ofMillis(5)))
                    .isInstanceOf(TestTimeoutError.class)
                    .hasMessageContaining("nothing the test loop can see");
            assertThat(never.isCancelled()).isTrue();
        }
    }

    @Test
    void aLoopThatNeverGoesIdleIsStoppedByTheRealTimeLimit() {
        try (TestLoop test = TestLoop.builder().realTimeLimit(Duration.ofMillis(200)).build()) {
            IOLoop loop = test.loop();
            Promise<Void> never = new Promise<>(loop);
            assertThatThrownBy(() -> test.run(() -> {
                Runnable[] spin = new Runnable[1];
                spin[0] = () -> {
                    if (!never.isDone()) {
                        loop.addCallback(spin[0]);      // always a callback ready: virtual time never moves
                    }
                };
                loop.addCallback(spin[0]);
                return never;
            }, Duration.ofSeconds(1)))
                    .isInstanceOf(TestTimeoutError.class)
                    .hasMessageContaining("within the real-time limit of PT0.2S");
            assertThat(test.elapsed()).isZero();
        }
    }

    @Test
    void aFinishedRunDoesNotKeepItsLoopReachableUntilTheRealTimeLimit() throws Exception {
        // the real-time limit used to wait on a timer that could not be cancelled: every run kept
        // its loop, and all the loop held, reachable for the limit (60 s by default) after it ended
        WeakReference<IOLoop> loop = loopOfAFinishedRun();
        for (int i = 0; i < 50 && loop.get() != null; i++) {
            System.gc();
        }
        assertThat(loop.get()).as("the loop of a finished and closed test loop, once collected").isNull();
    }

    private static WeakReference<IOLoop> loopOfAFinishedRun() throws Exception {
        TestLoop test = TestLoop.builder().realTimeLimit(Duration.ofHours(1)).build();
        assertThat(test.run(() -> Future.succeeded(test.loop(), 1), DEADLINE)).isEqualTo(1);
        test.close();
        return new WeakReference<>(test.loop());
    }

    @Test
    void onRealTimeTheDeadlineIsReal() throws Exception {
        try (TestLoop test = TestLoop.onRealTime()) {
            long start = System.nanoTime();
            test.run(() -> Futures.sleep(test.loop(), Duration.ofMillis(30)), DEADLINE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThatThrownBy(() -> test.run(() -> new Promise<Void>(test.loop()), Duration.ofMillis(20)))
                    .isInstanceOf(TestTimeoutError.class).hasMessageContaining("within PT0.02S;");
            assertThatThrownBy(test::clock).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCancelledTaskComesOutAsACancellation() {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            assertThatThrownBy(() -> test.run(() -> {
                Promise<Void> p = new Promise<>(test.loop());
                p.cancel();
                return p;
            }, DEADLINE)).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void aLoopWithoutATestLoopHasNoTrackerAndDoesNotJump() throws Exception {
        try (IOLoop plain = new IOLoop()) {
            assertThat(plain.tracker()).isNull();
        }
        try (TestLoop test = TestLoop.onVirtualTime()) {
            assertThat(test.loop().tracker()).isInstanceOf(ResourceTracker.class);
        }
    }
}
