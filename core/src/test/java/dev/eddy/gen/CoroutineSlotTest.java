package dev.eddy.gen;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.testing.LoopOnThread;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CoroutineSlot}: every thread finds its own running coroutine, also while coroutines
 * run on other threads and the fast path (the hint naming the thread that last started one)
 * moves between them.
 */
class CoroutineSlotTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int MOMENTS = 1000;

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void coroutinesOnTwoLoopThreadsEachFindTheirOwn(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        try (LoopOnThread a = LoopOnThread.start("slot-a"); LoopOnThread b = LoopOnThread.start("slot-b")) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (LoopOnThread side : List.of(a, b)) {
                for (int c = 0; c < 2; c++) {
                    runs.add(side.call(() -> Coroutine.async(side.loop(), engine, () -> stepsOnOwnLoop(side.loop(), engine))));
                }
            }
            for (Future<Integer> run : runs) {
                assertThat(LoopOnThread.awaitOn(run.loop(), () -> run, DEADLINE))
                        .as("moments after which Coroutine.loop() named this coroutine's own loop")
                        .isEqualTo(MOMENTS);
            }
        }
    }

    /**
     * Counts the moments after which this coroutine is found as itself. Every 50 moments it
     * starts a short coroutine of its own, so the hint keeps moving to this loop's thread
     * while the other loop's thread does the same.
     */
    private static int stepsOnOwnLoop(IOLoop own, ContinuationEngine engine) {
        int found = 0;
        for (int i = 0; i < MOMENTS; i++) {
            Coroutine.moment();
            if (Coroutine.inCoroutine() && Coroutine.loop() == own) {
                found++;
            }
            if (i % 50 == 0) {
                Coroutine.async(own, engine, () -> Coroutine.loop() == own);
            }
        }
        return found;
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void aCoroutineRunningOnAnotherThreadIsNotTheCallers(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        boolean[] seenHere = {true};
        try (LoopOnThread other = LoopOnThread.start("slot-other")) {
            // Off the loop thread, async hands the first step to the loop: the step runs there,
            // and that thread is the last to have started a coroutine.
            Future<Boolean> body = Coroutine.async(other.loop(), engine, () -> {
                running.countDown();
                return checked.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            });
            assertThat(running.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            seenHere[0] = Coroutine.inCoroutine();  // this thread runs no coroutine
            checked.countDown();
            assertThat(LoopOnThread.awaitOn(other.loop(), () -> body, DEADLINE)).isTrue();
        }
        assertThat(seenHere[0]).isFalse();
    }
}
