package dev.eddy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When done-callbacks run: a future completed on the loop thread calls back once the step of
 * the iteration that completed it ends (loop callbacks, timers, IO handlers), never inside
 * {@code complete}, and a chain longer than {@link ReadyFutures#MAX_PER_STEP} lets the loop
 * move on.
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DoneCallbackTimingTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aFutureCompletedInALoopCallbackCallsBackInTheSameIterationAfterTheCallbackReturns() {
        List<String> order = new ArrayList<>();
        long[] iteration = new long[2];
        sync(loop, () -> {
            Promise<Void> done = new Promise<>(loop);
            loop.addCallback(() -> {
                Promise<String> p = new Promise<>(loop);
                p.addDoneCallback(f -> {
                    iteration[1] = loop.stats().iterations();
                    order.add("done-callback " + f.join());
                });
                loop.addCallback(() -> {
                    order.add("loop callback added before complete");
                    done.complete(null);
                });
                iteration[0] = loop.stats().iterations();
                p.complete("v");
                order.add("complete returned");
            });
            return done;
        });
        assertThat(order).containsExactly("complete returned", "done-callback v", "loop callback added before complete");
        assertThat(iteration[1]).isEqualTo(iteration[0]);
    }

    @Test
    void aFutureCompletedInATimerCallsBackInTheSameIteration() {
        long[] iteration = new long[2];
        sync(loop, () -> {
            Promise<Void> done = new Promise<>(loop);
            loop.callLater(Duration.ZERO, () -> {
                Promise<String> p = new Promise<>(loop);
                p.addDoneCallback(f -> {
                    iteration[1] = loop.stats().iterations();
                    done.complete(null);
                });
                iteration[0] = loop.stats().iterations();
                p.complete("v");
            });
            return done;
        });
        assertThat(iteration[1]).isEqualTo(iteration[0]);
    }

    @Test
    void aFutureCompletedInAnIOHandlerCallsBackBeforeTheLoopSelectsAgain() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            long[] iteration = new long[2];
            sync(loop, () -> {
                Promise<Void> done = new Promise<>(loop);
                Promise<String> readable = new Promise<>(loop);
                readable.addDoneCallback(f -> {
                    iteration[1] = loop.stats().iterations();
                    done.complete(null);
                });
                try {
                    loop.register(pipe.source(), SelectionKey.OP_READ, ops -> {
                        if (!readable.isDone()) {       // the byte stays unread: it fires again
                            iteration[0] = loop.stats().iterations();
                            readable.complete("readable");
                        }
                    });
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return done;
            });
            assertThat(iteration[1]).isEqualTo(iteration[0]);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void aThrowingDoneCallbackIsLoggedAndTheNextFuturesStillCallBack() {
        List<String> order = new ArrayList<>();
        try (LogRecorder log = LogRecorder.of(loop)) {
            sync(loop, () -> {
                Promise<String> first = new Promise<>(loop);
                Promise<String> second = new Promise<>(loop);
                first.addDoneCallback(f -> {
                    throw new IllegalStateException("cb boom");
                });
                second.addDoneCallback(f -> order.add("second " + f.join()));
                first.complete("1");
                second.complete("2");
                return TestLoops.turns(loop, 2);
            });
            assertThat(order).containsExactly("second 2");
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("cb boom"));
        }
    }

    @Test
    void aChainOfDoneCallbacksLongerThanTheBoundLetsTheLoopMoveOn() {
        int links = 3 * ReadyFutures.MAX_PER_STEP;
        int[] delivered = {0};
        int[] deliveredWhenTheCallbackRan = {-1};
        sync(loop, () -> {
            Promise<Void> end = new Promise<>(loop);
            loop.addCallback(() -> {
                loop.addCallback(() -> deliveredWhenTheCallbackRan[0] = delivered[0]);
                completeLink(links, delivered, end);
            });
            return end;
        });
        assertThat(delivered[0]).isEqualTo(links);
        assertThat(deliveredWhenTheCallbackRan[0])
                .as("the loop callback queued before the chain runs once the first bound's worth is delivered")
                .isEqualTo(ReadyFutures.MAX_PER_STEP);
    }

    /** Completes a future whose done-callback completes the next one, {@code left} links in all. */
    private void completeLink(int left, int[] delivered, Promise<Void> end) {
        Promise<Void> p = new Promise<>(loop);
        p.addDoneCallback(f -> {
            delivered[0]++;
            if (left == 1) {
                end.complete(null);
            } else {
                completeLink(left - 1, delivered, end);
            }
        });
        p.complete(null);
    }
}
