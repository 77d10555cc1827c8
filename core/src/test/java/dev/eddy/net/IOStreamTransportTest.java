package dev.eddy.net;

import dev.eddy.Future;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream over a transport that holds output and calls spuriously (what a TLS
 * transport does): writes still arrive in order, and a close waits for held output.
 */
class IOStreamTransportTest {

    @Test
    void aGracefulCloseWaitsForOutputTheTransportHolds() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new)) {
            Future<Void> closed = r.loop.runSync(() -> {
                r.transport.hold = true;
                r.stream.write(bytes("held until writable"));
                assertThat(r.transport.hasPendingOutput()).isTrue();
                r.stream.close();
                assertThat(r.stream.isClosed()).isTrue();
                assertThat(r.transport.channel().isOpen()).isTrue();   // lingering for the held bytes
                Future<Void> f = r.stream.closeFuture();
                assertThat(f.isDone()).isFalse();
                return f.map(v -> f);
            }, WAIT);
            assertThat(closed.isDone()).isTrue();
            assertThat(r.peerReadsToEnd()).isEqualTo("held until writable");
            assertThat(r.transport.channel().isOpen()).isFalse();
        }
    }

    @Test
    void aCloseWithAReasonDoesNotWaitForHeldOutput() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new)) {
            r.loop.runSync(() -> {
                r.transport.hold = true;
                r.stream.write(bytes("dropped"));
                r.stream.close(new IOException("broken"));
                assertThat(r.transport.channel().isOpen()).isFalse();
                return r.stream.closeFuture();
            }, WAIT);
            assertThat(r.peerReadsToEnd()).isEmpty();
        }
    }

    @Test
    void writesQueuedBehindHeldOutputGoOutInOrderDespiteSpuriousCalls() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new)) {
            r.loop.runSync(() -> {
                r.transport.hold = true;
                r.stream.write(bytes("one "));
                Future<Void> second = r.stream.write(bytes("two "));    // taken 0: queued behind the held batch
                assertThat(r.stream.queuedWriteBytes()).isEqualTo(4);
                r.stream.write(bytes("three"));
                return second;
            }, WAIT);
            r.loop.runSync(() -> {
                r.stream.close();
                return r.stream.closeFuture();
            }, WAIT);
            assertThat(r.peerReadsToEnd()).isEqualTo("one two three");
        }
    }

    @Test
    void readsWorkThroughTheTransportAndSpuriousReadinessIsHarmless() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new)) {
            r.peer.write(ByteBuffer.wrap(bytes("line\n")));
            byte[] line = r.loop.runSync(() -> r.stream.readUntil(bytes("\n"), 100), WAIT);
            assertThat(str(line)).isEqualTo("line\n");
        }
    }

    @Test
    void aTransportRegistersOnce() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new)) {
            Throwable second = r.loop.runSync(() -> {
                try {
                    r.stream.transport().register(r.loop, ops -> { });
                    return Future.succeeded(r.loop, null);
                } catch (IllegalStateException | IOException e) {
                    return Future.succeeded(r.loop, e);
                }
            }, WAIT);
            assertThat(second).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aPlainTransportReportsTheInterestItWasGiven() throws IOException {
        try (StreamOverTransport<HoldingTransport> r = new StreamOverTransport<>(HoldingTransport::new);
             SocketChannel other = SocketChannel.open()) {
            other.configureBlocking(false);
            SocketTransport plain = new SocketTransport(other);
            plain.interestOps(java.nio.channels.SelectionKey.OP_READ);      // before registering: ignored
            assertThat(plain.interestOps()).isZero();
            int[] interest = r.loop.runSync(() -> {
                try {
                    plain.register(r.loop, ops -> { });
                    int before = plain.interestOps();
                    plain.interestOps(java.nio.channels.SelectionKey.OP_READ);
                    int after = plain.interestOps();
                    plain.close();
                    plain.close();                                          // idempotent
                    return Future.succeeded(r.loop, new int[] {before, after});
                } catch (IOException e) {
                    return Future.failed(r.loop, e);
                }
            }, WAIT);
            assertThat(interest).containsExactly(0, java.nio.channels.SelectionKey.OP_READ);
            assertThat(other.isOpen()).isFalse();
        }
    }
}
