package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Memoization with futures: a cache from keys to <em>futures</em> of values, so concurrent
 * callers asking for the same key share one in-flight load: one backend call, many waiters.
 * A cache of values cannot do that: until the first call returns there is no value to
 * cache, and every caller in that window starts its own call (the "thundering herd").
 * Caching the future closes the window the moment the call starts.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>At most one load per key is in flight: the first {@link #get} calls the loader,
 *       every later {@code get} of that key gets the same outcome.</li>
 *   <li>Failures are not cached: a failed load is forgotten, and the next {@code get}
 *       tries again. (Callers already waiting see the failure.)</li>
 *   <li>Bounded: at most {@code maxSize} keys; adding one more evicts the least recently
 *       used key (in flight or not; an evicted load still completes for its waiters).</li>
 *   <li>Optional time-to-live, counted from when the value arrived, on the loop's clock
 *       ({@link IOLoop#time()}, so a {@code ManualClock} drives it in tests). An expired
 *       value is reloaded by the next {@code get}.</li>
 *   <li>A caller that gets an in-flight load receives its own future, so cancelling it
 *       affects nobody else; a finished value is shared as is (a done future cannot be
 *       cancelled, so sharing it is safe and costs no allocation).</li>
 * </ul>
 *
 * <p>Not thread-safe: every method must be called on the loop's thread and throws
 * {@link IllegalStateException} otherwise. The loader is called on the loop thread too, so
 * it must return a future at once (start the slow work, don't do it).
 *
 * @param <K> the key (with proper equals/hashCode)
 * @param <V> the value
 */
public final class FutureCache<K, V> {

    /** A key's future and, once it succeeded, when its value expires. */
    private static final class Entry<V> {
        final Future<V> future;
        long expiresAt;          // loop time; meaningful only once succeeded and ttl is set

        Entry(Future<V> future) {
            this.future = future;
        }
    }

    private final IOLoop loop;
    private final Function<? super K, ? extends Future<V>> loader;
    private final int maxSize;
    private final long ttlNanos;             // 0 = values live until evicted
    private final LinkedHashMap<K, Entry<V>> entries;
    private long loads;
    private long hits;

    /**
     * A cache, empty, whose loads run on {@code loop}.
     *
     * @param loop    the loop whose thread uses the cache; the loader is called there
     * @param maxSize the most keys kept (least recently used evicted first); must be positive
     * @param ttl     how long a value stays fresh after it arrived, or null for no expiry
     * @param loader  starts the load of a key and returns its future; called on the loop
     */
    public FutureCache(IOLoop loop, int maxSize, Duration ttl, Function<? super K, ? extends Future<V>> loader) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive (or null for no expiry): " + ttl);
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.maxSize = maxSize;
        this.ttlNanos = ttl == null ? 0 : ttl.toNanos();
        // access order: a get moves its key to the young end, eviction takes the old end
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, FutureCache.Entry<V>> eldest) {
                return size() > FutureCache.this.maxSize;
            }
        };
    }

    /**
     * The value for {@code key}: a finished future on a fresh hit, the shared outcome of the
     * load in flight, or a new load. A loader that throws (instead of returning a failed
     * future) gives a failed future; nothing is cached.
     *
     * @param key the key to look up; passed to the loader on a miss
     * @return a future of the key's value: it fails as the load fails (a failed load is not cached)
     */
    public Future<V> get(K key) {
        loop.checkLoopThread("FutureCache.get");
        Objects.requireNonNull(key, "key");
        Entry<V> e = entries.get(key);
        if (e != null) {
            Future<V> f = e.future;
            if (!f.isDone()) {
                hits++;
                return privateView(f);
            }
            if (f.isSucceeded() && (ttlNanos == 0 || loop.time() - e.expiresAt < 0)) {
                hits++;
                return f;
            }
            entries.remove(key);      // expired, or failed and not yet forgotten
        }
        return load(key);
    }

    private Future<V> load(K key) {
        loads++;
        Future<V> f;
        try {
            f = Objects.requireNonNull(loader.apply(key), "FutureCache loader returned null");
        } catch (Throwable t) {
            return Future.failed(loop, t);
        }
        Entry<V> e = new Entry<>(f);
        entries.put(key, e);
        f.addDoneCallback(done -> loaded(key, e));
        return f.isDone() ? f : privateView(f);
    }

    private void loaded(K key, Entry<V> e) {
        if (entries.get(key) != e) {
            return;                   // evicted or replaced meanwhile: nothing to update
        }
        if (e.future.isSucceeded()) {
            e.expiresAt = loop.time() + ttlNanos;
        } else {
            entries.remove(key);      // never cache a failure
        }
    }

    /** A future of its own for one caller of an in-flight load: its cancel touches no one else. */
    private Future<V> privateView(Future<V> shared) {
        Promise<V> mine = new Promise<>(loop);
        mine.completeWith(shared);
        return mine;
    }

    /**
     * Forgets {@code key}; a load in flight still completes for its waiters.
     *
     * @param key the key whose value or load to forget; unknown keys are ignored
     */
    public void invalidate(K key) {
        loop.checkLoopThread("FutureCache.invalidate");
        entries.remove(key);
    }

    /** Forgets every key. */
    public void clear() {
        loop.checkLoopThread("FutureCache.clear");
        entries.clear();
    }

    /**
     * Keys held now (values and loads in flight; expired values not yet looked at included).
     *
     * @return how many keys are held now
     */
    public int size() {
        return entries.size();
    }

    /**
     * How many times the loader has been called.
     *
     * @return the number of loader calls since the cache was made
     */
    public long loads() {
        return loads;
    }

    /**
     * How many {@link #get} calls were answered without calling the loader.
     *
     * @return the number of {@link #get} calls answered from a fresh value or a load in flight
     */
    public long hits() {
        return hits;
    }

    @Override
    public String toString() {
        return "FutureCache[size=" + entries.size() + "/" + maxSize + ", loads=" + loads + ", hits=" + hits + "]";
    }
}
