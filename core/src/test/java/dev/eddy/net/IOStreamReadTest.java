package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static dev.eddy.net.StreamPair.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads over a real loopback connection: left writes, right reads. */
class IOStreamReadTest {

    private final StreamPair pair = new StreamPair();

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void delimiterSplitAcrossPacketsIsFound() {
        byte[] line = pair.run(() -> {
            Future<byte[]> read = pair.right.readUntil(bytes("\r\n"), 100);
            pair.left.write(bytes("hello\r"));
            // the first packet arrives and is kept while the read is unsatisfied ...
            return when(pair.loop, () -> pair.right.bufferedBytes() == 6)
                    .flatMap(v -> {
                        assertThat(read.isDone()).isFalse();
                        return pair.left.write(bytes("\nrest"));    // ... then the rest of the delimiter
                    })
                    .flatMap(v -> read);
        });
        assertThat(str(line)).isEqualTo("hello\r\n");
        assertThat(pair.right.bufferedBytes()).isEqualTo(4);          // "rest" stays buffered
    }

    @Test
    void aZeroLengthReadCompletesAtOnceWithNoBytesPartialOrNot() {
        String after = pair.run(() -> pair.left.write(bytes("xy"))
                .flatMap(v -> when(pair.loop, () -> pair.right.bufferedBytes() == 2 || readsSomething(pair.right)))
                .flatMap(v -> {
                    Future<byte[]> none = pair.right.readBytes(0, true);
                    assertThat(none.isDone()).isTrue();
                    assertThat(none.getNow()).isEmpty();
                    Future<byte[]> alsoNone = pair.right.readBytes(0, false);
                    assertThat(alsoNone.getNow()).isEmpty();
                    Future<byte[]> empty = pair.right.readBytes(0, true);   // with nothing buffered too
                    assertThat(pair.right.isReading()).isFalse();
                    return empty.flatMap(b -> pair.right.readBytes(2));    // later reads work
                })
                .map(StreamPair::str));
        assertThat(after).isEqualTo("xy");
    }

    /** Makes the stream buffer what has arrived (a close watcher reads and keeps it). */
    private static boolean readsSomething(IOStream s) {
        s.closeFuture();
        return false;
    }

    @Test
    void readsAreServedFromBufferedBytesFirst() {
        String second = pair.run(() -> pair.left.write(bytes("a\nb\n"))
                .flatMap(v -> when(pair.loop, () -> true))
                .flatMap(v -> pair.right.readUntil(bytes("\n"), 10))
                .flatMap(first -> {
                    assertThat(str(first)).isEqualTo("a\n");
                    assertThat(pair.right.bufferedBytes()).isEqualTo(2);
                    Future<byte[]> next = pair.right.readUntil(bytes("\n"), 10);
                    assertThat(next.isDone()).isTrue();             // no socket needed
                    return next;
                })
                .map(StreamPair::str));
        assertThat(second).isEqualTo("b\n");
        assertThat(pair.right.bufferedBytes()).isZero();            // nothing held once consumed
    }

    @Test
    void readBytesExactlyAndPartially() {
        String exact = pair.run(() -> {
            Future<byte[]> read = pair.right.readBytes(5);
            pair.left.write(bytes("ab"));
            return dev.eddy.Futures.moment(pair.loop)       // a loop turn between the two packets
                    .flatMap(v -> pair.left.write(bytes("cdefg")))
                    .flatMap(v -> read).map(StreamPair::str);
        });
        assertThat(exact).isEqualTo("abcde");
        String partial = pair.run(() -> pair.right.readBytes(100, true).map(StreamPair::str));
        assertThat(partial).isEqualTo("fg");                          // what there is, not 100
        assertThat((byte[]) pair.run(() -> pair.right.readBytes(0))).isEmpty();
    }

    @Test
    void readIntoFillsTheCallersBuffer() {
        ByteBuffer dst = ByteBuffer.allocate(6);
        int n = pair.run(() -> {
            Future<Integer> read = pair.right.readInto(dst);
            pair.left.write(bytes("abc"));
            return when(pair.loop, () -> dst.position() == 3)
                    .flatMap(v -> pair.left.write(bytes("defgh")))
                    .flatMap(v -> read);
        });
        assertThat(n).isEqualTo(6);
        assertThat(str(dst.array())).isEqualTo("abcdef");
        ByteBuffer rest = ByteBuffer.allocate(10);
        int m = pair.run(() -> pair.right.readInto(rest, true));
        assertThat(m).isEqualTo(2);
        assertThat(new String(rest.array(), 0, 2)).isEqualTo("gh");
    }

    @Test
    void aSecondPendingReadIsAnError() {
        pair.run(() -> {
            pair.right.readUntil(bytes("\n"), 10);
            assertThatThrownBy(() -> pair.right.readBytes(3))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already pending");
            return pair.left.write(bytes("ok\n"));
        });
        // the first read was not disturbed by the rejected one
        assertThat(pair.right.isReading()).isFalse();
    }

    @Test
    void delimiterNotFoundFailsTheReadButKeepsTheStreamAndTheBytes() {
        assertThatThrownBy(() -> pair.run(() -> {
            pair.left.write(bytes("0123456789abcdef"));
            return pair.right.readUntil(bytes("\n"), 8);
        })).isInstanceOf(DelimiterNotFoundException.class).hasMessageContaining("8 bytes");
        assertThat(pair.right.isClosed()).isFalse();
        assertThat(str(pair.run(() -> pair.right.readBytes(16)))).isEqualTo("0123456789abcdef");
    }

    @Test
    void delimiterBeyondTheMaximumIsNotFound() {
        assertThatThrownBy(() -> pair.run(() -> {
            pair.left.write(bytes("0123456789\n"));
            return pair.right.readUntil(bytes("\n"), 5);
        })).isInstanceOf(DelimiterNotFoundException.class);
    }

