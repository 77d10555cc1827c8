package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.net.BufferFullException;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The frames a {@link WebSocket} has encoded but the transport has not taken yet, and the
 * back-pressure rule of its sends.
 *
 * <h2>Frames are collected, then written together</h2>
 * Encoding a frame appends it to the last of a few heap buffers ("chunks"); nothing is written
 * until {@link #flush()}, which hands all of them to the transport in one gathering write. The
 * connection decides when to flush ({@link MessageSender}, {@link DeferredFlush}): once per batch
 * of work, so a hundred answers to a hundred messages of one read leave in one system call
 * instead of a hundred. Chunks start small and double (a lone small message costs a small
 * buffer; a busy connection fills a few large ones); a frame of {@link #LARGE_FRAME} or more
 * gets a chunk of exactly its size. The chunks go when they are written: an idle connection
 * keeps none, and a busy one allocates about one byte of chunk per byte it sends.
 *
 * <h2>Back-pressure</h2>
 * A send's future completes as soon as its frame is queued, unless more than {@code highWater}
 * bytes are queued: then the output is <em>throttled</em> and the futures of that send and of
 * every later one wait until the queue has drained to {@code lowWater}, so a sender that awaits
 * its sends goes at the pace of the reader on the other end. Past {@code maxBytes} a send fails at
 * once: the bound for a sender that does not wait. Control frames (pings, pongs, close) are
 * never refused: they are small and the protocol needs them through.
 *
 * <p>An idle connection holds no chunk and no queue (they exist while bytes wait). Loop thread
 * only.
 */
final class FrameOutput {

    /** The first chunk of a batch; small, so a lone small message costs little. */
    static final int FIRST_CHUNK = 512;
    /** Chunks double up to this size; a larger frame gets a chunk of exactly its size. */
    static final int LARGEST_CHUNK = 64 * 1024;
    /**
     * A frame this large gets a chunk of exactly its size: doubling chunks for it would leave
     * large unused tails behind whenever a flush comes before the chunk is full.
     */
    static final int LARGE_FRAME = 8 * 1024;
    private static final int GATHER = 16;

    private final IOLoop loop;
    private final Transport transport;
    private final FrameEncoder encoder;
    private final int highWater;
    private final int lowWater;
    private final long maxBytes;
    private Future<Void> done;
    /** The chunks, oldest first; each holds bytes to write between its position and its limit. */
    private ArrayDeque<ByteBuffer> chunks;
    private ByteBuffer[] gather;
    /** The futures of sends made while throttled. */
    private ArrayList<Promise<Void>> throttledSends;
    private long queuedBytes;
    private boolean throttled;
    /** The last flush left bytes the transport did not take: wait for it to be writable. */
    private boolean blocked;

    FrameOutput(IOLoop loop, Transport transport, FrameEncoder encoder, WebSocketOptions options) {
        this.loop = loop;
        this.transport = transport;
        this.encoder = encoder;
        this.highWater = options.sendHighWater();
        this.lowWater = options.sendLowWater();
        this.maxBytes = options.maxSendBufferBytes();
    }

    /** Bytes encoded but not yet taken by the transport. */
    long queuedBytes() {
        return queuedBytes;
    }

    boolean isEmpty() {
        return queuedBytes == 0;
    }

    /** True when the last flush left bytes behind: the transport was full, and OP_WRITE will say when it is not. */
    boolean isBlocked() {
        return blocked;
    }

    /**
     * Encodes a frame of {@code payload}'s remaining bytes (consumed) behind what is queued.
     *
     * @param control a control frame: never refused for being over the bound
     * @return completes once the frame is queued, or later when throttled; fails with
     *     {@link BufferFullException} when a data frame would take the queue past its bound
     */
    Future<Void> send(int opcode, boolean rsv1, ByteBuffer payload, boolean control) {
        int n = encoder.frameLength(payload.remaining());
        if (!control && isFullFor(n)) {
            return bufferFull();
        }
        encoder.encodeInto(room(n), opcode, rsv1, payload);
        return queued(n);
    }

    /** A data frame of a whole array's bytes (a text message's UTF-8, a compressed message). */
    Future<Void> send(int opcode, boolean rsv1, byte[] payload) {
        int n = encoder.frameLength(payload.length);
        if (isFullFor(n)) {
            return bufferFull();
        }
        encoder.encodeInto(room(n), opcode, rsv1, payload);
        return queued(n);
    }

    private boolean isFullFor(int frameLength) {
        return queuedBytes + frameLength > maxBytes;
    }

    private Future<Void> bufferFull() {
        return Future.failed(loop, new BufferFullException(
                "WebSocket send buffer full: " + queuedBytes + " bytes queued, limit " + maxBytes));
    }

    /** Queues a frame encoded elsewhere (a close frame); never refused. */
    Future<Void> sendEncoded(ByteBuffer frame) {
        int n = frame.remaining();
        ByteBuffer tail = room(n);
        int at = tail.limit();
        tail.limit(at + n).put(at, frame, frame.position(), n);
        frame.position(frame.limit());
        return queued(n);
    }

    /** Counts {@code n} more queued bytes; the send's future, by the back-pressure rule. */
    private Future<Void> queued(int n) {
        queuedBytes += n;
        if (queuedBytes > highWater) {
            throttled = true;
        }
        if (!throttled) {
            return done();
        }
        if (throttledSends == null) {
            throttledSends = new ArrayList<>();
        }
        Promise<Void> p = new Promise<>(loop);
        throttledSends.add(p);
        return p;
    }

    /** The last chunk, with at least {@code n} bytes of room behind its limit (a new chunk when it has not). */
    private ByteBuffer room(int n) {
        ByteBuffer tail = chunks == null ? null : chunks.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= n) {
            return tail;
        }
        int size = n >= LARGE_FRAME ? n
                : Math.max(n, tail == null ? FIRST_CHUNK : Math.min(2 * tail.capacity(), LARGEST_CHUNK));
        ByteBuffer chunk = ByteBuffer.allocate(size).limit(0);
        if (chunks == null) {
            chunks = new ArrayDeque<>(4);
            gather = new ByteBuffer[GATHER];
        }
        chunks.addLast(chunk);
        return chunk;
    }

    /**
     * Gives the transport as much as it takes, and completes the throttled sends once the queue
     * has drained to the low-water mark.
     *
     * @return true when nothing is left queued
     */
    boolean flush() throws IOException {
        if (chunks == null) {
            return true;
        }
        while (!chunks.isEmpty()) {
            int n = 0;
            long offered = 0;
            for (ByteBuffer c : chunks) {
                gather[n++] = c;
                offered += c.remaining();
                if (n == GATHER) {
                    break;
                }
            }
            long wrote = transport.write(gather, 0, n);
            Arrays.fill(gather, 0, n, null);
            queuedBytes -= wrote;
            while (!chunks.isEmpty() && !chunks.peekFirst().hasRemaining()) {
                chunks.pollFirst();
            }
            if (wrote < offered) {
                break;                  // the transport is full: wait for OP_WRITE
            }
        }
        blocked = !chunks.isEmpty();
        if (throttled && queuedBytes <= lowWater) {
            throttled = false;
            releaseThrottledSends(null);
        }
        if (!blocked) {
            chunks = null;              // an idle connection keeps no buffers
            gather = null;
        }
        return !blocked;
    }

    /** Drops what is queued and fails the waiting sends (the connection is gone). */
    void failAll(Throwable cause) {
        queuedBytes = 0;
        blocked = false;
        chunks = null;
        gather = null;
        releaseThrottledSends(cause);
    }

    /** Completes the futures of the sends made while throttled, or fails them with {@code cause}. */
    private void releaseThrottledSends(Throwable cause) {
        if (throttledSends == null) {
            return;
        }
        ArrayList<Promise<Void>> waiting = throttledSends;
        throttledSends = null;
        for (Promise<Void> p : waiting) {
            if (cause == null) {
                p.tryComplete(null);
            } else {
                p.tryFail(cause);
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
