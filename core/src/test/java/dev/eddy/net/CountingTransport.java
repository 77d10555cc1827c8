package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.function.Supplier;

/**
 * Test fixture: a {@link Transport} that is not TLS, to show that the server's and the
 * client's way of wrapping a socket is an abstraction of its own. It passes every call to a
 * plain {@link SocketTransport}, counts the application bytes that go through it, and answers
 * {@link #ready()} with whatever the test supplies (so readiness may come later, or never).
 * Loop thread only.
 */
final class CountingTransport implements Transport {

    private final Transport socket;
    private final Supplier<Future<Void>> readiness;     // null: the socket's own (ready at once)
    long bytesRead;
    long bytesWritten;

    CountingTransport(Transport socket, Supplier<Future<Void>> readiness) {
        this.socket = socket;
        this.readiness = readiness;
    }

    @Override
    public SelectableChannel channel() {
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
        bytesRead += Math.max(n, 0);
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
