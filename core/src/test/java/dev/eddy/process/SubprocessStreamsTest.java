package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a child's output incrementally through IOStream, bounded, with nothing lost. */
class SubprocessStreamsTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** What may sit between child and loop: a pump chunk plus two OS pipes (64 KiB each on Linux), with room. */
    static final long IN_FLIGHT_BOUND = 1 << 20;

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, DEADLINE);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Counts bytes with partial reads until the stream ends; records the most ever in flight. */
    private Future<Long> drain(Subprocess p, long[] counted, long[] peakInFlight) {
        return p.stdout().readBytes(64 * 1024, true).flatMap(chunk -> {
            counted[0] += chunk.length;
            peakInFlight[0] = Math.max(peakInFlight[0], p.stdoutBytesPumped() - counted[0]);
            return drain(p, counted, peakInFlight);
        }).recover(e -> {
            if (e instanceof StreamClosedException) {
                return counted[0];
            }
            throw new IllegalStateException(e);
        });
    }

    @Test
    void readsUntilADelimiterAndNBytesAcrossPumpChunks() {
        List<String> got = new ArrayList<>();
        run(() -> {
            // 3-byte pump chunks: every read crosses chunk boundaries
            IOStream out = Subprocess.start(loop, ProcessOptions.of("sh", "-c", "printf 'one\\ntwo--three;;rest'")
                    .withChunkSize(3)).stdout();
            return out.readUntil(new byte[]{'\n'}, 100).flatMap(line -> {
                got.add(text(line));
                return out.readBytes(3);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readUntil(";;".getBytes(StandardCharsets.UTF_8), 100);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readUntilClose();
            }).map(b -> {
                got.add(text(b));
                return b;
            });
        });
        assertThat(got).containsExactly("one\n", "two", "--three;;", "rest");
    }

    @Test
    void aReadThatCannotBeSatisfiedFailsWhenTheOutputEnds() {
        assertThatThrownBy(() -> run(() -> Subprocess.start(loop, "printf", "no newline").stdout()
                .readUntil(new byte[]{'\n'}, 100)))
                .isInstanceOf(StreamClosedException.class);
    }

    @Test
    void outputWrittenJustBeforeExitIsAllThereWhenTheExitFutureCompletes() {
        String script = "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; exit 5";
        long expected = 0;
        for (int i = 0; i < 2000; i++) {
            expected += ("line" + i + "\n").length();
        }
        long[] bufferedAtExit = new long[1];
        Future<byte[]>[] rest = new Future[1];
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, ProcessOptions.of("sh", "-c", script));
            return p.exit().map(c -> {
                bufferedAtExit[0] = p.stdout().bufferedBytes();
                rest[0] = p.stdout().readUntilClose();
                return c;
            });
        });
        assertThat(code).isEqualTo(5);
        assertThat(bufferedAtExit[0]).isEqualTo(expected);         // every byte already in the stream
        assertThat(rest[0].isSucceeded()).isTrue();                 // no waiting for anything
        assertThat(rest[0].join()).hasSize((int) expected);
    }

    @Test
    void aHundredMegabytesStreamThroughWithBoundedBuffering() {
        long[] counted = new long[1];
        long[] peak = new long[1];
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, "sh", "-c", "yes | head -c 100000000");
            return drain(p, counted, peak).flatMap(n -> p.exit());
        });
        assertThat(code).isZero();
        assertThat(counted[0]).isEqualTo(100_000_000L);
        assertThat(peak[0]).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    }

    @Test
    void whenNobodyReadsThePumpStopsAndTheChildWaits() {
        Subprocess[] p = new Subprocess[1];
        long[] last = {-1};
        run(() -> {
            p[0] = Subprocess.start(loop, "sh", "-c", "yes | head -c 20000000");
            return waitUntil(() -> {                              // stalled: no progress in 50 ms
                long now = p[0].stdoutBytesPumped();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
            }, Duration.ofMillis(50));
        });
        assertThat(p[0].stdoutBytesPumped()).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
        assertThat(p[0].stdout().bufferedBytes()).isZero();         // the stream itself keeps nothing
        assertThat(p[0].exit().isDone()).isFalse();                  // paused by the full pipe
        long[] counted = new long[1];
        long[] peak = new long[1];
        assertThat(run(() -> drain(p[0], counted, peak))).isEqualTo(20_000_000L);
        assertThat(run(() -> p[0].exit())).isZero();
    }

    /** Polls {@code condition} on the loop every {@code period} (no thread sleeps). */
    private Future<Void> waitUntil(Supplier<Boolean> condition, Duration period) {
        return Futures.sleep(loop, period).flatMap(v -> condition.get() ? Futures.moment(loop) : waitUntil(condition, period));
    }

    @Test
    void unreadOutputDoesNotKeepAKilledChildsExitFromBeingReported() {
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, "sh", "-c", "exec yes");
            return waitUntil(() -> p.stdoutBytesPumped() > 0, Duration.ofMillis(5))
                    .flatMap(v -> p.kill(Duration.ZERO));
        });
        assertThat(code).isEqualTo(128 + 9);
    }

    @Test
    void closingStdoutTellsTheChildNobodyListens() {
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, "sh", "-c", "exec yes");
            p.stdout().close();
            return p.exit();
        });
        assertThat(code).isEqualTo(128 + 13);                       // SIGPIPE
    }
}
