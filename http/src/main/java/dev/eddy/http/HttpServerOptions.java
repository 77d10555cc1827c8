package dev.eddy.http;

import dev.eddy.http.wire.HttpLimits;

import dev.eddy.net.TcpServerOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpServer} treats its clients. Start from {@link #defaults()}:
 * {@code HttpServerOptions.defaults().withIdleTimeout(Duration.ofSeconds(5))}.
 *
 * @param limits        sizes the parser accepts ({@link HttpLimits#defaults()})
 * @param headerTimeout from the first byte of a request until its head is complete; a client
 *                      trickling a header a byte at a time (slowloris) is answered 408 and
 *                      closed when it passes (default 10 s)
 * @param bodyTimeout   how long the server waits for more body bytes while the handler is
 *                      reading the body; 408 and close when it passes (default 30 s)
 * @param idleTimeout   how long a keep-alive connection may sit between requests, or a
 *                      response may wait for a client that does not read, before it is
 *                      closed (default 60 s)
 * @param backlog       the listen queue of the server socket (default 1024)
 * @param trustedProxies the proxies whose forwarding headers say who the client is
 *                      ({@link HttpRequest#clientAddress()}, {@link HttpRequest#scheme()});
 *                      default {@link TrustedProxies#none()}: the headers are never read
 * @param maxConnections the most connections open at once on each address the server listens
 *                      on (default {@link TcpServerOptions#UNLIMITED}). At the limit the server
 *                      stops accepting: new connections wait in the backlog while the open
 *                      ones are served, and accepting resumes when one closes (an idle
 *                      keep-alive connection holds its place until {@code idleTimeout}).
 * @param reusePort     listen with SO_REUSEPORT (default false): several processes may serve
 *                      one port, which is how a new version replaces a running one without
 *                      refusing a connection (start it, then {@link HttpServer#shutdown} the
 *                      old one); on a {@link dev.eddy.net.LoopGroup} every loop listens on its
 *                      own socket. See {@link TcpServerOptions#reusePort()}.
 * @param reuseRequests  fill the same {@link HttpRequest} objects (headers included) with later
 *                      requests, once an exchange is over (default false). The plaintext path
 *                      then allocates nothing per request, so the heap, and with it the
 *                      process's resident memory, stays as small under load as when idle. The
 *                      price is a rule for handlers: a request, its headers and its body belong
 *                      to their exchange; what a handler wants to keep after its response is
 *                      out (to log it later, say) it copies first. Off, every request is a new
 *                      object that stays valid as long as anyone holds it.
 */
public record HttpServerOptions(HttpLimits limits, Duration headerTimeout, Duration bodyTimeout,
                                Duration idleTimeout, int backlog, TrustedProxies trustedProxies,
                                int maxConnections, boolean reusePort, boolean reuseRequests) {

    /**
     * Checks the components.
     *
     * @param limits the parser's limits; not null
     * @param headerTimeout the longest a request head may take to arrive; positive
     * @param bodyTimeout the longest the server waits for more body bytes; positive
     * @param idleTimeout the longest a connection may idle; positive
     * @param backlog the listen queue length; positive
     * @param trustedProxies whose forwarding headers are believed; not null
     * @param maxConnections the most connections open at once per listening address; positive
     * @param reusePort whether to listen with SO_REUSEPORT
     * @param reuseRequests whether finished requests are filled with later ones
     * @throws IllegalArgumentException when a timeout, the backlog or the limit is not positive
     */
    public HttpServerOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        positive(headerTimeout, "headerTimeout");
        positive(bodyTimeout, "bodyTimeout");
        positive(idleTimeout, "idleTimeout");
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
    }

    /**
     * The defaults given in the class comment.
     *
     * @return the default limits, a 10 s header timeout, a 30 s body timeout, a 60 s idle timeout
     *     a backlog of 1024, no trusted proxy, no connection limit, no SO_REUSEPORT, a new
     *     request object for every request
     */
    public static HttpServerOptions defaults() {
        return new HttpServerOptions(HttpLimits.defaults(), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1024, TrustedProxies.none(), TcpServerOptions.UNLIMITED,
                false, false);
    }

    /**
     * A copy with {@code limits} replaced.
     *
     * @param v the parser's limits
     * @return the copy
     */
    public HttpServerOptions withLimits(HttpLimits v) {
        return new HttpServerOptions(v, headerTimeout, bodyTimeout, idleTimeout, backlog, trustedProxies,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code headerTimeout} replaced.
     *
     * @param v the longest a request head may take to arrive; positive
     * @return the copy
     */
    public HttpServerOptions withHeaderTimeout(Duration v) {
        return new HttpServerOptions(limits, v, bodyTimeout, idleTimeout, backlog, trustedProxies,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code bodyTimeout} replaced.
     *
     * @param v the longest the server waits for more body bytes; positive
     * @return the copy
     */
    public HttpServerOptions withBodyTimeout(Duration v) {
        return new HttpServerOptions(limits, headerTimeout, v, idleTimeout, backlog, trustedProxies,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code idleTimeout} replaced.
     *
     * @param v the longest a connection may idle; positive
     * @return the copy
     */
    public HttpServerOptions withIdleTimeout(Duration v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, v, backlog, trustedProxies,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code backlog} replaced.
     *
     * @param v the listen queue length; positive
     * @return the copy
     */
    public HttpServerOptions withBacklog(int v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, idleTimeout, v, trustedProxies,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code trustedProxies} replaced: requests from these peers are believed
     * about their client ({@link HttpRequest#clientAddress()}).
     *
     * @param v the trusted proxies, e.g. {@code TrustedProxies.of("127.0.0.1", "10.0.0.0/8")}
     * @return the copy
     */
    public HttpServerOptions withTrustedProxies(TrustedProxies v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, idleTimeout, backlog, v,
                maxConnections, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code maxConnections} replaced.
     *
     * @param v the most connections open at once per listening address; positive
     * @return the copy
     */
    public HttpServerOptions withMaxConnections(int v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, idleTimeout, backlog, trustedProxies,
                v, reusePort, reuseRequests);
    }

    /**
     * A copy with {@code reusePort} replaced.
     *
     * @param v whether to listen with SO_REUSEPORT
     * @return the copy
     */
    public HttpServerOptions withReusePort(boolean v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, idleTimeout, backlog, trustedProxies,
                maxConnections, v, reuseRequests);
    }

    /**
     * A copy with {@code reuseRequests} replaced; see the class comment for the rule it sets
     * for handlers.
     *
     * @param v whether finished requests are filled with later ones
     * @return the copy
     */
    public HttpServerOptions withReuseRequests(boolean v) {
        return new HttpServerOptions(limits, headerTimeout, bodyTimeout, idleTimeout, backlog, trustedProxies,
                maxConnections, reusePort, v);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
