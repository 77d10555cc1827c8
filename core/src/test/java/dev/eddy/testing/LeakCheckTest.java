package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.gen.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TestLoop#close()} reports what a test left behind, with where each was made. */
class LeakCheckTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aTestThatCleansUpClosesQuietly() throws Exception {
        TestLoop test = TestLoop.onVirtualTime();
        IOLoop loop = test.loop();
        test.run(() -> {
            loop.callLater(Duration.ofSeconds(5), () -> { }).cancel();
            Promise<Void> p = new Promise<>(loop);
            p.fail(new IOException("seen"));
            return p.recover(t -> null);
        }, DEADLINE);
        test.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void anArmedTimerIsALeakWithItsDueTimeAndWhereItWasMade() throws Exception {
        TestLoop test = TestLoop.onVirtualTime();
        test.run(() -> {
            test.loop().callLater(Duration.ofSeconds(5), () -> { });
            return Future.succeeded(test.loop(), null);
        }, DEADLINE);
        assertThatThrownBy(test::close).isInstanceOfSatisfying(LeakError.class, e -> {
            assertThat(e.leaks()).containsExactly("timer due in PT5S");
            assertThat(e).hasMessageStartingWith("test loop 'test-loop' closed with 1 leak:")
                    .hasMessageContaining("made at dev.eddy.testing.LeakCheckTest.");
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(CreationSite.class);
        });
        assertThat(test.loop().isClosed()).isTrue();
    }

    @Test
    void anOpenChannelIsALeak() throws Exception {
        TestLoop test = TestLoop.onVirtualTime();
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            test.run(() -> {
                try {
                    test.loop().register(channel, SelectionKey.OP_ACCEPT, ops -> { });
                } catch (IOException e) {
                    return Future.failed(test.loop(), e);
                }
                return Future.succeeded(test.loop(), null);
            }, DEADLINE);
            assertThatThrownBy(test::close).isInstanceOfSatisfying(LeakError.class,
                    e -> assertThat(e.leaks()).singleElement().asString().startsWith("open channel "));
        } finally {
            channel.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aSuspendedCoroutineIsALeak(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Promise<String> never = new Promise<>(loop);
            Future<String> stuck = test.run(() -> Future.succeeded(loop,
                    Coroutine.async(loop, engine, () -> Coroutine.await(never))), DEADLINE);
            assertThat(test.leaks()).singleElement().asString()
                    .startsWith("suspended coroutine, made at dev.eddy.testing.LeakCheckTest.");
            stuck.cancel();          // release it (on the thread engine it holds a thread)
            assertThat(test.run(() -> Futures.moment(loop), DEADLINE)).isNull();
            assertThat(test.leaks()).isEmpty();
        }
    }

    @Test
    void aFailureNobodyObservedIsALeak() throws Exception {
        TestLoop test = TestLoop.onVirtualTime();
        test.run(() -> {
            new Promise<Void>(test.loop()).fail(new IOException("lost"));
            return Future.succeeded(test.loop(), null);
        }, DEADLINE);
        assertThatThrownBy(test::close).isInstanceOfSatisfying(LeakError.class, e -> {
            assertThat(e.leaks()).containsExactly("failed future nobody observed: java.io.IOException: lost");
            assertThat(e).hasMessageContaining("made at dev.eddy.testing.LeakCheckTest.");
            assertThat(e.getSuppressed()).hasSize(2);
            assertThat(e.getSuppressed()[1]).hasMessage("lost");
        });
    }

    @Test
    void aFailureSeenByJoinCauseOrACallbackIsNotALeak() throws Exception {
        for (Consumer<Future<Void>> look : java.util.List.<Consumer<Future<Void>>>of(
                f -> f.cause(), f -> f.addDoneCallback(d -> { }), f -> {
                    try {
                        f.join();
                    } catch (RuntimeException expected) {
                        // looked at
                    }
                })) {
            try (TestLoop test = TestLoop.onVirtualTime()) {
                test.run(() -> {
                    Promise<Void> p = new Promise<>(test.loop());
                    p.fail(new IllegalStateException("seen"));
                    look.accept(p);
                    return Future.succeeded(test.loop(), null);
                }, DEADLINE);
                assertThat(test.leaks()).isEmpty();
            }
        }
    }

    @Test
    void aCancelledFutureIsNotAFailureToObserve() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            test.run(() -> {
                new Promise<Void>(test.loop()).cancel();
                return Future.succeeded(test.loop(), null);
            }, DEADLINE);
            assertThat(test.leaks()).isEmpty();
        }
    }

    @Test
    void withoutCreationSitesALeakIsStillReportedWithoutAPlace() throws Exception {
        TestLoop test = TestLoop.builder().creationSites(false).build();
        test.run(() -> {
            test.loop().callLater(Duration.ofSeconds(1), () -> { });
            return Future.succeeded(test.loop(), null);
        }, DEADLINE);
        assertThatThrownBy(test::close).isInstanceOfSatisfying(LeakError.class, e -> {
            assertThat(e).hasMessageNotContaining("made at");
            assertThat(e.getSuppressed()).isEmpty();
        });
    }

    @Test
    void withLeakChecksOffCloseDoesNotThrow() throws Exception {
        TestLoop test = TestLoop.builder().leakChecks(false).build();
        test.run(() -> {
            test.loop().callLater(Duration.ofSeconds(1), () -> { });
            return Future.succeeded(test.loop(), null);
        }, DEADLINE);
        test.close();
        assertThat(test.loop().isClosed()).isTrue();
        assertThat(test.leaks()).hasSize(1);
    }
}
