package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;

/**
 * Test fixture: an {@link IOStream} over a transport of the test's own making (one that holds
 * output, or counts reads) on one end of a loopback socket, and a plain blocking socket on the
 * other end, which the test thread drives. Closing it closes the loop and the peer.
 */
final class StreamOverTransport<T extends Transport> implements AutoCloseable {

    final IOLoop loop = new IOLoop();
    final SocketChannel peer;
    final T transport;
    IOStream stream;

    StreamOverTransport(Function<SocketChannel, T> wrap) throws IOException {
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer = SocketChannel.open(ssc.getLocalAddress());
            SocketChannel ours = ssc.accept();
            ours.configureBlocking(false);
            transport = wrap.apply(ours);
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

    /** The peer writes {@code s} (it is a blocking socket: the bytes are in the kernel on return). */
    void peerSends(String s) {
        try {
            peer.write(ByteBuffer.wrap(bytes(s)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
