package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a child's output incrementally, with bounded buffering and nothing lost. */
class ProcessOutputTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);

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

    /** A child printing {@code script} with 3-byte reads, so every read crosses chunk boundaries. */
    private Subprocess tiny(String script) {
        return Subprocess.start(loop, ProcessOptions.of("sh", "-c", script).withBuffering(3, 2));
    }

    @Test
    void readsUntilADelimiterNBytesAndWhatIsThereAcrossChunks() {
        List<String> got = new ArrayList<>();
        run(() -> {
            ProcessOutput out = tiny("printf 'one\\ntwo--three;;rest'").stdout();
            return out.readLine().flatMap(line -> {
                got.add(line);
                return out.readBytes(3);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readUntil(";;".getBytes(StandardCharsets.UTF_8), 100);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readAtMost(100);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readToEnd(100);
            }).flatMap(b -> {
                got.add(text(b));
                return out.readAtMost(10);
            }).map(b -> {
                got.add("end:" + b.length);
                return b;
            });
        });
        // readAtMost gives what is there: at least one byte of "rest", the rest comes from readToEnd
        assertThat(got.get(0)).isEqualTo("one");
        assertThat(got.get(1)).isEqualTo("two");
        assertThat(got.get(2)).isEqualTo("--three;;");
        assertThat(got.get(3) + got.get(4)).isEqualTo("rest");
        assertThat(got.get(3)).isNotEmpty();
        assertThat(got.get(5)).isEqualTo("end:0");
    }

    @Test
    void readUntilFailsAtTheEndWithoutTheDelimiterAndLeavesTheBytesReadable() {
        ProcessOutput[] out = new ProcessOutput[1];
        assertThatThrownBy(() -> run(() -> {
            out[0] = tiny("printf 'no newline'").stdout();
            return out[0].readLine();
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("ended before the delimiter");
        assertThat(text(run(() -> out[0].readToEnd(100)))).isEqualTo("no newline");
        assertThatThrownBy(() -> run(() -> out[0].readBytes(1))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void readUntilGivesUpAfterMaxBytesWithoutADelimiter() {
        assertThatThrownBy(() -> run(() -> tiny("printf 'aaaaaaaaaaaaaaaaaaaa\\n'").stdout()
                .readUntil(new byte[]{'\n'}, 8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no delimiter within 8 bytes");
    }

    @Test
    void readToEndRefusesMoreThanItsLimit() {
        assertThatThrownBy(() -> run(() -> tiny("printf '0123456789'").stdout().readToEnd(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void oneReadAtATime() {
        run(() -> {
            Subprocess p = Subprocess.start(loop, "sleep", "1000");
            ProcessOutput out = p.stdout();
            Future<byte[]> first = out.readAtMost(1);
            assertThat(out.readAtMost(1).cause()).hasMessageContaining("already pending");
            assertThat(first.isDone()).isFalse();
            return p.kill(Duration.ZERO);
        });
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
                rest[0] = p.stdout().readToEnd(1 << 20);
                return c;
            });
        });
        assertThat(code).isEqualTo(5);
        assertThat(bufferedAtExit[0]).isEqualTo(expected);
        assertThat(rest[0].isSucceeded()).isTrue();                  // no waiting: all of it had arrived
        assertThat(rest[0].join()).hasSize((int) expected);
    }

    @Test
    void aHundredMegabytesStreamThroughABoundedBuffer() {
        ProcessOutput[] out = new ProcessOutput[1];
        long total = run(() -> {
            Subprocess p = Subprocess.start(loop, "sh", "-c", "yes | head -c 100000000");
            out[0] = p.stdout();
            return out[0].forEachChunk(chunk -> { }).flatMap(n -> p.exit().map(code -> n));
        });
        assertThat(total).isEqualTo(100_000_000L);
        assertThat(out[0].peakBufferedBytes()).isPositive().isLessThanOrEqualTo(out[0].bufferLimitBytes());
    }

    @Test
    void whenNobodyReadsTheReaderStopsAtTheBoundAndTheChildWaits() {
        ProcessOutput[] out = new ProcessOutput[1];
        Subprocess[] p = new Subprocess[1];
        run(() -> {
            p[0] = Subprocess.start(loop, "sh", "-c", "yes | head -c 20000000");
            out[0] = p[0].stdout();
            return waitUntil(() -> out[0].chunksWaiting() == 4);      // every chunk of the pool is out
        });
        long stalled = out[0].bufferedBytes();
        run(() -> Futures.sleep(loop, Duration.ofMillis(100)));      // give it a chance to overrun
        assertThat(out[0].bufferedBytes()).isEqualTo(stalled).isLessThanOrEqualTo(out[0].bufferLimitBytes());
        assertThat(p[0].exit().isDone()).isFalse();                  // paused by the full pipe
        long total = run(() -> out[0].forEachChunk(chunk -> { }));
        assertThat(total).isEqualTo(20_000_000L);
        assertThat(out[0].peakBufferedBytes()).isLessThanOrEqualTo(out[0].bufferLimitBytes());
        assertThat(run(() -> p[0].exit())).isZero();
    }

    /** Polls {@code condition} on the loop every few milliseconds (no thread sleeps). */
    private Future<Void> waitUntil(Supplier<Boolean> condition) {
        if (condition.get()) {
            return Futures.moment(loop);
        }
        return Futures.sleep(loop, Duration.ofMillis(5)).flatMap(v -> waitUntil(condition));
    }

    @Test
    void anUnreadOutputDoesNotKeepAKilledChildsExitFromBeingReported() {
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, ProcessOptions.of("sh", "-c", "exec yes")
                    .withTimeout(Duration.ofSeconds(60)));
            return waitUntil(() -> p.stdout().chunksWaiting() == 4)
                    .flatMap(v -> p.kill(Duration.ZERO));
        });
        assertThat(code).isEqualTo(128 + 9);
    }

    @Test
    void offTheLoopThreadReadsFailClearly() {
        ProcessOutput[] out = new ProcessOutput[1];
        run(() -> {
            out[0] = Subprocess.start(loop, "true").stdout();
            return Futures.moment(loop);
        });
        assertThatThrownBy(() -> out[0].readAtMost(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called on the loop thread");
    }
}
