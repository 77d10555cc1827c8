package dev.eddy.sync;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.ManualClock;
import dev.eddy.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FutureCache: concurrent callers of one key share one load, failures are not cached, size
 * bound and time-to-live.
 */
class FutureCacheTest {

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = new IOLoop(LoopOptions.defaults().withClock(clock));
    /** Loads started per key; each is a promise the test completes when it likes. */
    private final Map<String, List<Promise<String>>> started = new HashMap<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private Future<String> slowLoad(String key) {
        Promise<String> p = new Promise<>(loop);
        started.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        return p;
    }

    private int loadsOf(String key) {
        return started.getOrDefault(key, List.of()).size();
    }

    @Test
    void aThousandConcurrentLookupsOfOneKeyCauseExactlyOneLoad() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 100, null, this::slowLoad);
        List<String> values = OnLoop.await(loop, () -> {
            List<Future<String>> lookups = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                lookups.add(cache.get("k"));
            }
            loop.addCallback(() -> started.get("k").get(0).complete("V"));
            return Futures.all(lookups);
        });
        assertThat(values).hasSize(1000).containsOnly("V");
        assertThat(loadsOf("k")).isEqualTo(1);
        assertThat(cache.loads()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(999);
    }

    @Test
    void aFinishedValueIsServedWithoutLoading() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, null, k -> Future.succeeded(loop, k + "!"));
        assertThat(OnLoop.await(loop, () -> cache.get("a"))).isEqualTo("a!");
        OnLoop.turns(loop);
        OnLoop.run(loop, () -> {
            Future<String> hit = cache.get("a");
            assertThat(hit.isSucceeded()).isTrue();
            assertThat(hit.join()).isEqualTo("a!");
        });
        assertThat(cache.loads()).isEqualTo(1);
    }

    @Test
    void failedLoadsAreNotCached() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, null, this::slowLoad);
        assertThatThrownBy(() -> OnLoop.await(loop, () -> {
            Future<String> f = cache.get("k");
            started.get("k").get(0).fail(new IllegalStateException("backend down"));
            return f;
        })).hasMessageContaining("backend down");
        OnLoop.turns(loop);
        String v = OnLoop.await(loop, () -> {
            Future<String> f = cache.get("k");
            started.get("k").get(1).complete("recovered");
            return f;
        });
        assertThat(v).isEqualTo("recovered");
        assertThat(loadsOf("k")).isEqualTo(2);
    }

    @Test
    void aLoaderThatThrowsGivesAFailedFutureAndCachesNothing() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, null, k -> {
            throw new IllegalArgumentException("bad key " + k);
        });
        OnLoop.run(loop, () -> {
            Future<String> f = cache.get("x");
            assertThat(f.cause()).hasMessage("bad key x");
            assertThat(cache.size()).isZero();
        });
    }

    @Test
    void theLeastRecentlyUsedKeyIsEvictedAtTheSizeBound() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 2, null, k -> Future.succeeded(loop, k));
        OnLoop.run(loop, () -> {
            cache.get("a");
            cache.get("b");
            cache.get("a");                                 // a is now the most recently used
            cache.get("c");                                 // evicts b
            assertThat(cache.size()).isEqualTo(2);
        });
        OnLoop.run(loop, () -> {
            cache.get("a");
            assertThat(cache.loads()).isEqualTo(3);
            cache.get("b");
            assertThat(cache.loads()).isEqualTo(4);
        });
    }

    @Test
    void valuesExpireAfterTheirTimeToLiveOnTheLoopClock() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, Duration.ofSeconds(60), this::slowLoad);
        OnLoop.run(loop, () -> cache.get("k"));
        clock.advance(Duration.ofSeconds(30));              // a slow load: TTL counts from arrival
        OnLoop.run(loop, () -> started.get("k").get(0).complete("v1"));
        OnLoop.turns(loop);
        clock.advance(Duration.ofSeconds(59));
        OnLoop.run(loop, () -> assertThat(cache.get("k").getNow()).isEqualTo("v1"));
        assertThat(loadsOf("k")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        OnLoop.run(loop, () -> assertThat(cache.get("k").isDone()).isFalse());
        assertThat(loadsOf("k")).isEqualTo(2);
    }

    @Test
    void cancellingOneCallersFutureDoesNotCancelTheSharedLoad() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, null, this::slowLoad);
        String v = OnLoop.await(loop, () -> {
            Future<String> a = cache.get("k");
            Future<String> b = cache.get("k");
            a.cancel();
            started.get("k").get(0).complete("still here");
            return b;
        });
        assertThat(v).isEqualTo("still here");
    }

    @Test
    void invalidateAndClearForget() {
        FutureCache<String, String> cache = new FutureCache<>(loop, 10, null, k -> Future.succeeded(loop, k));
        OnLoop.run(loop, () -> {
            cache.get("a");
            cache.get("b");
            cache.invalidate("a");
            assertThat(cache.size()).isEqualTo(1);
            cache.clear();
            assertThat(cache.size()).isZero();
        });
    }

    @Test
    void badArgumentsAndWrongThreadAreRefused() {
        assertThatThrownBy(() -> new FutureCache<String, String>(loop, 0, null, this::slowLoad))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FutureCache<String, String>(loop, 1, Duration.ZERO, this::slowLoad))
                .isInstanceOf(IllegalArgumentException.class);
        FutureCache<String, String> cache = new FutureCache<>(loop, 1, null, this::slowLoad);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FutureCache.get");
    }
}
