package dev.eddy;

import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog with a 50 ms threshold. A callback blocks the loop by busy-waiting (not
 * sleeping: a sleeping thread would show {@code Thread.sleep} on top, and the point is to
 * catch code that is merely slow) until the test releases it.
 *
 * <p>On a loaded machine (CI: two cores, several builds) the loop thread can be descheduled
 * for 50 ms anywhere, and the watchdog cannot tell that from blocking. So the tests count
 * only the warnings that show their blocking frame (exactly one per episode), and the
 * "no false alarm" claim is made with a threshold that load does not reach.
 */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingWatchdogTest {

    private static final Duration THRESHOLD = Duration.ofMillis(50);

    @Test
    void aBlockingCallbackGetsExactlyOneWarningPerEpisodeNamingItWithTheBlockingFrame() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("watched").withBlockingThreshold(THRESHOLD));
        try (LogRecorder log = LogRecorder.of(loop); LoopOnThread bg = LoopOnThread.start(loop)) {
            for (int episode = 1; episode <= 2; episode++) {
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch finished = new CountDownLatch(1);
                loop.addCallback(new BlockingCallback(release, finished));
                log.awaitWarnings(episode, BlockingWatchdogTest::showsTheBlockingFrame);
                release.countDown();
                assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(log.warnings().stream().filter(BlockingWatchdogTest::showsTheBlockingFrame))
                        .as("one warning per episode, with the stack taken while blocked").hasSize(episode);
            }
            LogRecord warning = log.warnings().stream().filter(BlockingWatchdogTest::showsTheBlockingFrame)
                    .findFirst().orElseThrow();
            assertThat(warning.getMessage())
                    .startsWith("IOLoop 'watched' blocked for at least")
                    .contains("in callback dev.eddy.BlockingWatchdogTest$BlockingCallback.run;");
            assertThat(loop.stats().blockedEpisodes()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aBlockingTimerIsNamedAsATimer() throws Exception {
        String report = reportOn("watched-timer", (loop, blocking) -> loop.callLater(Duration.ZERO, blocking));
        assertThat(report).contains("in timer dev.eddy.BlockingWatchdogTest$BlockingCallback.run;");
    }

    @Test
    void aBlockingIOHandlerIsNamedAsAnIOHandler() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            String report = reportOn("watched-io", (loop, blocking) -> {
                BlockingHandler handler = new BlockingHandler(pipe, blocking);
                LoopOnThread.callOn(loop, () -> loop.register(pipe.source(), SelectionKey.OP_READ, handler),
                        LoopOnThread.DEFAULT_DEADLINE);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            });
            assertThat(report).contains("in IO handler dev.eddy.BlockingWatchdogTest$BlockingHandler.onReady;");
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void aBlockingDoneCallbackIsNamedAsOne() throws Exception {
        String report = reportOn("watched-future", (loop, blocking) -> {
            Consumer<Future<Void>> doneCallback = done -> blocking.run();
            loop.addCallback(() -> Future.succeeded(loop, (Void) null).addDoneCallback(doneCallback));
        });
        assertThat(report).contains("in done-callback dev.eddy.BlockingWatchdogTest.lambda$");
    }

    /** Sets a blocking piece of work going on a running loop. */
    @FunctionalInterface
    interface Blocker {
        void start(IOLoop loop, BlockingCallback blocking) throws Exception;
    }

    /**
     * Runs a watched loop, lets {@code blocker} block it until the watchdog reports, then
     * releases it; returns the report's message.
     */
    private static String reportOn(String loopName, Blocker blocker) throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName(loopName).withBlockingThreshold(THRESHOLD));
        try (LogRecorder log = LogRecorder.of(loop); LoopOnThread bg = LoopOnThread.start(loop)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            blocker.start(loop, new BlockingCallback(release, finished));
            log.awaitWarnings(1, BlockingWatchdogTest::showsTheBlockingFrame);
            release.countDown();
            assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
            return log.warnings().stream().filter(BlockingWatchdogTest::showsTheBlockingFrame).findFirst()
                    .orElseThrow().getMessage();
        }
    }

    @Test
    void quickCallbacksAndAnIdleLoopGetNoWarning() throws Exception {
        // a longer threshold here: on a loaded machine a thread can be descheduled for tens
        // (rarely hundreds) of ms in the middle of a quick callback, which the watchdog cannot
        // tell from blocking; the idle part still sleeps two thresholds in select
        Duration threshold = Duration.ofMillis(500);
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("quick").withBlockingThreshold(threshold));
        try (LogRecorder log = LogRecorder.of(loop); LoopOnThread bg = LoopOnThread.start(loop)) {
            CountDownLatch ran = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                loop.addCallback(ran::countDown);
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            // an idle loop sleeps in select for several thresholds: that is not blocking
            CountDownLatch timer = new CountDownLatch(1);
            loop.callLater(threshold.multipliedBy(2), timer::countDown);
            assertThat(timer.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.stats().blockedEpisodes()).isZero();
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void theWatchdogIsOnByDefaultAtTwoSecondsAndOptionsTurnItOff() {
        assertThat(LoopOptions.defaults().blockingThreshold()).isEqualTo(LoopOptions.DEFAULT_BLOCKING_THRESHOLD)
                .isEqualTo(Duration.ofSeconds(2));
        try (IOLoop watched = new IOLoop(); IOLoop unwatched = new IOLoop(
                LoopOptions.defaults().withBlockingThreshold(null))) {
            assertThat(watched.watch()).isNotNull();
            assertThat(watched.watch().thresholdNanos).isEqualTo(Duration.ofSeconds(2).toNanos());
            assertThat(unwatched.watch()).isNull();
        }
    }

    @Test
    void runningLoopsShareOneDaemonWatchdogThread() throws Exception {
        try (LoopOnThread a = LoopOnThread.start(new IOLoop(LoopOptions.defaults().withName("a")));
             LoopOnThread b = LoopOnThread.start(new IOLoop(LoopOptions.defaults().withName("b")))) {
            Thread watchdog = BlockingWatchdog.SHARED.thread();
            assertThat(watchdog).isNotNull();
            assertThat(watchdog.isDaemon()).isTrue();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t != watchdog && t.getName().endsWith("-watchdog")) {
                    t.join(5_000);      // one that found nothing to watch a moment ago may still be ending
                    assertThat(t.isAlive()).as("one watchdog thread for every loop of the JVM, not " + t).isFalse();
                }
            }
        }
    }

    @Test
    void aWatchSeesTheLoopOnlyThroughItsThreeReadersAndReportsUnderTheLoopsName() throws Exception {
        // no loop runs: a parked thread plays the loop thread, and a counter that never moves
        // plays its work; the watchdog learns of them only through the Watch's readers
        BlockingWatchdog watchdog = new BlockingWatchdog("test-watchdog");
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stand-in-for-a-loop-thread");
        stuck.start();
        BlockingWatchdog.Watch watch = new BlockingWatchdog.Watch("readers-only", Duration.ofMillis(40),
                () -> stuck, () -> 7, () -> false);
        // the loop exists only to name what the capture keeps: the watchdog's reports on "readers-only"
        try (IOLoop named = new IOLoop(LoopOptions.defaults().withName("readers-only").withBlockingThreshold(null));
             LogRecorder log = LogRecorder.of(named)) {
            watchdog.arm(watch);
            log.awaitWarnings(1, r -> r.getMessage().startsWith("IOLoop 'readers-only' blocked for at least"));
            watchdog.disarm(watch);
            assertThat(watch.episodes).as("one episode per counter value, however long it stays").isEqualTo(1);
        } finally {
            release.countDown();
            stuck.join(5_000);
        }
    }

    @Test
    void theWatchdogThreadEndsWhenNoLoopRunsAndStartsAgainWithTheNext() throws Exception {
        // a watchdog of its own, so that loops other tests left running cannot keep it alive
        BlockingWatchdog watchdog = new BlockingWatchdog("test-watchdog");
        // a loop that is not running (no thread): the watchdog looks, finds nothing to report
        BlockingWatchdog.Watch watch = new BlockingWatchdog.Watch("lifecycle", Duration.ofMillis(40),
                () -> null, () -> 0, () -> false);
        assertThat(watchdog.thread()).isNull();
        watchdog.arm(watch);
        Thread first = watchdog.thread();
        assertThat(first).isNotNull();
        assertThat(first.isDaemon()).isTrue();
        watchdog.disarm(watch);
        first.join(5_000);
        assertThat(first.isAlive()).as("ends once it finds nothing to watch").isFalse();
        assertThat(watchdog.thread()).isNull();

        watchdog.arm(watch);
        Thread second = watchdog.thread();
        assertThat(second).isNotNull().isNotSameAs(first);
        assertThat(second.isAlive()).isTrue();
        watchdog.disarm(watch);
        second.join(5_000);
        assertThat(second.isAlive()).isFalse();
    }

    @Test
    void theEntryIsTheFrameJustInsideWhereTheLoopHandsControlOver() {
        StackTraceElement[] callback = {
            frame("java.lang.Thread", "sleep"),
            frame("com.example.Slow", "lambda$handle$0"),
            frame("dev.eddy.CallbackRunner", "runCallback"),
            frame("dev.eddy.LoopCallbacks", "runBatch"),
            frame("dev.eddy.LoopRun", "iterate"),
        };
        assertThat(BlockingWatchdog.entryOf(callback)).isEqualTo("callback com.example.Slow.lambda$handle$0");
        StackTraceElement[] throughALambdaClass = {
            frame("com.example.Slow", "lambda$handle$0"),
            frame("com.example.Slow$$Lambda$607/0x00007f92c81918d8", "accept"),
            frame("dev.eddy.Future", "runCallback"),
        };
        assertThat(BlockingWatchdog.entryOf(throughALambdaClass))
                .isEqualTo("done-callback com.example.Slow.lambda$handle$0");
        StackTraceElement[] timedTimer = {
            frame("com.example.Slow", "run"),
            frame("dev.eddy.CallbackRunner", "runCallback"),
            frame("dev.eddy.LoopEvents", "runTimed"),
            frame("dev.eddy.LoopTimers", "runDue"),
        };
        assertThat(BlockingWatchdog.entryOf(timedTimer)).isEqualTo("timer com.example.Slow.run");
        StackTraceElement[] handler = {
            frame("com.example.Router", "handle"),
            frame("dev.eddy.http.HttpConnection", "onReady"),
            frame("dev.eddy.LoopSelector", "dispatchReady"),
            frame("dev.eddy.LoopRun", "iterate"),
        };
        assertThat(BlockingWatchdog.entryOf(handler)).isEqualTo("IO handler dev.eddy.http.HttpConnection.onReady");
        StackTraceElement[] timedHandler = {
            frame("com.example.Router", "handle"),
            frame("dev.eddy.http.HttpConnection", "onReady"),
            frame("dev.eddy.LoopEvents", "dispatchTimed"),
            frame("dev.eddy.LoopSelector", "dispatchReady"),
        };
        assertThat(BlockingWatchdog.entryOf(timedHandler)).isEqualTo("IO handler dev.eddy.http.HttpConnection.onReady");
        assertThat(BlockingWatchdog.entryOf(new StackTraceElement[] {frame("com.example.Body", "run")})).isNull();
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    /** True when the warning's stack (taken while blocked) shows {@link #blockUntilReleased}. */
    private static boolean showsTheBlockingFrame(LogRecord r) {
        return r.getThrown() != null && Arrays.stream(r.getThrown().getStackTrace())
                .anyMatch(e -> e.getMethodName().equals("blockUntilReleased"));
    }

    /** Busy-waits until released, and at least 5 thresholds, so the watchdog sees one long episode. */
    static void blockUntilReleased(CountDownLatch release) {
        long start = System.nanoTime();
        long minimum = THRESHOLD.toNanos() * 5;
        while (release.getCount() > 0 || System.nanoTime() - start < minimum) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10)) {
                throw new AssertionError("never released");
            }
            Thread.onSpinWait();
        }
    }

    /** A callback (or timer task) with a class of its own, so the report can be checked by name. */
    static final class BlockingCallback implements Runnable {
        private final CountDownLatch release;
        private final CountDownLatch finished;

        BlockingCallback(CountDownLatch release, CountDownLatch finished) {
            this.release = release;
            this.finished = finished;
        }

        @Override
        public void run() {
            blockUntilReleased(release);
            finished.countDown();
        }
    }

    /** An IO handler that blocks on the first byte it reads. */
    static final class BlockingHandler implements IOHandler {
        private final Pipe pipe;
        private final BlockingCallback blocking;

        BlockingHandler(Pipe pipe, BlockingCallback blocking) {
            this.pipe = pipe;
            this.blocking = blocking;
        }

        @Override
        public void onReady(int readyOps) throws IOException {
            if (pipe.source().read(ByteBuffer.allocate(16)) > 0) {
                blocking.run();
            }
        }
    }
}
