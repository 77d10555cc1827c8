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
                log.awaitWarnings(episode);
                release.countDown();
                assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(loop.watchdogWarnings()).as("one warning per episode").isEqualTo(episode);
            }
            assertThat(log.warnings()).hasSize(2);
            LogRecord warning = log.warnings().get(0);
            assertThat(warning.getMessage()).contains("IOLoop 'watched' blocked for at least");
            assertThat(Arrays.stream(warning.getThrown().getStackTrace()).map(StackTraceElement::getMethodName))
                    .as("the stack taken while blocked shows the blocking frame")
                    .contains("blockUntilReleased");
        }
    }

    @Test
    void quickCallbacksAndAnIdleLoopGetNoWarning() throws Exception {
        // a longer threshold here: on a loaded machine a thread can be descheduled for tens of
        // ms in the middle of a quick callback, which the watchdog cannot tell from blocking
        Duration threshold = Duration.ofMillis(200);
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
