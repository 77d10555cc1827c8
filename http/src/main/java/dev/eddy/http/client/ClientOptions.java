package dev.eddy.http.client;

import dev.eddy.http.wire.HttpLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpClient} pools connections, times out and limits what it accepts. Start
 * from {@link #defaults()} and change what you need:
 * {@code ClientOptions.defaults().withMaxConnectionsPerHost(64).withRequestTimeout(Duration.ofSeconds(5))}.
 *
 * @param maxConnectionsPerHost  open connections (connecting, busy or idle) to one origin;
 *                               default 10. Requests beyond it wait in the queue
 * @param maxConnectionsTotal    open connections to all origins together; default 100
 * @param queueTimeout           the longest a request waits in the queue for a connection
 *                               ({@link QueueTimeoutException}); default 10 s
 * @param connectTimeout         name resolution plus TCP handshake
 *                               ({@link dev.eddy.net.ConnectTimeoutException}); default 10 s
 * @param requestTimeout         the whole fetch, from the call to the last body byte, queue,
 *                               connect and redirects included ({@link RequestTimeoutException});
 *                               default 60 s. A request can set its own
 * @param idleTimeout            an idle pooled connection is closed after this long; default 60 s
 *                               (keep it below the server's keep-alive timeout)
 * @param maxBodyBytes           largest body (as received) kept in memory
 *                               ({@link BodyTooLargeException}); default 16 MiB. Stream bigger ones
 * @param maxDecompressedBytes   largest body after gzip/deflate decoding, the zip-bomb guard;
 *                               default 64 MiB
 * @param decompress             send {@code Accept-Encoding: gzip, deflate} and decode the answer;
 *                               default true (as in Tornado)
 * @param maxRedirects           redirects followed before {@link TooManyRedirectsException};
 *                               default 5; 0 returns redirect responses as they are
 * @param userAgent              the User-Agent header sent unless a request sets one; null for none
 * @param limits                 status line, header size and count limits for responses (the
 *                               body limit in it is not used: see {@code maxBodyBytes}); default
 *                               {@link HttpLimits#defaults()} with a 64 KiB header section
 *                               ({@link #DEFAULT_MAX_RESPONSE_HEADER_BYTES}), because real services
 *                               send large cookies and Content-Security-Policy headers (curl
 *                               allows 100 KiB); change it with {@link #withMaxResponseHeaderBytes}
 * @param unixSocket             null (the default) to connect over TCP to the URL's host and port;
 *                               a path to send every request to the Unix-domain socket there
 *                               instead, as {@code curl --unix-socket PATH} does: the URL still
 *                               gives the Host header, the path and the scheme (https is TLS over
 *                               the socket, the certificate checked against the URL's host)
 */
public record ClientOptions(int maxConnectionsPerHost, int maxConnectionsTotal, Duration queueTimeout,
                            Duration connectTimeout, Duration requestTimeout, Duration idleTimeout,
                            long maxBodyBytes, long maxDecompressedBytes, boolean decompress, int maxRedirects,
                            String userAgent, HttpLimits limits, Path unixSocket) {

    /** The default limit on a response's header section: 64 KiB. */
    public static final int DEFAULT_MAX_RESPONSE_HEADER_BYTES = 64 << 10;

    private static final ClientOptions DEFAULTS = new ClientOptions(10, 100, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 16L << 20, 64L << 20,
            true, 5, "eddy", HttpLimits.defaults().withMaxHeaderBytes(DEFAULT_MAX_RESPONSE_HEADER_BYTES), null);

    /**
     * Checks the components.
     *
     * @param maxConnectionsPerHost the most open connections to one origin; positive
     * @param maxConnectionsTotal the most open connections to all origins; positive
     * @param queueTimeout the longest a request waits for a connection; positive
     * @param connectTimeout the longest a connection may take to open; positive
     * @param requestTimeout the longest a whole fetch may take; positive
     * @param idleTimeout how long an idle pooled connection is kept; positive
     * @param maxBodyBytes the largest body kept in memory; positive
     * @param maxDecompressedBytes the largest body after decoding; positive
     * @param decompress whether to ask for and decode gzip and deflate
     * @param maxRedirects the most redirects followed; 0 or more
     * @param userAgent the default User-Agent, or null for none
     * @param limits the response line and header limits; not null
     * @param unixSocket the Unix-domain socket every connection goes to, or null for TCP
     * @throws IllegalArgumentException when a limit or timeout is out of range
     */
    public ClientOptions {
        if (maxConnectionsPerHost <= 0 || maxConnectionsTotal <= 0) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        positive("queueTimeout", queueTimeout);
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        positive("idleTimeout", idleTimeout);
        if (maxBodyBytes <= 0 || maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("body limits must be positive");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
        }
        Objects.requireNonNull(limits, "limits");
    }

    static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * The defaults given in the class comment.
     *
     * @return the shared default options
     */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with {@code maxConnectionsPerHost} replaced (and the total raised to it if it was
     * lower).
     *
     * @param n the most open connections to one origin; positive
     * @return the copy
     */
    public ClientOptions withMaxConnectionsPerHost(int n) {
        return new ClientOptions(n, Math.max(n, maxConnectionsTotal), queueTimeout, connectTimeout, requestTimeout,
                idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code maxConnectionsTotal} replaced.
     *
     * @param n the most open connections to all origins; positive
     * @return the copy
     */
    public ClientOptions withMaxConnectionsTotal(int n) {
        return new ClientOptions(maxConnectionsPerHost, n, queueTimeout, connectTimeout, requestTimeout,
                idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code queueTimeout} replaced.
     *
     * @param d the longest a request waits for a connection; positive
     * @return the copy
     */
    public ClientOptions withQueueTimeout(Duration d) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, d, connectTimeout, requestTimeout,
                idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code connectTimeout} replaced.
     *
     * @param d the longest a connection may take to open; positive
     * @return the copy
     */
    public ClientOptions withConnectTimeout(Duration d) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, d, requestTimeout,
                idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code requestTimeout} replaced.
     *
     * @param d the longest a whole fetch may take; positive
     * @return the copy
     */
    public ClientOptions withRequestTimeout(Duration d) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout, d,
                idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code idleTimeout} replaced.
     *
     * @param d how long an idle pooled connection is kept; positive
     * @return the copy
     */
    public ClientOptions withIdleTimeout(Duration d) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, d, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code maxBodyBytes} replaced.
     *
     * @param n the largest body kept in memory, in bytes; positive
     * @return the copy
     */
    public ClientOptions withMaxBodyBytes(long n) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, n, maxDecompressedBytes, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code maxDecompressedBytes} replaced.
     *
     * @param n the largest body after decoding, in bytes; positive
     * @return the copy
     */
    public ClientOptions withMaxDecompressedBytes(long n) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, n, decompress, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code decompress} replaced.
     *
     * @param on whether to ask for and decode gzip and deflate
     * @return the copy
     */
    public ClientOptions withDecompress(boolean on) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, maxDecompressedBytes, on, maxRedirects, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code maxRedirects} replaced.
     *
     * @param n the most redirects followed; 0 returns redirect responses as they are
     * @return the copy
     */
    public ClientOptions withMaxRedirects(int n) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, n, userAgent, limits, unixSocket);
    }

    /**
     * A copy with {@code userAgent} replaced.
     *
     * @param ua the User-Agent sent unless a request sets one, or null for none
     * @return the copy
     */
    public ClientOptions withUserAgent(String ua) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, ua, limits, unixSocket);
    }

    /**
     * The largest response header section accepted ({@link MalformedResponseException} beyond it).
     *
     * @param n the most bytes of a response's header section; positive
     * @return a copy with that limit
     */
    public ClientOptions withMaxResponseHeaderBytes(int n) {
        return withLimits(limits.withMaxHeaderBytes(n));
    }

    /**
     * A copy with {@code limits} replaced.
     *
     * @param l the response line and header limits; its body limit is not used
     * @return the copy
     */
    public ClientOptions withLimits(HttpLimits l) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent, l, unixSocket);
    }

    /**
     * A copy that sends every request to the Unix-domain socket at {@code path} (like
     * {@code curl --unix-socket PATH}); null goes back to TCP.
     *
     * @param path the socket's path, or null for TCP to the URL's host
     * @return the copy
     */
    public ClientOptions withUnixSocket(Path path) {
        return new ClientOptions(maxConnectionsPerHost, maxConnectionsTotal, queueTimeout, connectTimeout,
                requestTimeout, idleTimeout, maxBodyBytes, maxDecompressedBytes, decompress, maxRedirects, userAgent,
                limits, path);
    }
}
