package dev.eddy.net;

import dev.eddy.Promise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bytes an {@link IOStream} accepted for writing but the kernel did not take yet, and
 * the futures waiting for them.
 *
 * <p>Bytes are counted on one line that only grows: {@code enqueued} is where the last
 * queued byte ends, {@code written} how far the kernel has taken. A write's future waits
 * at the position where its last byte ends and completes once {@code written} passes it,
 * so completing futures needs no per-buffer bookkeeping.
 *
 * <p>Back-pressure: once more than {@code highWater} bytes are queued the queue is
 * <em>throttled</em>, and futures whose bytes are already written still wait until the
 * queue has drained to {@code lowWater}. A producer that awaits each write therefore slows
 * to the pace of the peer, and memory stays bounded.
 *
 * <p>Created only when a write did not fit at once. Loop thread only.
 */
final class WriteQueue {

    /** How many buffers one gathering write hands to the kernel at most. */
    private static final int GATHER = 16;

    private record Waiter(long end, Promise<Void> promise) {
    }

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private final int highWater;
    private final int lowWater;
    private long enqueued;
    private long written;
    private boolean throttled;

    WriteQueue(int highWater, int lowWater) {
        this.highWater = highWater;
        this.lowWater = lowWater;
    }

    /** Bytes accepted but not yet taken by the kernel. */
    long queuedBytes() {
        return enqueued - written;
    }

    boolean isEmpty() {
        return enqueued == written;
    }

    /**
     * Queues what is left in {@code srcs} (the part the kernel did not take at once) and
     * returns the future of the whole write.
     */
    Promise<Void> add(ByteBuffer[] srcs, Promise<Void> promise) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                buffers.addLast(b);
                enqueued += b.remaining();
            }
        }
        if (queuedBytes() > highWater) {
            throttled = true;
        }
        waiters.addLast(new Waiter(enqueued, promise));
        return promise;
    }

    /**
     * Writes as much as the kernel takes. Returns true when the queue is empty afterwards.
     * Completes the futures whose bytes are now written (unless throttled).
     */
    boolean flush(Transport transport) throws IOException {
        while (!buffers.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : buffers) {
                gather[n++] = b;
                if (n == GATHER) {
                    break;
                }
            }
            long wrote = transport.write(gather, 0, n);
            java.util.Arrays.fill(gather, 0, n, null);     // hold no reference to sent buffers
            written += wrote;
            while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                buffers.pollFirst();
            }
            if (wrote == 0 || !buffers.isEmpty() && n < GATHER) {
                break;              // the kernel's send buffer is full: wait for OP_WRITE
            }
        }
        if (throttled && queuedBytes() <= lowWater) {
            throttled = false;
        }
        if (!throttled) {
            while (!waiters.isEmpty() && waiters.peekFirst().end() <= written) {
                waiters.pollFirst().promise().tryComplete(null);
            }
        }
        return isEmpty();
    }

    /** Fails every waiting future (the stream closed) and drops the queued bytes. */
    void failAll(Throwable cause) {
        buffers.clear();
        written = enqueued;
        for (Waiter w; (w = waiters.pollFirst()) != null; ) {
            w.promise().tryFail(cause);
        }
    }
}
