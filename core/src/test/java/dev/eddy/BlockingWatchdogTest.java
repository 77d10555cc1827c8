package dev.eddy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog with a 50 ms threshold. A callback blocks the loop by busy-waiting (not
 * sleeping: a sleeping thread would show {@code Thread.sleep} on top, and the point is to
 * catch code that is merely slow) until the test releases it.
 *
 * <p>On a loaded machine (CI: two cores, several builds) the loop thread can be descheduled
 * for 50 ms anywhere, and the watchdog cannot tell that from blocking. So the first test
 * counts the warnings that show its blocking frame (exactly one per episode), and the
 * "no false alarm" claim is made by the second test with a threshold that load does not reach.
 */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingWatchdogTest {

    private static final Duration THRESHOLD = Duration.ofMillis(50);

    @Test
    void aBlockingCallbackGetsExactlyOneWarningPerEpisodeWithTheBlockingFrame() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("watched").withBlockingThreshold(THRESHOLD));
        try (LogRecorder log = LogRecorder.of(loop); TestLoops.Background bg = new TestLoops.Background(loop)) {
            for (int episode = 1; episode <= 2; episode++) {
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch finished = new CountDownLatch(1);
                loop.addCallback(() -> {
                    blockUntilReleased(release);
                    finished.countDown();
                });
                log.awaitWarnings(episode, BlockingWatchdogTest::showsTheBlockingFrame);
                release.countDown();
                assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(log.warnings().stream().filter(BlockingWatchdogTest::showsTheBlockingFrame))
                        .as("one warning per episode, with the stack taken while blocked").hasSize(episode);
            }
            LogRecord warning = log.warnings().stream().filter(BlockingWatchdogTest::showsTheBlockingFrame)
                    .findFirst().orElseThrow();
            assertThat(warning.getMessage()).contains("IOLoop 'watched' blocked for at least");
        }
    }

    @Test
    void quickCallbacksAndAnIdleLoopGetNoWarning() throws Exception {
        // a longer threshold here: on a loaded machine a thread can be descheduled for tens
        // (rarely hundreds) of ms in the middle of a quick callback, which the watchdog cannot
        // tell from blocking; the idle part still sleeps two thresholds in select
        Duration threshold = Duration.ofMillis(500);
        IOLoop loop = new IOLoop(LoopOptions.defaults().withBlockingThreshold(threshold));
        try (LogRecorder log = LogRecorder.of(loop); TestLoops.Background bg = new TestLoops.Background(loop)) {
            CountDownLatch ran = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                loop.addCallback(ran::countDown);
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            // an idle loop sleeps in select for several thresholds: that is not blocking
            CountDownLatch timer = new CountDownLatch(1);
            loop.callLater(threshold.multipliedBy(2), timer::countDown);
            assertThat(timer.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.watchdogWarnings()).isZero();
            assertThat(log.warnings()).isEmpty();
        }
    }

    /** True when the warning's stack (taken while blocked) shows {@link #blockUntilReleased}. */
    private static boolean showsTheBlockingFrame(LogRecord r) {
        return r.getThrown() != null && Arrays.stream(r.getThrown().getStackTrace())
                .anyMatch(e -> e.getMethodName().equals("blockUntilReleased"));
    }

    /** Busy-waits until released, and at least 5 thresholds, so the watchdog sees one long episode. */
    private static void blockUntilReleased(CountDownLatch release) {
        long start = System.nanoTime();
        long minimum = THRESHOLD.toNanos() * 5;
        while (release.getCount() > 0 || System.nanoTime() - start < minimum) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10)) {
                throw new AssertionError("never released");
            }
            Thread.onSpinWait();
        }
    }
}
