package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
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

    /** A stream over a {@link HoldingTransport} on one end, a plain socket on the other. */
    private static final class Rig implements AutoCloseable {
        final IOLoop loop = new IOLoop();
        final SocketChannel peer;
        final HoldingTransport transport;
        IOStream stream;

        Rig() throws IOException {
            try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
                ssc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                peer = SocketChannel.open(ssc.getLocalAddress());
                SocketChannel ours = ssc.accept();
                ours.configureBlocking(false);
                transport = new HoldingTransport(ours);
            }
            loop.runSync(() -> {
                try {
                    stream = new IOStream(loop, transport, StreamOptions.defaults());
                    return Future.succeeded(loop, null);
                } catch (IOException e) {
                    return Future.failed(loop, e);
                }
            }, WAIT);
        }

        /** Reads the blocking peer socket until its end. */
        String peerReadsToEnd() throws IOException {
            StringBuilder sb = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (peer.read(buf) >= 0) {
                buf.flip();
                sb.append(str(java.util.Arrays.copyOf(buf.array(), buf.limit())));
                buf.clear();
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            loop.close();
            peer.close();
        }
    }

    @Test
    void aGracefulCloseWaitsForOutputTheTransportHolds() throws IOException {
        try (Rig r = new Rig()) {
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
        try (Rig r = new Rig()) {
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
        try (Rig r = new Rig()) {
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
        try (Rig r = new Rig()) {
            r.peer.write(ByteBuffer.wrap(bytes("line\n")));
            byte[] line = r.loop.runSync(() -> r.stream.readUntil(bytes("\n"), 100), WAIT);
            assertThat(str(line)).isEqualTo("line\n");
        }
    }

    @Test
    void aTransportRegistersOnce() throws IOException {
        try (Rig r = new Rig()) {
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
        try (Rig r = new Rig(); SocketChannel other = SocketChannel.open()) {
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
