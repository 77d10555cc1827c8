package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * The read side of an {@link IOStream}: the bytes it received but nobody has read yet, and
 * the one read they serve ({@link PendingRead}). Every public read of the stream comes here.
 *
 * <p>A read is served in three steps, cheapest first: from the bytes already buffered; by
 * reading the socket right away; and only if that is not enough, by asking for
 * {@code OP_READ} and waiting (with the read timeout, if the stream has one). A socket read
 * that came back short means the kernel had nothing more: the socket is not asked again
 * (step 2 is skipped, and a read still pending waits) until readiness is reported, since
 * asking would cost a system call that finds nothing. The socket is
 * read into the loop-wide {@link IOLoop#readBuffer()}, and a complete message is served from
 * there without a copy; the stream keeps bytes of its own ({@code buffered}) only for what the
 * read could not take: the start of an incomplete message, or what arrived after the end of
 * the one just read. With no read pending and nothing left over it holds no buffer at all.
 *
 * <p>It exists apart from {@code IOStream} because reading is the stream's largest idea and
 * shares almost nothing with writing and connecting: it needs from the stream only its loop,
 * transport and options, and the ways to change interest, mark activity and close
 * ({@link IOStream#close(Throwable)}: a read that meets the end, an error or the read timeout
 * closes the whole stream, and the stream then calls {@link #settleOnClose} here).
 *
 * <p>Loop thread only. Allocates per read only the read's promise and its result; never
 * keeps a reference to the loop's read buffer after a call returns (the next connection
 * reads into it).
 */
final class StreamInput {

    /** Socket reads per readiness event: 16 x 64 KiB, then other connections get a turn. */
    private static final int MAX_READS_PER_EVENT = 16;

    private final IOStream stream;

    /** Bytes received but not yet read, in read mode; null when there are none. */
    private ByteBuffer buffered;

    /** The read in progress, if any (one object, reused for every read). */
    private final PendingRead read = new PendingRead();

    /**
     * The last socket read came back short (or empty): the kernel had nothing more then, so a
     * read started now waits for readiness instead of asking the socket again, which would
     * almost always cost a system call that finds nothing (a client reading the response
     * right after writing its request, say). OP_READ is level-triggered, so bytes that come
     * meanwhile are reported by the next select; a transport that holds bytes of its own (a
     * TLS one with records left over) reports them itself, as its contract says.
     */
    private boolean drained;

    StreamInput(IOStream stream) {
        this.stream = stream;
    }

    // ------------------------------------------------------------------ the reads (IOStream's public ones)

    Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
        checkCanRead();
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        checkLimit(maxBytes);
        read.delimiter = delimiter;     // not copied (an idle connection should cost nothing): don't change it
        read.limit = maxBytes;
        return start(PendingRead.UNTIL, false);
    }

    Future<byte[]> readBytes(int n, boolean partial) {
        checkCanRead();
        if (n < 0) {
            throw new IllegalArgumentException("negative length " + n);
        }
        checkLimit(n);
        read.limit = n;
        return start(PendingRead.BYTES, partial);
    }

    Future<Integer> readInto(ByteBuffer dst, boolean partial) {
        checkCanRead();
        read.target = Objects.requireNonNull(dst, "dst");
        return start(PendingRead.INTO, partial);
    }

    Future<byte[]> readUntilClose() {
        checkCanRead();
        return start(PendingRead.UNTIL_CLOSE, false);
    }

    boolean isReading() {
        return read.isPending();
    }

    int bufferedBytes() {
        return buffered == null ? 0 : buffered.remaining();
    }

    private void checkLimit(int n) {
        int max = stream.options().maxReadBuffer();
        if (n > max) {
            throw new IllegalArgumentException("read of " + n + " bytes exceeds maxReadBuffer " + max);
        }
    }

    private void checkCanRead() {
        stream.loop().checkLoopThread("IOStream read");
        if (read.isPending()) {
            throw new IllegalStateException("a read is already pending on this stream: wait for it before starting another");
        }
    }

    // ------------------------------------------------------------------ serving a read

    /** Serves a read whose parameters the caller has set (after checkCanRead). */
    private <T> Future<T> start(byte kind, boolean partial) {
        Future<T> f = read.start(stream.loop(), kind, partial);
        if (read.isPending() && buffered != null) {     // 1. what is buffered
            read.serve(buffered);
            releaseIfEmpty();
        }
        if (read.isPending()) {
            if (stream.isClosed()) {
                settleOnClose();
            } else {
                if (!drained) {
                    readFromSocket();                   // 2. what the kernel has right now
                }
                if (read.isPending() && !stream.isClosed()) {
                    waitForReadable();                  // 3. wait
                }
            }
        }
        return f;
    }

    private void waitForReadable() {
        stream.readiness().addInterest(SelectionKey.OP_READ);
        StreamOptions options = stream.options();
        if (options.readTimeout() != null && read.timer == null) {
            read.timer = stream.loop().callLater(options.readTimeout(), () -> {
                read.timer = null;
                stream.close(new StreamTimeoutException("no data for " + options.readTimeout() + " while reading"));
            });
        }
    }

    /**
     * Reads the socket into the loop's buffer until the pending read is satisfied, the
     * socket has nothing more right now, or the per-event limit is reached. With no read
     * pending (someone watches the close), keeps what arrives. Called when the transport
     * reports readiness, and when a read starts unless the last socket read was short.
     */
    void readFromSocket() {
        ByteBuffer buf = stream.loop().readBuffer();
        Transport transport = stream.transport();
        int maxReadBuffer = stream.options().maxReadBuffer();
        for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
            buf.clear();
            int n;
            try {
                n = transport.read(buf);
            } catch (IOException e) {
                stream.close(e);
                return;
            }
            if (n == 0) {
                drained = true;
                return;
            }
            if (n < 0) {
                stream.close(new EOFException("the peer closed the connection"));
                return;
            }
            stream.touched();
            drained = buf.hasRemaining();           // short: the kernel had no more right now
            buf.flip();
            if (!read.isPending()) {                // watching for close only
                buffered = ByteBuffers.append(buffered, buf);
                if (buffered.remaining() >= maxReadBuffer) {
                    stream.readiness().removeInterest(SelectionKey.OP_READ);
                }
                return;
            }
            if (buffered != null) {                 // an incomplete message is waiting: join it
                buffered = ByteBuffers.append(buffered, buf);
                read.serve(buffered);
                releaseIfEmpty();
            } else {                                // fast path: serve from the loop buffer
                read.serve(buf);
                buffered = ByteBuffers.append(null, buf);
            }
            if (!read.isPending()) {
                // OP_READ stays on: the caller usually reads again at once, and turning it off
                // and on would cost two system calls per message. The stream's onReady turns it
                // off if data comes while nothing is pending.
                return;
            }
            if (read.kind == PendingRead.UNTIL_CLOSE && bufferedBytes() > maxReadBuffer) {
                stream.close(new BufferFullException("readUntilClose: more than maxReadBuffer ("
                        + maxReadBuffer + ") bytes"));
                return;
            }
            if (drained) {
                return;     // asking again would find nothing: the next select says when more comes
            }
        }
    }

    /**
     * A write failed and the stream is about to close with that error: first read what the
     * socket still holds, so it does not go down with the socket. This is the answer of a
     * peer that replied before it read the whole request and then closed (its kernel resets
     * the connection over the unread bytes, and the next write here fails): the answer arrived
     * before the reset, and a write error says nothing about it. A pending read is served from
     * it; the rest stays buffered, readable after the close. Bounded like one readiness event;
     * never closes the stream itself (the write's error is the reason).
     */
    void keepWhatArrived() {
        ByteBuffer buf = stream.loop().readBuffer();
        Transport transport = stream.transport();
        for (int i = 0; i < MAX_READS_PER_EVENT && bufferedBytes() < stream.options().maxReadBuffer(); i++) {
            buf.clear();
            try {
                if (transport.read(buf) <= 0) {
                    return;
                }
            } catch (IOException e) {
                return;                         // nothing more to have: the write's error stands
            }
            buf.flip();
            buffered = ByteBuffers.append(buffered, buf);
            if (read.isPending()) {
                read.serve(buffered);
                releaseIfEmpty();
            }
        }
    }

    private void releaseIfEmpty() {
        if (buffered != null && !buffered.hasRemaining()) {
            buffered = null;
        }
    }

    /** The stream closed with a read pending: hand over what makes sense, fail the rest. */
    void settleOnClose() {
        if (stream.closeReason() instanceof BufferFullException) {
            buffered = null;        // over the limit: drop it, do not keep it alive
        } else if (read.kind == PendingRead.UNTIL_CLOSE) {
            byte[] all = new byte[bufferedBytes()];
            if (buffered != null) {
                buffered.get(all);
                buffered = null;
            }
            read.finish(all);
            return;
        }
        ByteBuffer collected = read.takeCollected();
        if (collected != null && buffered == null) {
            buffered = collected;   // stays readable
        }
        read.fail(stream.closedException("stream closed while reading"));
    }
}
