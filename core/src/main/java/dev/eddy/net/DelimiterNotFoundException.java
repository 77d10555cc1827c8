package dev.eddy.net;

/**
 * {@link IOStream#readUntil} saw {@code maxBytes} bytes without the delimiter.
 *
 * <p>Unlike Tornado (which closes the stream, its issue #2507), Eddy fails only this read
 * and leaves the stream open with the bytes it scanned still buffered, so the caller
 * decides: answer "431 Request Header Fields Too Large" and close, skip the bytes with
 * {@link IOStream#readBytes}, or simply {@link IOStream#close()}.
 */
public class DelimiterNotFoundException extends RuntimeException {

    /** The most bytes the read was allowed to look through. */
    private final int maxBytes;

    /**
     * The delimiter was not within the first {@code maxBytes} bytes.
     *
     * @param maxBytes the most bytes the read was allowed to look through
     */
    public DelimiterNotFoundException(int maxBytes) {
        super("delimiter not found within " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    /**
     * The limit the read was given.
     *
     * @return the most bytes the read was allowed to look through
     */
    public int maxBytes() {
        return maxBytes;
    }
}
