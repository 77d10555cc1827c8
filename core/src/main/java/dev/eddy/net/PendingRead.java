package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;

import java.nio.ByteBuffer;

/**
 * The one read an {@link IOStream} may have pending: what it asked for, what it has got so
 * far, and its promise. {@link #serve} is the heart of every read: given some bytes, take
 * what this read needs and complete it when it is satisfied.
 *
 * <p>Kept in fields of one object that the stream reuses for every read (as Tornado keeps
 * them in fields of the stream), so a read allocates its promise and its result, nothing
 * else. Loop thread only.
 */
final class PendingRead {

    static final byte NONE = 0;
    static final byte UNTIL = 1;        // readUntil(delimiter, limit)
    static final byte BYTES = 2;        // readBytes(limit, partial)
    static final byte INTO = 3;         // readInto(target, partial)
    static final byte UNTIL_CLOSE = 4;  // readUntilClose()

    private static final byte[] NO_BYTES = new byte[0];

    byte kind = NONE;
    boolean partial;
    byte[] delimiter;
    int limit;              // UNTIL: max bytes; BYTES: n
    private int scanFrom;   // UNTIL: bytes already searched for the delimiter
    private byte[] result;  // BYTES (not partial): the array being filled
    ByteBuffer target;      // INTO: the caller's buffer
    private int filled;     // BYTES, INTO: bytes delivered so far
    private Promise<Object> promise;
    Timeout timer;          // the read timeout, while waiting

    boolean isPending() {
        return kind != NONE;
    }

    /** Starts a read whose parameters the caller has set; returns its future. */
    @SuppressWarnings("unchecked")
    <T> Future<T> start(IOLoop loop, byte kind, boolean partial) {
        Promise<Object> p = new Promise<>(loop);
        this.kind = kind;
        this.partial = partial;
        this.promise = p;
        if (kind == BYTES && limit == 0) {
            finish(NO_BYTES);       // nothing asked, nothing to wait for (partial or not)
        } else if (kind == BYTES && !partial) {
            result = new byte[limit];
        }
        return (Future<T>) p;
    }

    /**
     * Gives this read what it can take from {@code src} (advancing it); completes the read
     * when it is satisfied, or fails it when it cannot be.
     */
    void serve(ByteBuffer src) {
        switch (kind) {
            case UNTIL -> {
                int start = src.position();
                int at = ByteBuffers.indexOf(src, start + scanFrom, delimiter);
                int length = at < 0 ? -1 : at + delimiter.length - start;
                if (at < 0 && src.remaining() < limit) {
                    // not yet: next time, search only the new bytes (and a delimiter's width before)
                    scanFrom = Math.max(0, src.remaining() - delimiter.length + 1);
                } else if (at < 0 || length > limit) {
                    fail(new DelimiterNotFoundException(limit));
                } else {
                    byte[] line = new byte[length];
                    src.get(line);
                    finish(line);
                }
            }
            case BYTES -> {
                if (partial) {
                    int n = Math.min(limit, src.remaining());
                    if (n > 0) {
                        byte[] chunk = new byte[n];
                        src.get(chunk);
                        finish(chunk);
                    }
                } else {
                    int n = Math.min(limit - filled, src.remaining());
                    src.get(result, filled, n);
                    filled += n;
                    if (filled == limit) {
                        finish(result);
                    }
                }
            }
            case INTO -> {
                filled += ByteBuffers.transfer(src, target);
                if (!target.hasRemaining() || partial && filled > 0) {
                    finish(filled);
                }
            }
            default -> {
                // UNTIL_CLOSE takes nothing until the end; the bytes stay buffered
            }
        }
    }

    /**
     * The bytes a {@code readBytes(n)} has collected so far, or null: when the stream closes
     * before n arrived, they go back to the stream's buffer so they stay readable.
     */
    ByteBuffer takeCollected() {
        return kind == BYTES && filled > 0 ? ByteBuffer.wrap(result, 0, filled) : null;
    }

    void finish(Object value) {
        Promise<Object> p = promise;
        clear();
        p.tryComplete(value);
    }

    void fail(Throwable cause) {
        Promise<Object> p = promise;
        clear();
        p.tryFail(cause);
    }

    private void clear() {
        kind = NONE;
        promise = null;
        delimiter = null;
        result = null;
        target = null;
        filled = 0;
        scanFrom = 0;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
