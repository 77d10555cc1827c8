package dev.eddy.testing;

import java.util.List;

/**
 * Thrown by {@link TestLoop#close()} when the test left something behind: a channel still
 * open, a timer still armed, a coroutine still suspended, or a failed future whose failure
 * nobody looked at. The message lists them, one a line, with the first place in the caller's
 * code that made each; the full stack of each creation site (and each unobserved failure) is
 * attached as a suppressed exception, so the test report shows it.
 *
 * <p>An {@link AssertionError}: to a test framework, a leak is a failed test.
 */
public final class LeakError extends AssertionError {

    /** One line per leak, as {@link #leaks()} returns them (kept when the error is serialized). */
    private final List<String> leaks;

    LeakError(String loopName, List<ResourceTracker.Item> items) {
        super(message(loopName, items));
        this.leaks = items.stream().map(ResourceTracker.Item::description).toList();
        for (ResourceTracker.Item item : items) {
            if (item.site() != null) {
                addSuppressed(item.site());
            }
            if (item.failure() != null) {
                addSuppressed(item.failure());
            }
        }
    }

    private static String message(String loopName, List<ResourceTracker.Item> items) {
        StringBuilder sb = new StringBuilder("test loop '" + loopName + "' closed with " + items.size()
                + (items.size() == 1 ? " leak:" : " leaks:"));
        for (ResourceTracker.Item item : items) {
            sb.append("\n  ").append(item);
        }
        return sb.toString();
    }

    /**
     * One line per leak, without the creation sites: for tests that assert on them.
     *
     * @return the leaks' descriptions
     */
    public List<String> leaks() {
        return leaks;
    }
}
