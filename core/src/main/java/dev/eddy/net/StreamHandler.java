package dev.eddy.net;

import dev.eddy.Future;

/**
 * What a {@link TcpServer} does with each accepted connection, wrapped in an
 * {@link IOStream} (Tornado's {@code handle_stream}). Runs on the stream's loop thread.
 * It may return a future for the connection's life (or null); its failure is logged.
 * The handler owns the stream: close it when done.
 */
@FunctionalInterface
public interface StreamHandler {

    /**
     * Takes over one accepted connection as a stream; returns a future for its life, or null.
     *
     * @param stream the connection, registered on its loop; this call runs on that loop's thread
     * @return a future that completes when the connection is done with, or null
     * @throws Exception when the handler cannot take the connection; it is logged and the stream
     *     closed
     */
    Future<?> handle(IOStream stream) throws Exception;
}
