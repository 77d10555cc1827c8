package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.PeriodicCallback;
import dev.eddy.Promise;
import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Coroutine;
import dev.eddy.gen.Engines;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamClosedException;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.StreamTimeoutException;
import dev.eddy.net.TcpClient;
import dev.eddy.net.TcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop on a {@link VirtualClock}: time jumps to the next timer only while nothing is ready. */
class VirtualTimeTest {

    private static final Duration DEADLINE = Duration.ofHours(1);

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void retriesWithBackOffOverTenMinutesRunInMillisecondsAtExactDeadlines(String engineName) throws Exception {
        ContinuationEngine engine = Engines.get(engineName);
        long realStart = System.nanoTime();
        try (TestLoop test = TestLoop.onVirtualTime()) {
            List<Duration> attempts = new ArrayList<>();
            String result = test.runCoroutine(engine, () -> {
                Duration backOff = Duration.ofSeconds(1);
                while (true) {
                    attempts.add(test.elapsed());
                    if (attempts.size() == 10) {
                        return "ok";
                    }
                    Coroutine.sleep(backOff);
                    backOff = backOff.multipliedBy(2);
                }
            }, DEADLINE);
            assertThat(result).isEqualTo("ok");
            // 1 + 2 + 4 + ... + 256 s: exactly, every time
            assertThat(attempts.get(9)).isEqualTo(Duration.ofSeconds(511));
            assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
                    Duration.ofSeconds(7), Duration.ofSeconds(15), Duration.ofSeconds(31), Duration.ofSeconds(63),
                    Duration.ofSeconds(127), Duration.ofSeconds(255), Duration.ofSeconds(511));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPeriodicCallbackRunsSixHundredTimesInTenVirtualMinutes() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            int[] runs = {0};
            PeriodicCallback[] every = new PeriodicCallback[1];
            test.run(() -> {
                every[0] = PeriodicCallback.of(loop, Duration.ofSeconds(1), () -> runs[0]++);
                every[0].start();
                return Futures.sleep(loop, Duration.ofMinutes(10).plusMillis(500));
            }, DEADLINE);
            test.run(() -> {
                every[0].stop();
                return Future.succeeded(loop, null);
            }, DEADLINE);
            assertThat(runs[0]).isEqualTo(600);
            assertThat(test.elapsed()).isEqualTo(Duration.ofMinutes(10).plusMillis(500));
        }
    }

    @Test
    void aHandAdvancedClockMovesTimersAlongToo() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            test.clock().advance(Duration.ofMinutes(5));
            assertThat(test.elapsed()).isEqualTo(Duration.ofMinutes(5));
            test.run(() -> Futures.sleep(test.loop(), Duration.ofSeconds(3)), DEADLINE);
            assertThat(test.elapsed()).isEqualTo(Duration.ofMinutes(5).plusSeconds(3));
        }
    }

    @Test
    void timeDoesNotJumpWhileASocketOnTheLoopHasBytesComing() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            TcpServer server = test.run(() -> Future.succeeded(loop, echoServer(loop)), DEADLINE);
            // every exchange has a 5 s timeout armed: a jump while the echo is on its way would fail it
            for (int i = 0; i < 50; i++) {
                String line = "line " + i + "\n";
                String echoed = test.run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), Duration.ofSeconds(10))
                        .flatMap(stream -> stream.write(line.getBytes(StandardCharsets.US_ASCII))
                                .flatMap(v -> stream.readUntil(new byte[]{'\n'}, 100))
                                .withTimeout(Duration.ofSeconds(5))
                                .map(b -> {
                                    stream.close();
                                    return new String(b, StandardCharsets.US_ASCII);
                                })), DEADLINE);
                assertThat(echoed).isEqualTo(line);
            }
            assertThat(test.elapsed()).isLessThan(Duration.ofSeconds(5));
            test.run(() -> server.close(Duration.ofSeconds(1)), DEADLINE);
        }
    }

    @Test
    void aPartyOnAnotherThreadIsWaitedForWithARealWait() throws Exception {
        try (LoopOnThread serverLoop = LoopOnThread.start("echo-server-loop");
             TestLoop test = TestLoop.builder().virtualTime(VirtualClock.withRealWait(Duration.ofSeconds(2))).build()) {
            TcpServer server = serverLoop.call(() -> echoServer(serverLoop.loop()));
            IOLoop loop = test.loop();
            String echoed = test.run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), Duration.ofSeconds(10))
                    .flatMap(stream -> stream.write("over there\n".getBytes(StandardCharsets.US_ASCII))
                            .flatMap(v -> stream.readUntil(new byte[]{'\n'}, 100))
                            .withTimeout(Duration.ofSeconds(1))
                            .map(b -> {
                                stream.close();
                                return new String(b, StandardCharsets.US_ASCII);
                            })), DEADLINE);
            assertThat(echoed).isEqualTo("over there\n");
            assertThat(test.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void anIdleTimeoutOfHalfAnHourFiresAtHalfAnHour() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            IOLoop loop = test.loop();
            Promise<IOStream> accepted = new Promise<>(loop);
            TcpServer server = test.run(() -> Future.succeeded(loop, listen(loop,
                    StreamOptions.defaults().withIdleTimeout(Duration.ofMinutes(30)), accepted::complete)), DEADLINE);
            IOStream client = test.run(() -> TcpClient.connect(loop, "127.0.0.1", server.port(), Duration.ofSeconds(10)),
                    DEADLINE);
            IOStream serverSide = test.run(() -> accepted, DEADLINE);
            test.run(serverSide::closeFuture, DEADLINE);
            assertThat(serverSide.closeReason()).isInstanceOf(StreamTimeoutException.class);
            assertThat(test.elapsed()).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(31));
            client.close();
            test.run(() -> server.close(Duration.ofSeconds(1)), DEADLINE);
        }
    }

    private static TcpServer echoServer(IOLoop loop) {
        return listen(loop, StreamOptions.defaults(), stream -> echo(stream));
    }

    private static void echo(IOStream stream) {
        stream.readUntil(new byte[]{'\n'}, 100).flatMap(stream::write).whenComplete((v, failure) -> {
            if (failure == null) {
                echo(stream);
            } else if (!(failure instanceof StreamClosedException)) {
                stream.close(failure);
            }
        });
    }

    private static TcpServer listen(IOLoop loop, StreamOptions options, java.util.function.Consumer<IOStream> onStream) {
        try {
            return TcpServer.listenStreams(loop, new InetSocketAddress("127.0.0.1", 0), options, stream -> {
                onStream.accept(stream);
                return null;
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
