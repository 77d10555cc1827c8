package dev.eddy.internal;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.ManualClock;
import dev.eddy.Promise;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RepeatedErrorLog} on a loop with a manual clock: one full record, then a summary per interval. */
class RepeatedErrorLogTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = new IOLoop(LoopOptions.defaults().withName("log").withClock(clock));
    private final RecordingLogger logger = new RecordingLogger();
    private final RepeatedErrorLog log = new RepeatedErrorLog(loop::time, (at, task) -> loop.callAt(at, task)::cancel, logger,
            System.Logger.Level.WARNING, "accept on /127.0.0.1:8080", RepeatedErrorLog.DEFAULT_INTERVAL);

    @AfterEach
    void close() {
        loop.close();
    }

    /** Thrown at one place, so every copy has the same class, message and top frame. */
    private static IOException tooManyFiles() {
        return new IOException("Too many open files");
    }

    /** Runs {@code step} on the loop, then lets it take two more turns (for due timers). */
    private void onLoop(Runnable step) {
        loop.runSync(() -> {
            step.run();
            return turns(2);
        }, WAIT);
    }

    private Future<Void> turns(int n) {
        Promise<Void> p = new Promise<>(loop);
        if (n == 0) {
            p.complete(null);
        } else {
            loop.addCallback(() -> turns(n - 1).addDoneCallback(f -> p.complete(null)));
        }
        return p;
    }

    private void times(int n, Supplier<Throwable> error) {
        onLoop(() -> {
            for (int i = 0; i < n; i++) {
                log.log("accept failed; pausing", error.get());
            }
        });
    }

    @Test
    void theFirstIsLoggedInFullTheCopiesInOneSummaryLineWhenTheIntervalEnds() {
        times(512, RepeatedErrorLogTest::tooManyFiles);
        assertThat(logger.entries).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("accept failed; pausing");
            assertThat(e.thrown()).hasMessage("Too many open files");
        });
        assertThat(log.suppressed()).isEqualTo(511);

        clock.advance(Duration.ofSeconds(10));
        onLoop(() -> { });
        assertThat(logger.entries).hasSize(2);
        assertThat(logger.entries.get(1).message()).isEqualTo("accept on /127.0.0.1:8080 failed 511 more times "
                + "in the last 10 s: java.io.IOException: Too many open files");
        assertThat(logger.entries.get(1).thrown()).isNull();
        assertThat(logger.entries.get(1).level()).isEqualTo(System.Logger.Level.WARNING);
    }

    @Test
    void atMostOneSummaryPerIntervalWhileTheErrorGoesOn() {
        times(1, RepeatedErrorLogTest::tooManyFiles);
        for (int second = 1; second <= 30; second++) {
            clock.advance(Duration.ofSeconds(1));
            times(10, RepeatedErrorLogTest::tooManyFiles);
        }
        // 1 full record + a summary at 10, 20 and 30 s. The copies that arrive at 10 s, before
        // that interval's timer could run, count towards the next summary.
        assertThat(logger.entries).extracting(RecordingLogger.Entry::message).containsExactly(
                "accept failed; pausing",
                "accept on /127.0.0.1:8080 failed 90 more times in the last 10 s: java.io.IOException: Too many open files",
                "accept on /127.0.0.1:8080 failed 100 more times in the last 10 s: java.io.IOException: Too many open files",
                "accept on /127.0.0.1:8080 failed 100 more times in the last 10 s: java.io.IOException: Too many open files");
    }

    @Test
    void aDifferentErrorIsLoggedAtOnceAfterTheSummaryOfTheOneBefore() {
        times(3, RepeatedErrorLogTest::tooManyFiles);
        times(1, () -> new IOException("Connection reset"));
        assertThat(logger.entries).extracting(RecordingLogger.Entry::message).containsExactly(
                "accept failed; pausing",
                "accept on /127.0.0.1:8080 failed 2 more times in the last 1 s: java.io.IOException: Too many open files",
                "accept failed; pausing");
        assertThat(logger.entries.get(2).thrown()).hasMessage("Connection reset");

        clock.advance(Duration.ofSeconds(10));
        onLoop(() -> { });
        assertThat(logger.entries).as("no copies of the second: nothing to summarize").hasSize(3);
    }

    @Test
    void anErrorThatComesBackAfterAQuietIntervalIsLoggedInFullAgain() {
        times(1, RepeatedErrorLogTest::tooManyFiles);
        clock.advance(Duration.ofSeconds(11));
        times(1, RepeatedErrorLogTest::tooManyFiles);
        assertThat(logger.entries).hasSize(2).allSatisfy(e -> assertThat(e.thrown()).isNotNull());
        assertThat(loop.stats().timersPending()).as("a lone error leaves no timer behind").isZero();
    }

    @Test
    void aThrowingLoggerDoesNotReachTheCaller() {
        logger.failWith = new InternalError("no time-zone data");
        try (dev.eddy.StderrCapture stderr = new dev.eddy.StderrCapture()) {
            times(3, RepeatedErrorLogTest::tooManyFiles);
            clock.advance(Duration.ofSeconds(10));
            onLoop(() -> { });
            assertThat(stderr.text()).contains("accept failed; pausing", "failed 2 more times", "no time-zone data");
        }
    }
}
