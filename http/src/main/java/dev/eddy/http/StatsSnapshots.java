package dev.eddy.http;

import dev.eddy.LoopStats;

/**
 * The figures a stats page shows, taken at one moment: each loop's and each server's, under
 * its name. {@code StatsHandler} takes them; {@code StatsJson} and {@code PrometheusText}
 * write them out. They live here, not in the handler, so the two writers depend on the
 * figures alone and not on the handler that calls them.
 *
 * <p>Immutable values; any thread.
 */
final class StatsSnapshots {

    private StatsSnapshots() {
    }

    /** One loop's figures under its name. */
    record LoopSnapshot(String name, LoopStats stats) {
    }

    /** One server's figures under its name. */
    record ServerSnapshot(String name, HttpServerStats stats) {
    }
}
