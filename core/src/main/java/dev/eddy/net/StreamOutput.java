package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Promise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * The write side of an {@link IOStream}: the first try at the socket, and for what the
 * kernel did not take, the {@link WriteQueue} and its flush when the socket is writable again.
 * Every public write of the stream comes here once the stream has checked the thread and
 * that it is open.
 *
 * <p>It exists apart from {@code IOStream} for the same reason as {@link StreamInput}: writing
 * is an idea of its own, and needs from the stream only its loop, transport and options, and
 * the ways to change interest, mark activity and fail ({@code IOStream.writeFailed}: a write
 * the socket refuses closes the whole stream, which then calls {@link #failQueued} here).
 *
 * <p>Loop thread only. A write the kernel takes at once allocates nothing: it returns the one
 * succeeded future this stream keeps for that; only what waits in the queue has a promise.
 */
final class StreamOutput {

    private final IOStream stream;
    private WriteQueue queue;           // created when a write first did not fit
    private Future<Void> writtenNow;    // the one succeeded future every immediate write returns

    StreamOutput(IOStream stream) {
        this.stream = stream;
    }

    /** {@link IOStream#write(ByteBuffer...)} on an open stream, on the loop thread. */
    Future<Void> write(ByteBuffer[] srcs) {
        long size = 0;
        for (ByteBuffer b : srcs) {
            size += b.remaining();
        }
        long queued = queuedBytes();
        long max = stream.options().maxWriteBuffer();
        if (queued + size > max) {
            return Future.failed(stream.loop(), new BufferFullException("write of " + size + " bytes with " + queued
                    + " queued would exceed maxWriteBuffer " + max));
        }
        if (queued == 0) {
            try {
                size -= writeNow(srcs);
            } catch (IOException e) {
                stream.writeFailed(e);
                return Future.failed(stream.loop(), stream.closedException("write failed"));
            }
            if (size == 0) {
                return writtenNow();
            }
        }
        if (queue == null) {
            StreamOptions options = stream.options();
            queue = new WriteQueue(options.writeHighWater(), options.writeLowWater());
        }
        Promise<Void> p = queue.add(srcs, new Promise<>(stream.loop()));
        stream.readiness().addInterest(SelectionKey.OP_WRITE);
        return p;
    }

    /** Bytes accepted but not yet taken by the kernel. */
    long queuedBytes() {
        return queue == null ? 0 : queue.queuedBytes();
    }

    private long writeNow(ByteBuffer[] srcs) throws IOException {
        Transport transport = stream.transport();
        long total = 0;
        int first = 0;
        while (first < srcs.length) {
            if (!srcs[first].hasRemaining()) {
                first++;
                continue;
            }
            long n = transport.write(srcs, first, srcs.length - first);
            if (n == 0) {
                break;
            }
            total += n;
        }
        if (total > 0) {
            stream.touched();
        }
        return total;
    }

    private Future<Void> writtenNow() {
        if (writtenNow == null) {
            writtenNow = Future.succeeded(stream.loop(), null);
        }
        return writtenNow;
    }

    /**
     * The socket is writable: sends what is queued. Returns false when the socket refused it
     * (the stream is closed then).
     */
    boolean onWritable() {
        Transport transport = stream.transport();
        try {
            boolean drained = queue == null || queue.flush(transport);
            // keep OP_WRITE while the transport still holds output: it reports again when it is out
            if (drained && !transport.hasPendingOutput()) {
                stream.readiness().removeInterest(SelectionKey.OP_WRITE);
            }
            stream.touched();
            return true;
        } catch (IOException e) {
            stream.writeFailed(e);
            return false;
        }
    }

    /** The stream closed: every queued write fails, and its bytes are dropped. */
    void failQueued() {
        if (queue != null) {
            queue.failAll(stream.closedException("stream closed before the write finished"));
        }
    }
}
