package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

/**
 * Test fixture: a {@link Transport} that is not TLS, to show that the server's and the
 * client's way of wrapping a socket is an abstraction of its own. It passes every call to a
 * plain {@link SocketTransport}, counts the reads its owner makes and the application bytes
 * that go through it, and answers {@link #ready()} with whatever the test supplies (so
 * readiness may come later, or never). Loop thread only.
 */
final class CountingTransport implements Transport {

    private final SocketTransport socket;
    private final Supplier<Future<Void>> readiness;     // null: the socket's own (ready at once)
    int reads;
    int emptyReads;                                     // reads that found nothing
    long bytesRead;
    long bytesWritten;

    /** Ready when the socket is (at once). */
    CountingTransport(SocketChannel channel) {
        this(channel, null);
    }

    /** Ready when the future {@code readiness} gives is done (asked once per {@link #ready()}). */
    CountingTransport(SocketChannel channel, Supplier<Future<Void>> readiness) {
        this.socket = new SocketTransport(channel);
        this.readiness = readiness;
    }

    @Override
    public SocketChannel channel() {
        return socket.channel();
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        socket.register(loop, handler);
    }

    @Override
    public void interestOps(int ops) {
        socket.interestOps(ops);
    }

    @Override
    public int interestOps() {
        return socket.interestOps();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = socket.read(dst);
        reads++;
        if (n == 0) {
            emptyReads++;
        } else if (n > 0) {
            bytesRead += n;
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = socket.write(srcs, offset, length);
        bytesWritten += n;
        return n;
    }

    @Override
    public Future<Void> ready() {
        return readiness == null ? socket.ready() : readiness.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
