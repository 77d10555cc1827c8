package dev.eddy.examples;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop tour prints its numbered steps in the order of their numbers, on every run. */
class LoopTourTest {

    private static final Pattern STEP = Pattern.compile("^\\[[ 0-9.]+ ms] (\\d)\\. ", Pattern.MULTILINE);

    @Test
    void theProgramPrintsItsStepsInOrderEveryRun() throws Exception {
        for (int run = 0; run < 5; run++) {
            Launch l = Launch.run("loop-tour");
            assertThat(l.status()).isZero();
            List<Integer> steps = new ArrayList<>();
            Matcher m = STEP.matcher(l.stdoutText());
            while (m.find()) {
                steps.add(Integer.parseInt(m.group(1)));
            }
            assertThat(steps).as(l.stdoutText()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        }
    }

    /**
     * A cold JVM makes every step slow (class loading). Here each report takes 15 ms of CPU,
     * longer than the 10 ms timer, on the loop thread and on the pool's: the order still holds,
     * because each step is started by the one before it.
     */
    @Test
    void slowStepsCannotReorderTheTour() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (IOLoop loop = new IOLoop()) {
            List<String> said = Collections.synchronizedList(new ArrayList<>());
            Consumer<String> slowSay = what -> {
                long until = System.nanoTime() + Duration.ofMillis(15).toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();        // busy, like a step loading classes
                }
                said.add(what);
            };
            loop.runSync(() -> LoopTour.tour(loop, pool, slowSay), Duration.ofSeconds(10));
            assertThat(said).extracting(s -> s.substring(0, 2)).containsExactly("1.", "2.", "3.", "4.", "5.", "6.", "7.");
        } finally {
            pool.shutdown();
        }
    }
}
