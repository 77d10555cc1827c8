package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;

import java.time.Duration;

/**
 * How an {@link HttpClient} opens a connection. The client's own way is TCP, with TLS for
 * {@code https} ({@link dev.eddy.net.TcpClient}); this is the seam for running the client
 * over something else, above all the in-memory connections of
 * {@code dev.eddy.testing.SimulatedNetwork}, where a test drives client and server on one
 * loop on virtual time and replays a failure from its seed:
 *
 * <pre>{@code
 * HttpClient client = HttpClient.withConnector(loop, ClientOptions.defaults(),
 *         (origin, timeout, options) -> net.connectStream(origin.host(), origin.port(), options));
 * }</pre>
 *
 * <p>Everything else (pooling, timeouts, retries, redirects) stays the client's. Called on the
 * client's loop thread.
 */
@FunctionalInterface
public interface Connector {

    /**
     * Opens a connection to {@code origin}.
     *
     * @param origin where to connect: scheme, host and port as the URL says
     * @param timeout the client's connect timeout; the future should fail within it
     * @param options the stream options the client's connections use
     * @return a future completing with the connected stream, on the client's loop, or failing
     *     with why it could not be opened
     */
    Future<IOStream> connect(Origin origin, Duration timeout, StreamOptions options);
}
