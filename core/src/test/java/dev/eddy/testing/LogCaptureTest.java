package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LogCapture}: what a test expects to be logged is checked and kept off the console. */
class LogCaptureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void anExpectedRecordIsCapturedAndTheExpectationMet() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime();
             LogCapture log = LogCapture.of("dev.eddy", test.loop()).expect(System.Logger.Level.ERROR, "callback .* failed")) {
            IOLoop loop = test.loop();
            test.run(() -> {
                loop.addCallback(() -> {
                    throw new IllegalStateException("on purpose");
                });
                return Futures.moment(loop);
            }, DEADLINE);
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).hasMessage("on purpose");
            });
            assertThat(log.matching(System.Logger.Level.WARNING, "on purpose")).hasSize(1);
        }
    }

    @Test
    void anUnmetExpectationFailsTheCloseAndSaysWhatWasLoggedInstead() {
        LogCapture log = LogCapture.of("dev.eddy.testing.example").expect(System.Logger.Level.WARNING, "disk full");
        System.getLogger("dev.eddy.testing.example").log(System.Logger.Level.INFO, "all is well");
        assertThatThrownBy(log::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("WARNING matching /disk full/")
                .hasMessageContaining("logged instead: [all is well]");
    }

    @Test
    void awaitWithAPredicateWaitsForRecordsLoggedByAnotherThreadAndSaysWhatCameWhenTheyDoNot() throws Exception {
        try (LogCapture log = LogCapture.of("dev.eddy.testing.example")) {
            System.Logger logger = System.getLogger("dev.eddy.testing.example");
            Thread other = new Thread(() -> logger.log(System.Logger.Level.WARNING, "stuck", new IllegalStateException("deep")));
            other.start();
            assertThat(log.await(1, r -> r.getThrown() instanceof IllegalStateException, DEADLINE))
                    .singleElement().satisfies(r -> assertThat(r.getThrown()).hasMessage("deep"));
            other.join();
            assertThatThrownBy(() -> log.await(2, r -> r.getThrown() != null, Duration.ofMillis(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected 2 matching records")
                    .hasMessageContaining("stuck");
        }
    }

    @Test
    void aLoopCaptureIgnoresWhatOtherThreadsLog() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime(); LogCapture log = LogCapture.of("dev.eddy.testing.example", test.loop())) {
            System.Logger logger = System.getLogger("dev.eddy.testing.example");
            logger.log(System.Logger.Level.WARNING, "from the test thread");
            test.run(() -> {
                logger.log(System.Logger.Level.WARNING, "from the loop {0}", "thread");
                return Future.succeeded(test.loop(), null);
            }, DEADLINE);
            assertThat(log.messages()).containsExactly("from the loop thread");
        }
    }

    @Test
    void awaitWaitsForARecordFromAnotherThread() throws Exception {
        try (LogCapture log = LogCapture.of("dev.eddy.testing.example")) {
            Thread other = new Thread(() -> System.getLogger("dev.eddy.testing.example")
                    .log(System.Logger.Level.DEBUG, "late"), "late-logger");
            other.start();
            assertThat(log.await(1, System.Logger.Level.DEBUG, "late", Duration.ofSeconds(10))).hasSize(1);
            other.join();
        }
    }

    @Test
    void closeRestoresTheLogger() {
        Logger logger = Logger.getLogger("dev.eddy.testing.example");
        boolean parents = logger.getUseParentHandlers();
        Level level = logger.getLevel();
        LogCapture.of("dev.eddy.testing.example").close();
        assertThat(logger.getUseParentHandlers()).isEqualTo(parents);
        assertThat(logger.getLevel()).isEqualTo(level);
        assertThat(logger.getHandlers()).isEmpty();
    }
}
