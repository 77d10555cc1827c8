package dev.eddy.http.websocket;

import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.net.Transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A transport for tests of the write side: it takes at most {@link #room} bytes (then nothing
 * until a test gives it more), keeps every byte it took, and counts the write calls that took
 * any. With {@link #inner} it is a wrapper around a real transport instead, counting its writes.
 */
final class RecordingTransport implements Transport {

    final Transport inner;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    volatile int writeCalls;
    long room = Long.MAX_VALUE;
    private int interest;

    /** A transport of its own, with no socket underneath. */
    RecordingTransport() {
        this(null);
    }

    /** Counts the writes of {@code inner}, which does the real work. */
    RecordingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public SelectableChannel channel() {
        return inner == null ? null : inner.channel();
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        if (inner != null) {
            inner.register(loop, handler);
        }
    }

    @Override
    public void interestOps(int ops) {
        interest = ops;
        if (inner != null) {
            inner.interestOps(ops);
        }
    }

    @Override
    public int interestOps() {
        return interest;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner == null ? 0 : inner.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (inner != null) {
            long n = inner.write(srcs, offset, length);
            if (n > 0) {
                writeCalls++;
            }
            return n;
        }
        long took = 0;
        for (int i = offset; i < offset + length && room > 0; i++) {
            ByteBuffer b = srcs[i];
            int n = (int) Math.min(b.remaining(), room);
            byte[] bytes = new byte[n];
            b.get(bytes);
            written.writeBytes(bytes);
            room -= n;
            took += n;
        }
        if (took > 0) {
            writeCalls++;
        }
        return took;
    }

    @Override
    public boolean hasPendingOutput() {
        return inner != null && inner.hasPendingOutput();
    }

    @Override
    public void close() throws IOException {
        if (inner != null) {
            inner.close();
        }
    }
}
