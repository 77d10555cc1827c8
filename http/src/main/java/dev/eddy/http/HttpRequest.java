package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.RequestHead;

import dev.eddy.tls.TlsInfo;
import dev.eddy.tls.TlsTransport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the handler sees it: method, target, headers, and a {@link RequestBody}
 * that can be read when the handler wants it. The path and query are split from the target
 * on demand; the query is decoded on first use.
 *
 * <p>Loop thread only. The request stays valid after the response (a handler may log it
 * later), but its body can only be read while the exchange is in progress.
 */
public final class HttpRequest {

    private final RequestHead head;
    private final IOLoop loop;
    private final InetSocketAddress remoteAddress;
    private final Future<Void> closed;
    private final RequestBody.Source source;
    private RequestBody body;
    private String path;
    private String rawQuery;
    private Params query;
    private Map<String, String> pathParams = Map.of();

    HttpRequest(RequestHead head, IOLoop loop, InetSocketAddress remoteAddress, Future<Void> closed,
                RequestBody.Source source) {
        this.head = head;
        this.loop = loop;
        this.remoteAddress = remoteAddress;
        this.closed = closed;
        this.source = source;
    }

    /**
     * The method as the client sent it: any token (GET, POST, PROPFIND, QUERY...; methods
     * are case-sensitive). The common ones are shared constants.
     */
    public String method() {
        return head.method();
    }

    /** The request target as sent: {@code /path?query} (or absolute-form, or {@code *}). */
    public String target() {
        return head.target();
    }

    /** The path part of the target, still percent-encoded ({@code /a%20b}). */
    public String path() {
        if (path == null) {
            split();
        }
        return path;
    }

    /** The query string after {@code ?} (not decoded), or "" when there is none. */
    public String rawQuery() {
        if (path == null) {
            split();
        }
        return rawQuery;
    }

    /** The decoded query parameters. */
    public Params query() {
        if (query == null) {
            query = UrlEncoded.parse(rawQuery());
        }
        return query;
    }

    private void split() {
        String t = head.target();
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

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return head.minorVersion() == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        return head.headers().get(name);
    }

    /** The body (made on first use: most requests never ask for theirs). */
    public RequestBody body() {
        if (body == null) {
            body = new RequestBody(this, source, head.contentLength());
        }
        return body;
    }

    /** A path parameter the {@link Router} matched ({@code {id}} in {@code /users/{id}}), decoded. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** Where the request came from. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The TLS under the connection (protocol, cipher suite, the SNI name the client asked
     * for, the ALPN protocol, the client's certificates), or empty for plain HTTP.
     */
    public Optional<TlsInfo> tls() {
        return source instanceof HttpConnection c && c.transport instanceof TlsTransport t
                ? Optional.of(t.info()) : Optional.empty();
    }

    /** The loop this request is served on; complete futures for it there. */
    public IOLoop loop() {
        return loop;
    }

    /**
     * Completes when the connection closes, for whatever reason: the way a long-running
     * handler (a download, a long poll) learns that the client has gone away.
     */
    public Future<Void> closed() {
        return closed != null ? closed : source.closed(this);    // the server's connection makes it on demand
    }

    /** A finished future of {@code response}: what a handler that answers at once returns. */
    public Future<HttpResponse> respond(HttpResponse response) {
        return Future.succeeded(loop, response);
    }

    /** The parsed head, framing included. */
    public RequestHead head() {
        return head;
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target() + " " + version();
    }
}
