package dev.eddy.http;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eddy's HTTP server and client over a {@code SimulatedNetwork}, seed after seed: each seed
 * draws the network's faults and the requests ({@link SimulatedHttpRun}), and must keep its
 * rules: every request answered exactly or failed with a clear exception (only where the
 * network reset a connection), no hang, nothing logged, nothing left open.
 *
 * <p>{@code -Dsim.seeds=N} runs N seeds (2,000 by default) from {@code -Dsim.firstSeed}
 * (0). A failing seed is printed with the end of its network trace and the command that
 * replays it: {@code -Dsim.seed=N} runs that one seed alone, with creation sites in the leak
 * report and the whole trace printed.
 */
class HttpOnASimulatedNetworkTest {

    private static final int SEEDS = Integer.getInteger("sim.seeds", 2_000);
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 0L);
    private static final Long ONE_SEED = Long.getLong("sim.seed");
    /** Stop after this many failing seeds: the first ones say enough. */
    private static final int MAX_REPORTED = 5;

    @Test
    void everySeedAnswersEveryRequestExactlyOrFailsClearlyAndLeavesNothingOpen() {
        List<String> failures = new ArrayList<>();
        long first = ONE_SEED != null ? ONE_SEED : FIRST_SEED;
        int count = ONE_SEED != null ? 1 : SEEDS;
        int requests = 0;
        long start = System.nanoTime();
        for (long seed = first; seed < first + count && failures.size() < MAX_REPORTED; seed++) {
            SimulatedHttpRun run = new SimulatedHttpRun(seed, ONE_SEED != null);
            try {
                run.run();
            } catch (Throwable t) {
                failures.add(report(run, t));
            }
            if (ONE_SEED != null) {
                System.out.println("seed " + seed + " (" + run.faults() + "): " + run.summary());
                run.trace().forEach(System.out::println);
            }
            requests += run.requests();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failures).as("%d seeds from %d, %d requests, in %d ms", count, first, requests, millis).isEmpty();
    }

    private static String report(SimulatedHttpRun run, Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        return "seed " + run.seed + " failed (replay: mvn -pl http test -Dtest=HttpOnASimulatedNetworkTest -Dsim.seed="
                + run.seed + ")\n  faults: " + run.faults() + "\n  " + stack
                + "  last lines of the network's trace:\n    " + String.join("\n    ", run.traceTail(30));
    }
}
