package dev.eddy.net;

import java.time.Duration;

/**
 * How an {@link IOStream} buffers and times out. Start from {@link #defaults()} and change
 * what you need: {@code StreamOptions.defaults().withIdleTimeout(Duration.ofSeconds(60))}.
 *
 * @param maxReadBuffer   most bytes a stream keeps of its own while a read is unsatisfied
 *                        (the largest {@code readUntil} maximum, {@code readBytes} length or
 *                        {@code readUntilClose} result); default 64 MiB
 * @param writeHighWater  when the write queue holds more than this, write futures complete
 *                        only once it has drained to {@code writeLowWater} (back-pressure);
 *                        default 1 MiB
 * @param writeLowWater   see {@code writeHighWater}; default 256 KiB
 * @param maxWriteBuffer  a write that would make the queue hold more than this fails with
 *                        {@link BufferFullException} and sends nothing; default 64 MiB
 * @param readTimeout     how long one read may wait for bytes before the stream closes with
 *                        a {@link StreamTimeoutException}; null (the default) means no limit
 * @param idleTimeout     close the stream after this long without any bytes read or written;
 *                        null (the default) means never
 * @param noDelay         set TCP_NODELAY (send small writes at once, no Nagle delay);
 *                        default true, as for every request/response protocol
 */
public record StreamOptions(int maxReadBuffer, int writeHighWater, int writeLowWater, long maxWriteBuffer,
                            Duration readTimeout, Duration idleTimeout, boolean noDelay) {

    private static final StreamOptions DEFAULTS = new StreamOptions(64 << 20, 1 << 20, 256 << 10, 64L << 20,
            null, null, true);

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param maxReadBuffer most bytes held for an unsatisfied read; positive
     * @param writeHighWater the write queue size above which write futures wait; at least
     *     {@code writeLowWater}
     * @param writeLowWater the write queue size the futures wait for; 0 or more
     * @param maxWriteBuffer the largest write queue allowed; at least {@code writeHighWater}
     * @param readTimeout how long one read may wait, positive, or null for no limit
     * @param idleTimeout how long the stream may be idle, positive, or null for never
     * @param noDelay whether to set TCP_NODELAY
     */
    public StreamOptions {
        if (maxReadBuffer <= 0) {
            throw new IllegalArgumentException("maxReadBuffer must be positive: " + maxReadBuffer);
        }
        if (writeLowWater < 0 || writeHighWater < writeLowWater) {
            throw new IllegalArgumentException("need 0 <= writeLowWater <= writeHighWater, got "
                    + writeLowWater + " and " + writeHighWater);
        }
        if (maxWriteBuffer < writeHighWater) {
            throw new IllegalArgumentException("maxWriteBuffer (" + maxWriteBuffer + ") is below writeHighWater ("
                    + writeHighWater + ")");
        }
        checkPositive("readTimeout", readTimeout);
        checkPositive("idleTimeout", idleTimeout);
    }

    private static void checkPositive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be positive or null: " + d);
        }
    }

    /**
     * The defaults listed in the class comment.
     *
     * @return the shared default options
     */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with {@code maxReadBuffer} replaced; see the class comment.
     *
     * @param bytes most bytes held for an unsatisfied read; positive
     * @return a copy with that limit
     */
    public StreamOptions withMaxReadBuffer(int bytes) {
        return new StreamOptions(bytes, writeHighWater, writeLowWater, maxWriteBuffer, readTimeout, idleTimeout, noDelay);
    }

    /**
     * Sets both water marks of the write queue.
     *
     * @param lowWater the write queue size the futures wait for; 0 or more
     * @param highWater the size above which write futures wait; at least {@code lowWater}
     * @return a copy with those water marks, {@code maxWriteBuffer} raised to {@code highWater} if
     *     it was lower
     */
    public StreamOptions withWriteWaterMarks(int lowWater, int highWater) {
        return new StreamOptions(maxReadBuffer, highWater, lowWater, Math.max(maxWriteBuffer, highWater),
                readTimeout, idleTimeout, noDelay);
    }

    /**
     * A copy with {@code maxWriteBuffer} replaced; see the class comment.
     *
     * @param bytes the largest write queue allowed; at least {@code writeHighWater}
     * @return a copy with that limit
     */
    public StreamOptions withMaxWriteBuffer(long bytes) {
        return new StreamOptions(maxReadBuffer, writeHighWater, writeLowWater, bytes, readTimeout, idleTimeout, noDelay);
    }

    /**
     * A copy with {@code readTimeout} replaced; see the class comment.
     *
     * @param timeout how long one read may wait, positive, or null for no limit
     * @return a copy with that timeout
     */
    public StreamOptions withReadTimeout(Duration timeout) {
        return new StreamOptions(maxReadBuffer, writeHighWater, writeLowWater, maxWriteBuffer, timeout, idleTimeout, noDelay);
    }

    /**
     * A copy with {@code idleTimeout} replaced; see the class comment.
     *
     * @param timeout how long the stream may be idle, positive, or null for never
     * @return a copy with that timeout
     */
    public StreamOptions withIdleTimeout(Duration timeout) {
        return new StreamOptions(maxReadBuffer, writeHighWater, writeLowWater, maxWriteBuffer, readTimeout, timeout, noDelay);
    }

    /**
     * A copy with {@code noDelay} replaced; see the class comment.
     *
     * @param on whether to set TCP_NODELAY
     * @return a copy with that setting
     */
    public StreamOptions withNoDelay(boolean on) {
        return new StreamOptions(maxReadBuffer, writeHighWater, writeLowWater, maxWriteBuffer, readTimeout, idleTimeout, on);
    }
}
