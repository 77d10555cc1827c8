package dev.eddy.testing;

import dev.eddy.ChannelRegistration;
import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Timeout;
import dev.eddy.LoopTracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@link LoopTracker} of a {@link TestLoop}: remembers the timers, channels, coroutines
 * and failed futures of one loop, each with the place it was made (when sites are recorded),
 * so that the test loop can say what is pending and what leaked.
 *
 * <p>Why weak maps: a test may make millions of futures and timers; the ones nobody holds
 * any more cannot be pending (a pending timer is held by the loop's heap, a suspended
 * coroutine on the thread engine by its thread), so letting them go costs no report. Failed
 * futures are held strongly until observed: "failed and nobody looked" is only known at the end.
 *
 * <p>Thread-safe (every method synchronized): the loop tells it things from any thread.
 * It never calls back into what it is told about, apart from reading state.
 */
final class ResourceTracker implements LoopTracker {

    private final boolean recordSites;
    private final Map<Timeout, CreationSite> timers = new WeakHashMap<>();
    private final Map<ChannelRegistration, CreationSite> channels = new LinkedHashMap<>();
    private final Map<Future<?>, CreationSite> coroutines = new WeakHashMap<>();
    private final Map<Future<?>, CreationSite> futureSites = new WeakHashMap<>();
    private final Map<Future<?>, Item> unobservedFailures = new LinkedHashMap<>();
    private long timerOrder;          // timers list in the order they were created

    ResourceTracker(boolean recordSites) {
        this.recordSites = recordSites;
    }

    /** Where something is being made now, or null when sites are not recorded. */
    CreationSite site(String what) {
        return recordSites ? new CreationSite(what) : null;
    }

    @Override
    public synchronized void timerCreated(Timeout timer) {
        timers.put(timer, site("timer " + timerOrder++ + " created"));
    }

    @Override
    public synchronized void channelRegistered(ChannelRegistration registration) {
        channels.put(registration, site("channel registered"));
    }

    @Override
    public synchronized void coroutineStarted(Future<?> result) {
        coroutines.put(result, site("coroutine started"));
    }

    @Override
    public synchronized void futureCreated(Future<?> future) {
        if (recordSites) {
            futureSites.put(future, new CreationSite("future created"));
        }
    }

    @Override
    public synchronized void futureFailed(Future<?> future, Throwable failure) {
        unobservedFailures.put(future, new Item("failed future nobody observed: " + failure, futureSites.get(future), failure));
    }

    @Override
    public synchronized void failureObserved(Future<?> future) {
        unobservedFailures.remove(future);
    }

    // ------------------------------------------------------------------ reports

    /**
     * One thing still pending or leaked: a line of text, where it was made (when recorded),
     * and for a failed future its failure.
     */
    record Item(String description, CreationSite site, Throwable failure) {

        Item(String description, CreationSite site) {
            this(description, site, null);
        }

        @Override
        public String toString() {
            return site == null ? description : description + ", " + site.shortPlace();
        }
    }

    /** Timers neither fired nor cancelled, soonest first; {@code except} (may be null) is left out. */
    synchronized List<Item> armedTimers(IOLoop loop, Timeout except) {
        long now = loop.time();
        List<Timeout> armed = new ArrayList<>();
        for (Timeout t : timers.keySet()) {
            if (t != except && !t.hasFired() && !t.isCancelled()) {
                armed.add(t);
            }
        }
        armed.sort((a, b) -> Long.compare(a.deadline() - now, b.deadline() - now));
        List<Item> items = new ArrayList<>();
        for (Timeout t : armed) {
            items.add(new Item("timer due in " + Duration.ofNanos(t.deadline() - now), timers.get(t)));
        }
        return items;
    }

    /** Channels still registered and open. */
    synchronized List<Item> openChannels() {
        List<Item> items = new ArrayList<>();
        channels.forEach((reg, site) -> {
            if (!reg.isRemoved() && reg.channel().isOpen()) {
                items.add(new Item("open channel " + reg.channel(), site));
            }
        });
        return items;
    }

    /** Coroutines whose body has not finished (suspended at an await, a sleep or a moment). */
    synchronized List<Item> suspendedCoroutines() {
        List<Item> items = new ArrayList<>();
        coroutines.forEach((result, site) -> {
            if (!result.isDone()) {
                items.add(new Item("suspended coroutine", site));
            }
        });
        return items;
    }

    /** Futures that failed and whose failure no callback, join or cause ever saw. */
    synchronized List<Item> unobservedFailures() {
        return new ArrayList<>(unobservedFailures.values());
    }
}
