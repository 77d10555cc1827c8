package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpHandler;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;
import dev.eddy.http.client.RequestTimeoutException;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How to test your own asynchronous code with {@link TestLoop} and JUnit 5 (the chapter
 * "Testing on virtual time" walks through it): a coroutine handler whose backend takes
 * seconds, a client that retries with back-off, and a request that times out. Server and
 * client share one test loop; the clock jumps over every wait, so the whole class takes
 * milliseconds, and every duration below is exact.
 *
 * <p>Each test runs on both continuation engines; the native one is skipped where the JDK
 * cannot offer it.
 */
class TestingOnVirtualTimeTest {

    private static final Duration DEADLINE = Duration.ofMinutes(10);   // virtual: costs nothing

    /** The code under test: a handler that asks a slow "backend" (two seconds) before it answers. */
    static HttpHandler slowBackendHandler(ContinuationEngine engine) {
        return request -> Coroutine.async(request.loop(), engine, () -> {
            Coroutine.sleep(Duration.ofSeconds(2));                     // the backend's latency
            return HttpResponse.text(200, "hello " + request.path().substring(1));
        });
    }

    /** The code under test: GET with up to {@code attempts} tries, waiting 1 s, 2 s, 4 s... between them. */
    static Future<ClientResponse> getWithRetries(HttpClient client, String url, int attempts, ContinuationEngine engine) {
        return Coroutine.async(client.loop(), engine, () -> {
            Duration backOff = Duration.ofSeconds(1);
            for (int attempt = 1; ; attempt++) {
                ClientResponse response = Coroutine.await(client.fetch(url));
                if (response.status() != 503 || attempt == attempts) {
                    return response;
                }
                Coroutine.sleep(backOff);
                backOff = backOff.multipliedBy(2);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "thread"})
    void aCoroutineHandlerIsTestedWithoutWaitingForItsBackend(String engineName) throws Exception {
        ContinuationEngine engine = engine(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            HttpServer server = new HttpServer(slowBackendHandler(engine));
            InetSocketAddress address = test.run(() -> listen(loop, server), DEADLINE);
            HttpClient client = new HttpClient(loop);

            ClientResponse response = test.run(() -> client.fetch(url(address, "/ada")), DEADLINE);

            assertThat(response.bodyText()).isEqualTo("hello ada");
            assertThat(test.elapsed()).isEqualTo(Duration.ofSeconds(2));     // exactly the backend's latency
            stop(test, server, client);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "thread"})
    void aClientRetriesWithBackOffUntilTheServerRecovers(String engineName) throws Exception {
        ContinuationEngine engine = engine(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            AtomicInteger requests = new AtomicInteger();
            List<Duration> seenAt = new ArrayList<>();
            HttpServer server = new HttpServer(request -> {             // unavailable for the first two requests
                seenAt.add(test.elapsed());
                return Future.succeeded(request.loop(), requests.incrementAndGet() <= 2
                        ? HttpResponse.text(503, "busy") : HttpResponse.text(200, "ok"));
            });
            InetSocketAddress address = test.run(() -> listen(loop, server), DEADLINE);
            HttpClient client = new HttpClient(loop);

            ClientResponse response = test.run(() -> getWithRetries(client, url(address, "/"), 5, engine), DEADLINE);

            assertThat(response.status()).isEqualTo(200);
            assertThat(seenAt).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3));
            stop(test, server, client);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "thread"})
    void aRequestTimesOutAfterExactlyItsTimeout(String engineName) throws Exception {
        ContinuationEngine engine = engine(engineName);
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            List<Future<HttpResponse>> handlers = new ArrayList<>();
            HttpServer server = new HttpServer(request -> {
                Future<HttpResponse> handler = Coroutine.async(request.loop(), engine, () -> {
                    Coroutine.sleep(Duration.ofHours(1));                // a backend that hangs
                    return HttpResponse.text(200, "too late");
                });
                handlers.add(handler);
                return handler;
            });
            InetSocketAddress address = test.run(() -> listen(loop, server), DEADLINE);
            HttpClient client = new HttpClient(loop, ClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(30)));

            assertThatThrownBy(() -> test.run(() -> getWithRetries(client, url(address, "/"), 3, engine), DEADLINE))
                    .isInstanceOf(RequestTimeoutException.class);       // thrown as it is, not wrapped
            assertThat(test.elapsed()).isEqualTo(Duration.ofSeconds(30));
            // the client gave up, but the handler still waits for its backend: the leak check
            // at close would name it ("suspended coroutine, made at ..."), so end it here
            assertThat(handlers).hasSize(1);
            handlers.forEach(Future::cancel);
            stop(test, server, client);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The engine called {@code name}; skips the test where it is unavailable (JDK 17, or no --add-exports). */
    static ContinuationEngine engine(String name) {
        if (name.equals("native")) {
            Assumptions.assumeTrue(ContinuationEngine.isNativeAvailable(), ContinuationEngine::nativeUnavailableReason);
            return ContinuationEngine.nativeEngine();
        }
        return ContinuationEngine.threadEngine();
    }

    static Future<InetSocketAddress> listen(IOLoop loop, HttpServer server) {
        try {
            return Future.succeeded(loop, server.listen(loop, new InetSocketAddress("127.0.0.1", 0)));
        } catch (IOException e) {
            return Future.failed(loop, e);
        }
    }

    static String url(InetSocketAddress address, String path) {
        return "http://127.0.0.1:" + address.getPort() + path;
    }

    /** Shuts both down, so the test loop's leak check at close finds nothing left open or armed. */
    static void stop(TestLoop test, HttpServer server, HttpClient client) throws Exception {
        client.close();
        test.run(() -> Futures.fromStage(test.loop(), server.shutdown(Duration.ofSeconds(1))), DEADLINE);
    }
}
