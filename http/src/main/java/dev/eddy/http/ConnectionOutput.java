package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.Promise;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The write side of one connection. Responses are encoded into the loop's shared
 * {@link OutputBuffer}; {@link #flush()} writes them with one (gathering) write, normally
 * once per read batch, so sixteen pipelined requests get one write. Whatever the transport
 * does not take is copied into this connection's own queue and written when it reports
 * writability; while anything is queued, the connection stops starting new requests
 * (back-pressure) and writes report their completion through {@link #whenDrained()}. The
 * queue exists only while something waits in it: an idle connection has none.
 *
 * <p>Loop thread only.
 */
final class ConnectionOutput {

    /** A body up to this size is copied into the output buffer; larger ones are written from where they are. */
    static final int COPY_LIMIT = 8 * 1024;

    private final HttpConnection conn;
    private final ServerOnLoop shared;
    private final Transport transport;
    private ArrayDeque<ByteBuffer> queue;      // null while nothing waits
    private Promise<Void> drained;
    private long lastProgress;

    ConnectionOutput(HttpConnection conn, ServerOnLoop shared, Transport transport) {
        this.conn = conn;
        this.shared = shared;
        this.transport = transport;
    }

    /** The loop's output buffer, claimed for this connection. */
    OutputBuffer buffer() {
        return shared.claim(conn);
    }

    /** True when bytes wait for the socket to become writable. */
    boolean hasQueued() {
        return queue != null;
    }

    /** When the socket last accepted bytes (loop time), for the write-stall timeout. */
    long lastProgress() {
        return lastProgress;
    }

    /** Writes the buffered bytes now (or queues them behind bytes already waiting). */
    void flush() {
        flush(null);
    }

    /**
     * Writes the buffered bytes followed by {@code extra} (a large body, not copied), in
     * one gathering write. Never throws: a failed write aborts the connection.
     */
    void flush(ByteBuffer extra) {
        // Behind bytes already queued the head is only copied into the queue: no detour
        // through the loop's direct buffer, which is for the socket.
        ByteBuffer head = !shared.owns(conn) ? null : queue == null ? shared.outBytes() : shared.out.view();
        if (head == null && (extra == null || !extra.hasRemaining())) {
            return;
        }
        try {
            if (queue == null) {
                if (head != null && extra != null) {
                    write(head, extra);
                } else {
                    write(head != null ? head : extra, null);
                }
                lastProgress = conn.now();
            }
            if (head != null && head.hasRemaining()) {
                queue().add(copy(head));
            }
            if (extra != null && extra.hasRemaining()) {
                queue().add(extra);
            }
        } catch (IOException e) {
            shared.release(conn);
            conn.abort("write failed: " + e.getMessage());
            return;
        }
        shared.release(conn);
    }

    private ArrayDeque<ByteBuffer> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        return queue;
    }

    /** One (gathering) write through the transport of {@code first} and, if not null, {@code second}. */
    private long write(ByteBuffer first, ByteBuffer second) throws IOException {
        ByteBuffer[] gather = shared.gather;
        gather[0] = first;
        gather[1] = second;
        try {
            long n = transport.write(gather, 0, second == null ? 1 : 2);
            shared.bytesOut += n;
            return n;
        } finally {
            gather[0] = null;       // hold no reference to sent buffers
            gather[1] = null;
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b).flip();
        return c;
    }

    /** The transport can take bytes: writes queued ones. True when the queue is now empty. */
    boolean onWritable() {
        try {
            while (queue != null) {
                ByteBuffer b = queue.peek();
                long n = write(b, null);
                if (n > 0) {
                    lastProgress = conn.now();
                }
                if (b.hasRemaining()) {
                    return false;
                }
                queue.poll();
                if (queue.isEmpty()) {
                    queue = null;
                }
            }
        } catch (IOException e) {
            conn.abort("write failed: " + e.getMessage());
            return false;
        }
        Promise<Void> p = drained;
        drained = null;
        if (p != null) {
            p.tryComplete(null);
        }
        return true;
    }

    /** A future that completes when everything written so far has reached the socket. */
    Future<Void> whenDrained() {
        if (queue == null) {
            return shared.done;
        }
        if (drained == null) {
            drained = new Promise<>(shared.loop);
        }
        return drained;
    }

    /** The connection closed: pending writes fail. */
    void closed(IOException cause) {
        queue = null;
        Promise<Void> p = drained;
        drained = null;
        if (p != null) {
            p.tryFail(cause);
        }
        shared.release(conn);
    }
}
