package dev.eddy.testing;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a {@link TestLoop}'s loop still holds, as its {@link ResourceTracker} sees it (armed
 * timers, open channels, suspended coroutines, failed futures nobody observed) together with
 * what other parts of the test asked to be watched (a {@link SimulatedNetwork}'s open
 * connections); told two ways: as the report of what is pending, and as the list of leaks.
 *
 * <p>Why apart from {@code TestLoop}: both the deadline's report and the leak check at close
 * read the same things, and neither is about running the loop.
 *
 * <p>Reads only: it never closes or cancels what it finds. Loop thread, or the test's thread
 * while the loop is not running.
 */
final class LoopInventory {

    /** Shown at most this many of each kind in a report; the rest are counted. */
    private static final int REPORT_LINES = 20;

    private final IOLoop loop;
    private final ResourceTracker tracker;
    /** What else holds resources on this loop: a {@link SimulatedNetwork}'s open connections. */
    private final List<Supplier<List<ResourceTracker.Item>>> watched = new ArrayList<>();

    LoopInventory(IOLoop loop, ResourceTracker tracker) {
        this.loop = loop;
        this.tracker = tracker;
    }

    /**
     * What the loop is waiting for, under {@code heading}: armed timers but {@code leaveOut}
     * (soonest first), open channels, suspended coroutines and what is watched.
     */
    String pending(String heading, Timeout leaveOut) {
        StringBuilder sb = new StringBuilder(heading);
        int before = sb.length();
        appendItems(sb, tracker.armedTimers(loop, leaveOut));
        appendItems(sb, tracker.openChannels());
        appendItems(sb, tracker.suspendedCoroutines());
        for (Supplier<List<ResourceTracker.Item>> w : watched) {
            appendItems(sb, w.get());
        }
        if (sb.length() == before) {
            sb.append(" nothing the test loop can see (no timer, channel or coroutine: a future nobody completes?)");
        }
        return sb.toString();
    }

    private static void appendItems(StringBuilder sb, List<ResourceTracker.Item> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i == REPORT_LINES) {
                sb.append("\n  ... and ").append(items.size() - REPORT_LINES).append(" more like it");
                break;
            }
            sb.append("\n  ").append(items.get(i));
        }
    }

    /** Everything still open, armed or suspended, and every failure nobody observed. */
    List<ResourceTracker.Item> leaks() {
        List<ResourceTracker.Item> leaks = new ArrayList<>(tracker.openChannels());
        leaks.addAll(tracker.armedTimers(loop, null));
        leaks.addAll(tracker.suspendedCoroutines());
        leaks.addAll(tracker.unobservedFailures());
        for (Supplier<List<ResourceTracker.Item>> w : watched) {
            leaks.addAll(w.get());
        }
        return leaks;
    }

    /** Includes what {@code openThings} reports in the pending report and in the leaks. */
    void watch(Supplier<List<ResourceTracker.Item>> openThings) {
        watched.add(openThings);
    }
}
