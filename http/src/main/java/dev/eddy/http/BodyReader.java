package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.HttpProtocolException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The request-body half of a {@link HttpConnection}: frames the body (by Content-Length or
 * with a {@link ChunkedDecoder}) and hands its bytes to whoever asked: a pending
 * {@link RequestBody#read()}, a {@link RequestBody#readAll()} accumulating the whole body,
 * or nobody (skipping the rest of a body the handler did not want).
 *
 * <p>When nobody has asked, it takes nothing: the connection holds the bytes and stops
 * reading the socket, which is the back-pressure a streaming upload needs. The first read
 * is the moment to send {@code 100 Continue} if the client is waiting for it
 * ({@link #continueDue()}).
 *
 * <p>It changes nothing of the connection's: {@link #deliver} says whether it took bytes and
 * {@link #isDone()} whether the body is complete, and the connection moves on from that.
 *
 * <p>Loop thread only.
 */
final class BodyReader {

    /** An unread body up to this size is read and dropped after the response, and the connection kept. */
    static final long SKIP_LIMIT = 256 * 1024;
    /**
     * An unread body larger than {@link #SKIP_LIMIT}, up to this size, is read and dropped too,
     * and the connection closed afterwards: closed with the body's bytes unread, the socket
     * would be reset (a kernel answers unread bytes with RST, not FIN), and a client still
     * sending would get the reset instead of the answer. A larger one closes at once.
     */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private static final int IDLE = 0;
    private static final int ONE = 1;
    private static final int ALL = 2;
    private static final int SKIP = 3;

    private final IOLoop loop;
    private final HttpLimits limits;
    private ChunkedDecoder decoder;
    /** Of the body being read: framed in chunks (else by its length), and the client waits for {@code 100 Continue}. */
    private boolean chunked;
    private boolean expectContinue;
    private long remaining;
    private boolean done = true;
    private int mode;
    private Promise<ByteBuffer> pendingRead;
    private Promise<byte[]> pendingAll;
    private byte[] all;
    private int allLen;
    private boolean continueSent;
    private long waitStart;
    private HttpHeaders trailers;

    BodyReader(IOLoop loop, HttpLimits limits) {
        this.loop = loop;
        this.limits = limits;
    }

    /**
     * A new request's body begins.
     *
     * @param contentLength its declared length (0 for none; ignored when chunked)
     * @param chunked       framed in chunks rather than by its length
     * @param expectContinue the client waits for {@code 100 Continue} before sending it
     */
    void begin(long contentLength, boolean chunked, boolean expectContinue) {
        this.chunked = chunked;
        this.expectContinue = expectContinue;
        remaining = contentLength;
        done = !chunked && contentLength <= 0;
        mode = IDLE;
        continueSent = false;
        trailers = null;
        all = null;
        allLen = 0;
        if (chunked) {
            if (decoder == null) {
                decoder = new ChunkedDecoder(limits);
            }
            decoder.reset();
        }
    }

    boolean isDone() {
        return done;
    }

    /** True when someone waits for body bytes (a read, or skipping): the body timeout runs. */
    boolean isWaitingForData() {
        return !done && mode != IDLE;
    }

    long waitStart() {
        return waitStart;
    }

    /** The rest of the body may be read and dropped and the connection kept, rather than closed. */
    boolean canSkip() {
        return !clientWaitsForContinue() && (chunked || remaining <= SKIP_LIMIT);
    }

    /** The rest of the body is read and dropped before the connection closes ({@link #DRAIN_LIMIT}). */
    boolean canDrain() {
        return !clientWaitsForContinue() && (chunked || remaining <= DRAIN_LIMIT);
    }

    /** The client sent {@code Expect: 100-continue} and no invitation went out: it holds the body back. */
    private boolean clientWaitsForContinue() {
        return expectContinue && !continueSent;
    }

    /** The response is complete: the rest of the body is read and dropped from now on. */
    void skipRest(long now) {
        failPending(new IllegalStateException("the response is complete; the rest of the body is discarded"));
        mode = SKIP;
        waitStart = now;
    }

    /**
     * Gives body bytes from {@code in} to whoever asked.
     *
     * @param now the loop time, when the body timeout's count restarts
     * @return true when it made progress (call again), false when it needs more input or
     *         nobody wants the bytes
     */
    boolean deliver(ByteBuffer in, long now) throws HttpProtocolException {
        if (done || mode == IDLE || !in.hasRemaining()) {
            return false;
        }
        int n;
        boolean end;
        if (chunked) {
            int r = decoder.read(in);
            end = r < 0;
            n = Math.max(r, 0);
        } else {
            n = (int) Math.min(remaining, in.remaining());
            remaining -= n;
            end = remaining == 0;
        }
        if (n > 0) {
            waitStart = now;
            take(in, n);
        }
        if (end) {
            finish();
        }
        return n > 0 || end;
    }

    private void take(ByteBuffer in, int n) {
        switch (mode) {
            case ONE -> {
                ByteBuffer piece = ByteBuffer.allocate(n);
                int limit = in.limit();
                in.limit(in.position() + n);
                piece.put(in).flip();
                in.limit(limit);
                Promise<ByteBuffer> p = pendingRead;
                pendingRead = null;
                mode = IDLE;            // one piece per read: the handler asks for the next
                p.tryComplete(piece);
            }
            case ALL -> {
                if (allLen + n > all.length) {
                    all = Arrays.copyOf(all, Math.max(all.length * 2, allLen + n));
                }
                in.get(all, allLen, n);
                allLen += n;
            }
            default -> in.position(in.position() + n);     // SKIP
        }
    }

    private void finish() {
        done = true;
        trailers = chunked ? decoder.trailers() : null;
        Promise<ByteBuffer> one = pendingRead;
        Promise<byte[]> whole = pendingAll;
        pendingRead = null;
        pendingAll = null;
        mode = IDLE;
        if (one != null) {
            one.tryComplete(null);
        }
        if (whole != null) {
            whole.tryComplete(allLen == all.length ? all : Arrays.copyOf(all, allLen));
        }
        all = null;
    }

    /** The connection failed or closed: pending reads fail with {@code cause}. */
    void failed(Exception cause) {
        failPending(cause);
        mode = IDLE;
    }

    private void failPending(Exception cause) {
        Promise<ByteBuffer> one = pendingRead;
        Promise<byte[]> whole = pendingAll;
        pendingRead = null;
        pendingAll = null;
        all = null;
        if (one != null) {
            one.tryFail(cause);
        }
        if (whole != null) {
            whole.tryFail(cause);
        }
    }

    // ---------------------------------------------------------------- the handler's reads (through the connection)

    /** A read or readAll of this body waits for bytes. */
    boolean hasPendingRead() {
        return pendingRead != null || pendingAll != null;
    }

    /** The next piece of the body, or null at its end; the connection checked the read is allowed. */
    Future<ByteBuffer> read() {
        if (done) {
            return Future.succeeded(loop, null);
        }
        pendingRead = new Promise<>(loop);
        Future<ByteBuffer> f = pendingRead;
        startWaiting(ONE);
        return f;
    }

    /** The whole body at its end; the connection checked the read is allowed. */
    Future<byte[]> readAll() {
        if (done) {
            return Future.succeeded(loop, new byte[0]);
        }
        all = new byte[chunked ? 8192 : (int) Math.min(remaining, Integer.MAX_VALUE - 8)];
        allLen = 0;
        pendingAll = new Promise<>(loop);
        Future<byte[]> f = pendingAll;
        startWaiting(ALL);
        return f;
    }

    private void startWaiting(int newMode) {
        mode = newMode;
        waitStart = loop.time();
    }

    /**
     * True once, at the first read, when the client sent {@code Expect: 100-continue}: the
     * connection sends {@code 100 Continue} then, and the client its body.
     */
    boolean continueDue() {
        if (expectContinue && !continueSent) {
            continueSent = true;
            return true;
        }
        return false;
    }

    /** The trailer fields of a chunked body that has ended, or null. */
    HttpHeaders trailers() {
        return trailers;
    }
}
