package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.BufferFullException;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The frames a {@link WebSocket} has encoded but the transport has not taken yet, with the
 * futures of the sends waiting for them, and the back-pressure rule.
 *
 * <p>A frame goes to the transport at once when nothing is queued; only what does not fit is
 * kept. Bytes are counted on a line that only grows ({@code enqueued}, {@code written}); a
 * send's future waits for the position where its frame ends. Past {@code highWater} queued
 * bytes the output is <em>throttled</em>: futures wait until the queue has drained to
 * {@code lowWater}, so a sender that awaits its sends goes at the pace of the reader on the
 * other end. Past {@code maxBytes} a send fails at once: the bound for a sender that does not
 * wait. Control frames (pong, close) are never refused: they are small and the protocol needs
 * them through.
 *
 * <p>An idle connection holds no queue (created when a write first does not fit). Loop thread
 * only.
 */
final class FrameOutput {

    private static final int GATHER = 16;

    private record Waiter(long end, Promise<Void> promise) {
    }

    private final IOLoop loop;
    private final Transport transport;
    private final int highWater;
    private final int lowWater;
    private final long maxBytes;
    private final ByteBuffer[] one = new ByteBuffer[1];
    private Future<Void> done;
    private ArrayDeque<ByteBuffer> frames;
    private ArrayDeque<Waiter> waiters;
    private ByteBuffer[] gather;
    private long enqueuedBytes;
    private long writtenBytes;
    private boolean throttled;

    FrameOutput(IOLoop loop, Transport transport, WebSocketOptions options) {
        this.loop = loop;
        this.transport = transport;
        this.highWater = options.sendHighWater();
        this.lowWater = options.sendLowWater();
        this.maxBytes = options.maxSendBufferBytes();
    }

    /** Bytes encoded but not yet taken by the transport. */
    long queuedBytes() {
        return enqueuedBytes - writtenBytes;
    }

    boolean isEmpty() {
        return enqueuedBytes == writtenBytes;
    }

    /**
     * Queues {@code frame} behind what is waiting. With {@code writeNow} the transport is tried
     * at once (outside a batch of work); otherwise the next {@link #flush()} sends it.
     *
     * @param control a control frame: never refused for being over the bound
     * @return completes when the frame reached the transport (later when throttled)
     */
    Future<Void> send(ByteBuffer frame, boolean control, boolean writeNow) throws IOException {
        int n = frame.remaining();
        if (!control && queuedBytes() + n > maxBytes) {
            return Future.failed(loop, new BufferFullException(
                    "WebSocket send buffer full: " + queuedBytes() + " bytes queued, limit " + maxBytes));
        }
        if (isEmpty() && writeNow) {
            one[0] = frame;
            transport.write(one, 0, 1);
            one[0] = null;
            if (!frame.hasRemaining()) {
                return done();
            }
        }
        if (frames == null) {
            frames = new ArrayDeque<>();
            waiters = new ArrayDeque<>();
            gather = new ByteBuffer[GATHER];
        }
        frames.addLast(frame);
        enqueuedBytes += frame.remaining();
        if (queuedBytes() > highWater) {
            throttled = true;
        }
        Promise<Void> p = new Promise<>(loop);
        waiters.addLast(new Waiter(enqueuedBytes, p));
        return p;
    }

    /**
     * Gives the transport as much as it takes and completes the futures of what it took.
     *
     * @return true when nothing is left queued
     */
    boolean flush() throws IOException {
        if (frames == null) {
            return true;
        }
        while (!frames.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : frames) {
                gather[n++] = b;
                if (n == GATHER) {
                    break;
                }
            }
            long wrote = transport.write(gather, 0, n);
            Arrays.fill(gather, 0, n, null);
            writtenBytes += wrote;
            while (!frames.isEmpty() && !frames.peekFirst().hasRemaining()) {
                frames.pollFirst();
            }
            if (wrote == 0 || !frames.isEmpty() && n < GATHER) {
                break;                  // the transport is full: wait for OP_WRITE
            }
        }
        if (throttled && queuedBytes() <= lowWater) {
            throttled = false;
        }
        if (!throttled) {
            while (!waiters.isEmpty() && waiters.peekFirst().end() <= writtenBytes) {
                waiters.pollFirst().promise().tryComplete(null);
            }
        }
        if (frames.isEmpty() && waiters.isEmpty()) {
            frames = null;              // an idle connection keeps no queue
            waiters = null;
            gather = null;
        }
        return isEmpty();
    }

    /** Drops what is queued and fails the waiting sends (the connection is gone). */
    void failAll(Throwable cause) {
        writtenBytes = enqueuedBytes;
        if (frames != null) {
            frames.clear();
            for (Waiter w; (w = waiters.pollFirst()) != null; ) {
                w.promise().tryFail(cause);
            }
        }
    }

    private Future<Void> done() {
        if (done == null) {
            done = Future.succeeded(loop, null);    // shared: a completed future is immutable
        }
        return done;
    }
}