    @Test
    void dataBufferedBeforeThePeerClosedStaysReadable() throws IOException {
        pair.run(() -> pair.left.write(bytes("x\ny\n")));
        pair.leftChannel.close();
        assertThat(str(pair.run(() -> pair.right.readUntil(bytes("\n"), 10)))).isEqualTo("x\n");
        assertThat(str(pair.run(() -> pair.right.readUntil(bytes("\n"), 10)))).isEqualTo("y\n");
        assertThatThrownBy(() -> pair.run(() -> pair.right.readUntil(bytes("\n"), 10)))
                .isInstanceOf(StreamClosedException.class)
                .hasCauseInstanceOf(EOFException.class);
        assertThat(pair.right.isClosed()).isTrue();
    }

    @Test
    void readUntilCloseReturnsEverything() throws IOException {
        pair.run(() -> pair.left.write(bytes("all of it")));
        pair.leftChannel.close();
        assertThat(str(pair.run(() -> pair.right.readUntilClose()))).isEqualTo("all of it");
    }

    @Test
    void readUntilCloseOverTheLimitClosesTheStream() {
        try (StreamPair small = new StreamPair(StreamOptions.defaults(), StreamOptions.defaults().withMaxReadBuffer(1000), 0)) {
            assertThatThrownBy(() -> small.run(() -> {
                small.left.write(new byte[5000]);
                return small.right.readUntilClose();
            })).isInstanceOf(StreamClosedException.class).hasCauseInstanceOf(BufferFullException.class);
            assertThat(small.right.bufferedBytes()).isZero();
        }
    }

    @Test
    void peerResetMidReadFailsTheReadWithTheResetAsCause() {
        Throwable failure = pair.run(() -> {
            Future<byte[]> read = pair.right.readBytes(100);
            pair.left.write(new byte[10]);
            return when(pair.loop, () -> pair.right.isReading()).flatMap(v -> {
                pair.resetLeft();
                return read.map(b -> (Throwable) null).recover(t -> t);
            });
        });
        assertThat(failure).isInstanceOf(StreamClosedException.class);
        assertThat(failure.getCause()).isInstanceOf(IOException.class).isNotInstanceOf(EOFException.class);
        assertThat(pair.right.closeReason()).isSameAs(failure.getCause());
    }

    @Test
    void closeWhileReadingFailsTheReadAndRunsTheCloseFutureOnce() {
        int[] closes = {0};
        Throwable failure = pair.run(() -> {
            pair.right.closeFuture().addDoneCallback(f -> closes[0]++);
            Future<byte[]> read = pair.right.readUntil(bytes("\n"), 10);
            pair.right.close();
            pair.right.close();
            return read.map(b -> (Throwable) null).recover(t -> t)
                    .flatMap(t -> dev.eddy.Futures.moment(pair.loop).map(v -> t));
        });
        assertThat(failure).isInstanceOf(StreamClosedException.class).hasMessageContaining("closed while reading");
        assertThat(failure.getCause()).isNull();
        assertThat(closes[0]).isEqualTo(1);
        boolean closeDone = pair.run(() -> pair.right.closeFuture().isDone());
        assertThat(closeDone).isTrue();
    }

    @Test
    void closeFutureNoticesThePeerClosingWhileNoReadIsPending() throws IOException {
        pair.run(() -> pair.right.closeFuture().isDone());
        pair.leftChannel.close();
        pair.run(() -> pair.right.closeFuture());
        assertThat(pair.right.closeReason()).isInstanceOf(EOFException.class);
    }

    @Test
    void readTimeoutClosesTheStreamWithATimeoutCause() {
        try (TestLoop test = TestLoop.onVirtualTime();
             StreamPair p = new StreamPair(test.loop(), StreamOptions.defaults(),
                     StreamOptions.defaults().withReadTimeout(Duration.ofSeconds(30)), 0)) {
            assertThatThrownBy(() -> p.run(Duration.ofMinutes(5), () -> p.right.readUntil(bytes("\n"), 10)))
                    .isInstanceOf(StreamClosedException.class).hasCauseInstanceOf(StreamTimeoutException.class);
            assertThat(test.elapsed()).isEqualTo(Duration.ofSeconds(30));       // virtual time: exactly
        }
    }

    @Test
    void idleTimeoutClosesAnIdleStream() {
        try (TestLoop test = TestLoop.onVirtualTime();
             StreamPair p = new StreamPair(test.loop(), StreamOptions.defaults(),
                     StreamOptions.defaults().withIdleTimeout(Duration.ofMinutes(10)), 0)) {
            p.run(Duration.ofHours(1), () -> p.right.closeFuture());
            assertThat(p.right.closeReason()).isInstanceOf(StreamTimeoutException.class)
                    .hasMessageContaining("idle");
            assertThat(test.elapsed()).isEqualTo(Duration.ofMinutes(10));       // virtual time: exactly
        }
    }

    @Test
    void readsRunOnlyOnTheLoopThread() {
        assertThatThrownBy(() -> pair.right.readBytes(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loop thread");
        assertThatThrownBy(() -> pair.run(() -> pair.right.readBytes(1 << 30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxReadBuffer");
    }

    @Test
    void checkedFailuresAreNotWrapped() {
        // a StreamClosedException is unchecked: join() throws it as it is
        pair.run(() -> {
            pair.right.close();
            return null;
        });
        assertThatThrownBy(() -> pair.run(() -> pair.right.readBytes(1)))
                .isNotInstanceOf(CompletionException.class).isInstanceOf(StreamClosedException.class);
    }
}
