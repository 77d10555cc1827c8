package dev.eddy.http.client;

/**
 * A response body is larger than the client accepts: {@link ClientOptions#maxBodyBytes()} for
 * bodies kept in memory, {@link ClientOptions#maxDecompressedBytes()} after gzip/deflate
 * decoding (a small compressed body can inflate to gigabytes: a "zip bomb"). The connection
 * is closed. Use a streaming request ({@link ClientRequest.Builder#stream}) for big bodies.
 */
public class BodyTooLargeException extends RuntimeException {

    /** The limit that was crossed, in bytes. */
    private final long limit;

    /**
     * An exception for a body that crossed {@code limit}.
     *
     * @param message says which body and which limit
     * @param limit the limit that was crossed, in bytes
     */
    public BodyTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /**
     * The limit that was crossed, in bytes.
     *
     * @return the limit in bytes: {@link ClientOptions#maxBodyBytes()} or
     *     {@link ClientOptions#maxDecompressedBytes()}
     */
    public long limit() {
        return limit;
    }
}
