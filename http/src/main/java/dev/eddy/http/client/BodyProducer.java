package dev.eddy.http.client;

/**
 * Produces a request body piece by piece, for bodies that are not all in memory (a file, a
 * stream from elsewhere). Called once, on the loop thread, after the request head was
 * written; it writes to the {@link BodySink} now or from later callbacks and ends it.
 *
 * <p>Back-pressure: {@link BodySink#write} returns a future that completes once the socket
 * has taken the bytes (or the write queue drained below its low-water mark). A producer that
 * waits for it before writing more never makes the client buffer more than one write queue.
 *
 * <pre>{@code
 * BodyProducer producer = sink -> Coroutine.async(loop, () -> {
 *     for (byte[] piece : pieces) Coroutine.await(sink.write(piece));
 *     sink.end();
 *     return null;
 * });
 * }</pre>
 *
 * A streamed body cannot be sent twice, so such a request is never retried and a 307/308
 * redirect of it is returned as it is instead of followed.
 */
@FunctionalInterface
public interface BodyProducer {

    /**
     * Starts producing the body; called once, on the loop thread, after the request head.
     *
     * @param sink where the body goes; end it after the last write, or fail it
     */
    void produce(BodySink sink);
}
