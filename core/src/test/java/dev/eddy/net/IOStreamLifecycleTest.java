package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connecting, queue order, closing from other threads, options validation. */
class IOStreamLifecycleTest {

    @Test
    void queuedWritesLeaveInOrderThroughGatheringWrites() {
        StreamOptions big = StreamOptions.defaults();
        try (StreamPair p = new StreamPair(big, big, 16 << 10)) {
            int chunks = 100;
            int size = 10 << 10;
            byte[] all = p.run(() -> {
                List<Future<Void>> writes = new ArrayList<>();
                for (int i = 0; i < chunks; i++) {
                    byte[] chunk = new byte[size];
                    java.util.Arrays.fill(chunk, (byte) i);
                    writes.add(p.left.write(ByteBuffer.wrap(chunk)));
                }
                assertThat(p.left.queuedWriteBytes()).isPositive();     // most of it waits in the queue
                return p.right.readBytes(chunks * size).flatMap(b -> Futures.all(p.loop, writes).map(v -> b));
            });
            for (int i = 0; i < chunks; i++) {
                assertThat(all[i * size]).isEqualTo((byte) i);
                assertThat(all[i * size + size - 1]).isEqualTo((byte) i);
            }
            assertThat(p.left.queuedWriteBytes()).isZero();
        }
    }

    @Test
    void aStreamCanConnectItsOwnSocket() throws IOException {
        try (StreamPair p = new StreamPair(); ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            IOStream[] s = new IOStream[1];
            p.run(() -> {
                s[0] = new IOStream(p.loop, SocketChannel.open());
                return s[0].connect(ssc.getLocalAddress());
            });
            try (SocketChannel accepted = ssc.accept()) {
                accepted.write(ByteBuffer.wrap(bytes("hi\n")));
                assertThat(StreamPair.str(p.run(() -> s[0].readUntil(bytes("\n"), 10)))).isEqualTo("hi\n");
            }
            p.run(() -> {
                s[0].close();
                return null;
            });
            assertThatThrownBy(() -> p.run(() -> s[0].connect(ssc.getLocalAddress())))
                    .isInstanceOf(StreamClosedException.class);
        }
    }

    @Test
    void closeFromAnotherThreadHappensOnTheLoop() throws InterruptedException {
        try (StreamPair p = new StreamPair()) {
            CountDownLatch closedElsewhere = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                p.right.close(new IllegalStateException("from another thread"));
                closedElsewhere.countDown();
            });
            t.start();
            assertThat(closedElsewhere.await(5, TimeUnit.SECONDS)).isTrue();
            p.run(() -> when(p.loop, p.right::isClosed));
            assertThat(p.right.closeReason()).hasMessage("from another thread");
            boolean done = p.run(() -> p.right.closeFuture().isDone());
            assertThat(done).isTrue();
        }
    }

    @Test
    void delimiterNotFoundNamesItsLimit() {
        try (StreamPair p = new StreamPair()) {
            Throwable t = p.run(() -> {
                p.left.write(bytes("abcdef"));
                return p.right.readUntil(bytes("\n"), 4).map(b -> (Throwable) null).recover(e -> e);
            });
            assertThat(t).isInstanceOf(DelimiterNotFoundException.class);
            assertThat(((DelimiterNotFoundException) t).maxBytes()).isEqualTo(4);
        }
    }

    @Test
    void optionsAreValidated() {
        StreamOptions d = StreamOptions.defaults();
        assertThat(d.maxReadBuffer()).isEqualTo(64 << 20);
        assertThat(d.writeHighWater()).isEqualTo(1 << 20);
        assertThat(d.writeLowWater()).isEqualTo(256 << 10);
        assertThat(d.noDelay()).isTrue();
        assertThatThrownBy(() -> d.withWriteWaterMarks(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxWriteBuffer(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withReadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withIdleTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxReadBuffer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.withNoDelay(false).noDelay()).isFalse();
        assertThatThrownBy(() -> TcpServerOptions.defaults().withBacklog(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TcpServerOptions.defaults().withAcceptBatch(8).acceptBatch()).isEqualTo(8);
    }

    @Test
    void anEmptyDelimiterOrNegativeLengthIsRejected() {
        try (StreamPair p = new StreamPair()) {
            p.run(() -> {
                assertThatThrownBy(() -> p.right.readUntil(new byte[0], 10)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> p.right.readBytes(-1)).isInstanceOf(IllegalArgumentException.class);
                assertThat(p.right.isReading()).isFalse();
                return null;
            });
        }
    }

    @Test
    void closingALoopGroupStopsItsLoops() {
        LoopGroup group = new LoopGroup(2);
        group.close();
        assertThat(group.loops()).allSatisfy(l -> {
            assertThat(l.isClosed()).isTrue();
            assertThat(l.isRunning()).isFalse();
        });
    }
}
