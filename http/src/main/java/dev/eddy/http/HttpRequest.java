package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;

import dev.eddy.tls.TlsInfo;
import dev.eddy.tls.TlsTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the handler sees it: method, target, headers, and a {@link RequestBody}
 * that can be read when the handler wants it. The path and query are split from the target
 * on demand; the query is decoded on first use.
 *
 * <p>Loop thread only. The request stays valid after the response (a handler may log it
 * later), but its body can only be read while the exchange is in progress. A server built
 * with {@link HttpServerOptions#withReuseRequests reused requests} is the exception: there
 * the request object, its headers and its body belong to the exchange, and the server fills
 * the same object with a later request once the response is out and the body consumed.
 *
 * <p>The parsed head is kept in fields of this object rather than in a {@link RequestHead}
 * ({@link #head()} makes one when asked), so that a request costs one object, or none when
 * reused.
 */
public final class HttpRequest {

    private final IOLoop loop;
    private final Future<Void> closed;
    private InetSocketAddress remoteAddress;
    /** The server's connection this request came on; null only for a request made in a test. */
    private HttpConnection connection;
    // the head, as parsed
    private String method;
    private String target;
    private int minorVersion;
    private HttpHeaders headers;
    private long contentLength;
    private boolean chunked;
    private boolean keepAlive;
    private boolean expectContinue;
    // made on demand
    private RequestHead head;
    private RequestBody body;
    private String path;
    private String rawQuery;
    private Params query;
    private Map<String, String> pathParams = Map.of();
    private ForwardedHeaders.Client client;     // worked out when first asked for

    HttpRequest(RequestHead head, IOLoop loop, InetSocketAddress remoteAddress, Future<Void> closed,
                HttpConnection connection) {
        this.loop = loop;
        this.closed = closed;
        this.remoteAddress = remoteAddress;
        this.connection = connection;
        this.head = head;
        this.method = head.method();
        this.target = head.target();
        this.minorVersion = head.minorVersion();
        this.headers = head.headers();
        this.contentLength = head.contentLength();
        this.chunked = head.chunked();
        this.keepAlive = head.keepAlive();
        this.expectContinue = head.expectContinue();
    }

    /** An empty request of {@code loop}'s, to be filled by {@link #begin}. */
    HttpRequest(IOLoop loop) {
        this.loop = loop;
        this.closed = null;
    }

    /**
     * Takes the head {@code p} has just completed, for {@code connection}: a new request, or
     * one {@link #forget() forgotten} by its last exchange. A reused request refills its own
     * headers (keeping equal strings); a new one gets headers of its own.
     */
    void begin(RequestParser p, InetSocketAddress remote, HttpConnection connection, boolean reused) {
        this.remoteAddress = remote;
        this.connection = connection;
        method = p.method();
        target = p.target();
        minorVersion = p.minorVersion();
        if (reused && headers != null) {
            p.headersInto(headers);
        } else {
            headers = p.newHeaders();
        }
        contentLength = p.contentLength();
        chunked = p.chunked();
        keepAlive = p.keepAlive();
        expectContinue = p.expectContinue();
    }

    /**
     * Drops the finished exchange (its connection and everything made from its head on
     * demand) before the request waits to be reused, so {@link #begin} finds it as new.
     */
    void forget() {
        connection = null;
        remoteAddress = null;
        head = null;
        body = null;
        path = null;
        rawQuery = null;
        query = null;
        pathParams = Map.of();
        client = null;
    }

    /**
     * The method as the client sent it: any token (GET, POST, PROPFIND, QUERY...; methods
     * are case-sensitive). The common ones are shared constants.
     *
     * @return the method token, case as sent
     */
    public String method() {
        return method;
    }

    /**
     * The request target as sent: {@code /path?query} (or absolute-form, or {@code *}).
     *
     * @return the request target, undecoded
     */
    public String target() {
        return target;
    }

    /**
     * The path part of the target, still percent-encoded ({@code /a%20b}).
     *
     * @return the path, percent-encoded as sent
     */
    public String path() {
        if (path == null) {
            split();
        }
        return path;
    }

    /**
     * The query string after {@code ?} (not decoded), or "" when there is none.
     *
     * @return the raw query string, without the {@code ?}
     */
    public String rawQuery() {
        if (path == null) {
            split();
        }
        return rawQuery;
    }

    /**
     * The decoded query parameters.
     *
     * @return the query parameters, decoded; empty when there are none
     */
    public Params query() {
        if (query == null) {
            query = UrlEncoded.parse(rawQuery());
        }
        return query;
    }

    private void split() {
        String t = target;
        int start = 0;
        if (t.charAt(0) != '/' && !t.equals("*")) {       // absolute-form: skip scheme://authority
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            start = slash < 0 ? t.length() : slash;
        }
        int q = t.indexOf('?', start);
        path = q < 0 ? (start == 0 ? t : t.substring(start)) : t.substring(start, q);
        if (path.isEmpty()) {
            path = "/";
        }
        rawQuery = q < 0 ? "" : t.substring(q + 1);
    }

    /**
     * "HTTP/1.1" or "HTTP/1.0".
     *
     * @return the protocol version of the request
     */
    public String version() {
        return minorVersion == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /**
     * The request's headers, in the order they arrived.
     *
     * @return the headers; do not change them
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The first value of header {@code name} (any case), or null.
     *
     * @param name the header name, any case
     * @return the first value, or null when the request has no such header
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * The body (made on first use: most requests never ask for theirs).
     *
     * @return the request's body, to read now or later on the loop thread
     */
    public RequestBody body() {
        if (body == null) {
            body = new RequestBody(this, connection, contentLength);
        }
        return body;
    }

    /**
     * A path parameter the {@link Router} matched ({@code {id}} in {@code /users/{id}}), decoded.
     *
     * @param name the parameter's name in the route pattern, without braces
     * @return the decoded value, or null when the route has no such parameter
     */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /**
     * The path parameters the {@link Router} matched, decoded.
     *
     * @return the parameters by name; empty when no router matched any
     */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /**
     * The peer of the connection: the client itself, or the proxy in front of the server (see
     * {@link #clientAddress()} for the client behind it).
     *
     * @return the peer's address and port, or null when the peer is not an IP address (a
     *     Unix-domain socket)
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Where the request came from, through trusted proxies. When the connection's peer is one
     * of the server's {@link HttpServerOptions#trustedProxies()}, the client is read from the
     * header the proxy set ({@link ProxyHeader}): the rightmost address of the chain that is
     * not itself a trusted proxy, with the port when the header gives one (0 when it does not).
     * A header that cannot be read gives the nearest address that can (at worst the peer's).
     * From any other peer the headers are ignored and this is {@link #remoteAddress()}.
     *
     * @return the client's address; null only when the peer is a Unix-domain socket and no
     *     trusted proxy named the client
     */
    public InetSocketAddress clientAddress() {
        return client().address();
    }

    /**
     * The scheme the client used: "https" over TLS, else "http"; behind a trusted proxy, what
     * the proxy says it received ({@code X-Forwarded-Proto}, or {@code proto=} of RFC 7239
     * {@code Forwarded}; values other than http and https are ignored). Like
     * {@link #clientAddress()}, from an untrusted peer the headers are ignored.
     *
     * @return "http" or "https"
     */
    public String scheme() {
        return client().scheme();
    }

    private ForwardedHeaders.Client client() {
        if (client == null) {
            String direct = tls().isPresent() ? "https" : "http";
            HttpConnection c = connection;
            client = c != null && !c.shared.options.trustedProxies().isEmpty()
                    ? ForwardedHeaders.resolve(headers, remoteAddress, remoteAddress == null && isUnixPeer(c),
                            direct, c.shared.options.trustedProxies())
                    : new ForwardedHeaders.Client(remoteAddress, direct);
        }
        return client;
    }

    private static boolean isUnixPeer(HttpConnection c) {
        try {
            return c.transport.channel() instanceof SocketChannel ch
                    && ch.getLocalAddress() instanceof UnixDomainSocketAddress;
        } catch (IOException e) {
            return false;       // closed: no request of it will be answered anyway
        }
    }

    /**
     * The TLS under the connection (protocol, cipher suite, the SNI name the client asked
     * for, the ALPN protocol, the client's certificates), or empty for plain HTTP.
     *
     * @return the connection's TLS facts, or empty for plain HTTP
     */
    public Optional<TlsInfo> tls() {
        return connection != null && connection.transport instanceof TlsTransport t
                ? Optional.of(t.info()) : Optional.empty();
    }

    /**
     * The loop this request is served on; complete futures for it there.
     *
     * @return the loop whose thread serves this request
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * Completes when the connection closes, for whatever reason: the way a long-running
     * handler (a download, a long poll) learns that the client has gone away.
     *
     * @return a future completing (with null) when the connection closes; it does not fail
     */
    public Future<Void> closed() {
        return closed != null ? closed : connection.closedFuture();    // the server's connection makes it on demand
    }

    /**
     * A finished future of {@code response}: what a handler that answers at once returns.
     * Answering with the same response object as the request before on this loop (a
     * prepared constant) returns the same future again, so it allocates nothing.
     *
     * @param response the response to send
     * @return a succeeded future of {@code response}, on this request's loop
     */
    public Future<HttpResponse> respond(HttpResponse response) {
        return connection != null ? connection.shared.answer(response) : Future.succeeded(loop, response);
    }

    /**
     * The parsed head, framing included.
     *
     * @return the request head as parsed (made on the first call)
     */
    public RequestHead head() {
        if (head == null) {
            head = new RequestHead(method, target, minorVersion, headers, contentLength, chunked, keepAlive,
                    expectContinue);
        }
        return head;
    }

    // The framing, for the connection that serves the request.

    int minorVersion() {
        return minorVersion;
    }

    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean expectContinue() {
        return expectContinue;
    }

    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version();
    }
}
