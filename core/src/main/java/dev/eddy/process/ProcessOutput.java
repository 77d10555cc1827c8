package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A child process's stdout or stderr as a stream the loop can read incrementally: read until
 * a delimiter, read n bytes, read what is there, read to the end, or have every chunk handed
 * to a consumer. Every read returns a future; one read at a time.
 *
 * <p>Bytes arrive as chunks from a {@link ChunkReader} on a helper thread. A chunk stays in
 * the {@code arrived} line until a read needs it; a read that needs more than one chunk
 * (a delimiter not found yet, n bytes) copies chunks into its working
 * {@link ByteAccumulator}. A chunk goes back to the {@link ChunkPool} the moment its bytes
 * are copied or consumed, and not before: that is the back-pressure. When nobody reads,
 * nothing is consumed, the pool runs dry, the helper thread waits and the child is paused by
 * the full pipe. {@link #bufferedBytes()} and {@link #peakBufferedBytes()} show how much
 * output is held here.
 *
 * <p>End of stream: {@link #readAtMost} then gives an empty array, {@link #readToEnd} gives
 * what is left, and {@link #readUntil}/{@link #readBytes} fail with an
 * {@link UncheckedIOException} wrapping an {@link EOFException} (the unread bytes stay
 * readable).
 *
 * <p>Not thread-safe: every method must be called on the loop's thread (it checks).
 */
public final class ProcessOutput {

    private enum Kind { UNTIL, BYTES, AT_MOST, TO_END, EACH }

    /** The one read waiting for bytes. */
    private static final class Read {
        final Kind kind;
        final int n;                   // BYTES/AT_MOST: the count; UNTIL/TO_END: the limit
        final byte[] delimiter;
        final Consumer<ByteBuffer> sink;
        final Promise<Object> promise;
        int searchFrom;                // UNTIL: where the next delimiter search starts
        long total;                    // EACH: bytes handed to the sink so far

        Read(Kind kind, int n, byte[] delimiter, Consumer<ByteBuffer> sink, Promise<Object> promise) {
            this.kind = kind;
            this.n = n;
            this.delimiter = delimiter;
            this.sink = sink;
            this.promise = promise;
        }
    }

    /** A chunk that arrived, and how much of it has been consumed. */
    private static final class Chunk {
        final byte[] bytes;
        int start;
        final int end;

        Chunk(byte[] bytes, int end) {
            this.bytes = bytes;
            this.end = end;
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private final IOLoop loop;
    private final String name;
    private final ChunkPool pool;
    private final ArrayDeque<Chunk> arrived = new ArrayDeque<>();
    private final ByteAccumulator working = new ByteAccumulator();
    private final Promise<Void> ended;
    private long arrivedBytes;
    private long peakBuffered;
    private boolean atEnd;
    private Throwable failure;
    private Read pending;

    ProcessOutput(IOLoop loop, String name, int chunkSize, int chunks) {
        this.loop = loop;
        this.name = name;
        this.pool = new ChunkPool(chunkSize, chunks);
        this.ended = new Promise<>(loop);
    }

    // ------------------------------------------------------------------ reads

    /**
     * The bytes up to and including the first {@code delimiter}. Fails with
     * {@link IllegalStateException} if {@code maxBytes} bytes arrived without one (so a
     * child that never writes a newline cannot make us buffer without end).
     */
    public Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("need a non-empty delimiter and a positive maxBytes");
        }
        return start(new Read(Kind.UNTIL, maxBytes, delimiter, null, new Promise<>(loop)));
    }

    /** The next line (up to and including '\n') as UTF-8 text without the line end, at most 64 KiB. */
    public Future<String> readLine() {
        return readUntil(new byte[]{'\n'}, 64 * 1024).map(b -> {
            int len = b.length - 1;
            if (len > 0 && b[len - 1] == '\r') {
                len--;
            }
            return new String(b, 0, len, StandardCharsets.UTF_8);
        });
    }

    /** Exactly {@code n} bytes. */
    public Future<byte[]> readBytes(int n) {
        checkCount(n);
        return start(new Read(Kind.BYTES, n, null, null, new Promise<>(loop)));
    }

    /** Between 1 and {@code n} bytes, as soon as any are there; an empty array at the end. */
    public Future<byte[]> readAtMost(int n) {
        checkCount(n);
        return start(new Read(Kind.AT_MOST, n, null, null, new Promise<>(loop)));
    }

    /**
     * Everything until the end of the stream. Fails with {@link IllegalStateException} if
     * more than {@code maxBytes} arrive: collecting is for output you know is small.
     */
    public Future<byte[]> readToEnd(int maxBytes) {
        checkCount(maxBytes);
        return start(new Read(Kind.TO_END, maxBytes, null, null, new Promise<>(loop)));
    }

    /** Everything until the end of the stream decoded as UTF-8, at most 16 MiB. */
    public Future<String> collect() {
        return readToEnd(16 << 20).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Hands every chunk to {@code sink} as it arrives, without copying, until the end; the
     * future gives the number of bytes. The buffer is valid only during the call (its array
     * goes back to the pool after), and {@code sink} runs on the loop thread. This is the way
     * to stream large output.
     */
    public Future<Long> forEachChunk(Consumer<ByteBuffer> sink) {
        Objects.requireNonNull(sink, "sink");
        return start(new Read(Kind.EACH, 0, null, sink, new Promise<>(loop)));
    }

    private static void checkCount(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("byte count must be positive: " + n);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> start(Read read) {
        loop.checkLoopThread(name + " read");
        if (pending != null) {
            return Future.failed(loop, new IllegalStateException("a read is already pending on " + name));
        }
        pending = read;
        pump();
        return (Future<T>) read.promise;
    }

    // ------------------------------------------------------------------ state

    /** Output read from the pipe and not yet handed to a reader. */
    public long bufferedBytes() {
        return arrivedBytes + working.size();
    }

    /** The most {@link #bufferedBytes()} has ever been: the proof that buffering is bounded. */
    public long peakBufferedBytes() {
        return peakBuffered;
    }

    /** Chunks that arrived and are not yet consumed (for tests of the back-pressure). */
    int chunksWaiting() {
        return arrived.size();
    }

    /** The most output that can wait here while the child runs: chunks times chunk size. */
    public long bufferLimitBytes() {
        return pool.limitBytes();
    }

    /** True once the end of the stream has arrived and every byte has been read. */
    public boolean isAtEnd() {
        return atEnd && bufferedBytes() == 0;
    }

    // ------------------------------------------------------------------ from the reader thread (via the loop)

    boolean post(Runnable r) {
        try {
            loop.addCallback(r);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    void onChunk(byte[] bytes, int length) {
        arrived.addLast(new Chunk(bytes, length));
        arrivedBytes += length;
        peakBuffered = Math.max(peakBuffered, bufferedBytes());
        pump();
    }

    void onEnd(Throwable error) {
        atEnd = true;
        failure = error;
        pump();
        ended.tryComplete(null);
    }

    /** Completes when the end (or an error) has arrived on the loop, after every chunk. */
    Future<Void> ended() {
        return ended;
    }

    /** The child exited: let the reader finish without waiting for us (see {@link ChunkPool}). */
    void sourceExited() {
        pool.stopLimiting();
    }

    /** Starts the helper thread that reads {@code in}. Called on the thread that started the child. */
    void startReader(java.io.InputStream in) {
        HelperThreads.start("eddy-" + name.replace(' ', '-'), new ChunkReader(in, this, pool));
    }

    // ------------------------------------------------------------------ matching reads to bytes

    /** Serves the pending read from what has arrived, as far as possible. */
    private void pump() {
        Read r = pending;
        if (r == null) {
            return;
        }
        Object result;
        try {
            result = serve(r);
        } catch (RuntimeException e) {
            pending = null;
            r.promise.tryFail(e);
            return;
        }
        if (result != null) {
            pending = null;
            r.promise.tryComplete(result);
        }
    }

    /** The result for {@code r} if it can be given now, else null (wait for more). */
    private Object serve(Read r) {
        switch (r.kind) {
            case UNTIL:
                while (true) {
                    int at = working.indexOf(r.delimiter, r.searchFrom);
                    if (at >= 0) {
                        return working.take(at + r.delimiter.length);
                    }
                    if (working.size() > r.n) {
                        throw new IllegalStateException("no delimiter within " + r.n + " bytes of " + name);
                    }
                    r.searchFrom = Math.max(0, working.size() - r.delimiter.length + 1);
                    if (!moveOneChunk()) {
                        return atEndOrWait("the delimiter");
                    }
                }
            case BYTES:
                while (working.size() < r.n) {
                    if (!moveOneChunk()) {
                        return atEndOrWait(r.n + " bytes");
                    }
                }
                return working.take(r.n);
            case AT_MOST:
                if (working.size() > 0) {
                    return working.take(Math.min(r.n, working.size()));
                }
                if (!arrived.isEmpty()) {
                    return takeFromChunk(r.n);
                }
                return atEnd ? endResult(EMPTY) : null;
            case TO_END:
                while (moveOneChunk()) {
                    if (working.size() > r.n) {
                        throw new IllegalStateException(name + " is longer than " + r.n + " bytes");
                    }
                }
                return atEnd ? endResult(working.take(working.size())) : null;
            case EACH:
                if (working.size() > 0) {
                    byte[] b = working.take(working.size());
                    r.total += b.length;
                    r.sink.accept(ByteBuffer.wrap(b).asReadOnlyBuffer());
                }
                for (Chunk c; (c = arrived.pollFirst()) != null; ) {
                    int len = c.end - c.start;
                    arrivedBytes -= len;
                    r.total += len;
                    try {
                        r.sink.accept(ByteBuffer.wrap(c.bytes, c.start, len).asReadOnlyBuffer());
                    } finally {
                        pool.give(c.bytes);
                    }
                }
                return atEnd ? endResult(r.total) : null;
            default:
                throw new AssertionError(r.kind);
        }
    }

    /** Moves the oldest arrived chunk into the working buffer; false if none is there. */
    private boolean moveOneChunk() {
        Chunk c = arrived.pollFirst();
        if (c == null) {
            return false;
        }
        working.append(c.bytes, c.start, c.end - c.start);
        arrivedBytes -= c.end - c.start;
        pool.give(c.bytes);
        return true;
    }

    private byte[] takeFromChunk(int max) {
        Chunk c = arrived.peekFirst();
        int len = Math.min(max, c.end - c.start);
        byte[] out = java.util.Arrays.copyOfRange(c.bytes, c.start, c.start + len);
        c.start += len;
        arrivedBytes -= len;
        if (c.start == c.end) {
            arrived.pollFirst();
            pool.give(c.bytes);
        }
        return out;
    }

    /** For reads that need more bytes: wait, or at the end fail with EOF (or the read error). */
    private Object atEndOrWait(String what) {
        if (!atEnd) {
            return null;
        }
        if (failure != null) {
            throw wrap(failure);
        }
        throw new UncheckedIOException(new EOFException(name + " ended before " + what
                + " (" + working.size() + " unread bytes remain)"));
    }

    /** For reads that are satisfied by the end: the result, unless the end was an error. */
    private Object endResult(Object result) {
        if (failure != null) {
            throw wrap(failure);
        }
        return result;
    }

    private RuntimeException wrap(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof IOException io) {
            return new UncheckedIOException(name + " failed: " + io.getMessage(), io);
        }
        return new IllegalStateException(name + " failed", t);
    }

    @Override
    public String toString() {
        return name;
    }
}
