package dev.eddy.http.body;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;

import java.nio.ByteBuffer;

/**
 * A body you receive in pieces, pushed to you as it arrives instead of buffered (Tornado's
 * {@code streaming_callback}): for big downloads, or to act on data as it arrives. The client
 * takes one with {@code ClientRequest.Builder.stream(BodyConsumer)}; the response the fetch then
 * returns has an empty body. Bodies are handed over already decoded (gzip/deflate).
 *
 * <p>Back-pressure: {@link #accept} may return a future; the client reads nothing more from
 * the socket until it completes, so a slow consumer slows the server down through TCP's own
 * flow control instead of filling memory. Called on the loop thread.
 */
@FunctionalInterface
public interface BodyConsumer {

    /**
     * Called once with the final response's status and headers, before the first chunk.
     *
     * @param status the final response's status (after redirects)
     * @param headers the final response's headers
     */
    default void start(int status, HttpHeaders headers) {
    }

    /**
     * The next piece of the body. The buffer is only valid until the returned future
     * completes (or, when this returns null, until it returns): copy what you keep.
     *
     * @param chunk the next bytes of the body, decoded when the client decompresses
     * @return null to continue at once, or a future: the next piece comes after it completes;
     *         if it fails, the fetch fails with its cause
     */
    Future<Void> accept(ByteBuffer chunk);
}
