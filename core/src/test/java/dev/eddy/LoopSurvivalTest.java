package dev.eddy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop must not die: nothing a callback, a timer, a done-callback, an IO handler or a
 * logger throws ends {@link IOLoop#run()}; only stop and close do. And a failure that
 * repeats is logged once in full, then summarized.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopSurvivalTest {

    private static final String BROKEN_LOGGER = "cannot load time-zone data (the test's broken logger)";

    private static LogRecorder capture(IOLoop loop) {
        return LogRecorder.of(loop);
    }

    /**
     * A handler on the loop's logger, added after the recorder (so the recorder has the record
     * first), that throws on every record: the way a logger fails at the descriptor limit.
     */
    private static final class BrokenLogger extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(IOLoop.LOG.getName());

        BrokenLogger() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            throw new InternalError(BROKEN_LOGGER);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void aCallbackOrTimerThrowingAnErrorDoesNotEndRun() {
        try (IOLoop loop = new IOLoop(); LogRecorder log = capture(loop)) {
            List<String> ran = new ArrayList<>();
            loop.addCallback(() -> {
                throw new StackOverflowError("a callback's error (expected by the test)");
            });
            loop.callLater(Duration.ZERO, () -> {
                throw new AssertionError("a timer's error (expected by the test)");
            });
            loop.callLater(Duration.ofMillis(1), () -> {
                ran.add("later timer");
                loop.stop();
            });
            loop.run();
            assertThat(ran).containsExactly("later timer");
            assertThat(log.warnings()).extracting(r -> (Object) r.getThrown().getClass())
                    .containsExactly(StackOverflowError.class, AssertionError.class);
        }
    }

    @Test
    void aLoggerThatThrowsDoesNotEndTheLoop() throws IOException {
        Pipe pipe = Pipe.open();
        try (IOLoop loop = new IOLoop();
             LogRecorder log = capture(loop);
             BrokenLogger broken = new BrokenLogger();
             StderrCapture stderr = new StderrCapture()) {
            List<String> ran = new ArrayList<>();
            loop.addCallback(() -> {
                throw new IllegalStateException("callback bug");
            });
            loop.callLater(Duration.ZERO, () -> {
                throw new IllegalStateException("timer bug");
            });
            loop.addCallback(() -> {
                Promise<String> p = new Promise<>(loop);
                p.addDoneCallback(f -> {
                    throw new IllegalStateException("done-callback bug");
                });
                p.complete("x");
            });
            loop.addCallback(() -> {
                try {
                    loop.register(pipe.source(), SelectionKey.OP_READ, ops -> {
                        throw new IllegalStateException("handler bug");
                    });
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            loop.callLater(Duration.ofMillis(50), () -> {
                ran.add("the loop is still running");
                loop.stop();
            });
            loop.run();     // before: the logger's InternalError escaped from here

            assertThat(ran).containsExactly("the loop is still running");
            assertThat(log.all()).extracting(r -> r.getThrown() == null ? null : r.getThrown().getMessage())
                    .contains("callback bug", "timer bug", "handler bug");
            assertThat(pipe.source().isOpen()).as("the failed handler's channel is closed").isFalse();
            assertThat(stderr.text())
                    .as("each record the logger could not take is one plain line on stderr")
                    .contains("callback bug", "timer bug", "handler bug", BROKEN_LOGGER)
                    .doesNotContain("\tat ");
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void aThrowingLoggerDoesNotCostAFutureItsOtherDoneCallbacks() {
        try (IOLoop loop = new IOLoop();
             LogRecorder log = capture(loop);
             BrokenLogger broken = new BrokenLogger();
             StderrCapture stderr = new StderrCapture()) {
            List<String> ran = new ArrayList<>();
            String value = loop.runSync(() -> {
                Promise<String> p = new Promise<>(loop);
                p.addDoneCallback(f -> {
                    throw new IllegalStateException("first done-callback bug");
                });
                p.addDoneCallback(f -> ran.add("second done-callback"));
                p.complete("x");
                return p.flatMap(v -> Futures.moment(loop).map(ignored -> v));
            }, Duration.ofSeconds(5));

            assertThat(value).isEqualTo("x");
            assertThat(ran).as("before: the logger's Error left runCallback and dropped the rest")
                    .containsExactly("second done-callback");
            assertThat(stderr.text()).contains("first done-callback bug", BROKEN_LOGGER);
        }
    }

    @Test
    void theSameCallbackFailureIsLoggedOnceThenSummarizedPerInterval() {
        ManualClock clock = new ManualClock();
        try (IOLoop loop = TestLoops.manual(clock); LogRecorder log = capture(loop)) {
            Runnable failing = () -> {
                throw new IllegalStateException("the same bug (expected by the test)");
            };
            TestLoops.sync(loop, () -> {
                for (int i = 0; i < 512; i++) {
                    loop.addCallback(failing);
                }
                return TestLoops.turns(loop, 2);
            });
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessageContaining("the same bug"));

            clock.advance(Duration.ofSeconds(10));      // the interval ends: its summary is due
            TestLoops.sync(loop, () -> TestLoops.turns(loop, 2));
            List<LogRecord> records = log.warnings();
            assertThat(records).hasSize(2);
            assertThat(records.get(1).getThrown()).isNull();
            assertThat(records.get(1).getMessage())
                    .contains("a callback on loop '" + loop.name() + "' failed 511 more times in the last 10 s")
                    .contains("the same bug");
        }
    }
}
