package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.ResponseHead;

import java.net.URI;
import java.time.Duration;

/**
 * One call of {@link HttpClient#fetch}: a connection from the pool, an {@link Exchange} on it,
 * then perhaps a retry or a redirect, all under one deadline.
 *
 * <ul>
 *   <li><b>Timeout</b>: one timer for the whole fetch. When it fires, the fetch fails with
 *       {@link RequestTimeoutException}, a queued claim is cancelled and a connection in use is
 *       closed (never returned to the pool: the old response may still arrive on it).
 *   <li><b>Retry</b>: a pooled connection may have been closed by the server just as it was
 *       reused. If it ends before any byte of the response, the method is idempotent and the
 *       body can be sent again, the request is retried once on a fresh connection (and the
 *       other idle connections of that origin, likely just as dead, are dropped). The budget
 *       is one retry per hop: each redirect's request may meet a dead pooled connection too.
 *   <li><b>Redirects</b>: 301, 302, 303, 307, 308 with a Location are followed up to the limit;
 *       303 (and 301/302 after POST) become a GET without body; a hop to another origin drops
 *       Authorization and Cookie; a streamed body is not re-sent (the redirect is returned).
 * </ul>
 * Whatever goes wrong, the fetch's future fails: an exception thrown while starting an
 * exchange or handling its end fails the fetch rather than escaping into the callback that
 * happened to run it (where it would be logged and the fetch left hanging until its timeout).
 * Loop thread only.
 */
final class FetchTask implements Exchange.Listener {

    private static final HttpHeaders NO_TRAILERS = new HttpHeaders(1);

    private final IOLoop loop;
    private final ConnectionPool pool;
    private final ClientOptions options;
    private final Promise<ClientResponse> result;
    private final int maxRedirects;
    private final Duration timeout;
    private Timeout timer;
    private ClientRequest request;
    private int redirects;
    /** True once this hop's request has been retried; each redirect starts a new hop. */
    private boolean retried;
    private Future<ClientConnection> acquiring;
    private ClientConnection current;
    private boolean currentReused;
    private ClientRequest currentRequest;

    FetchTask(IOLoop loop, ConnectionPool pool, ClientOptions options, ClientRequest request) {
        this.loop = loop;
        this.pool = pool;
        this.options = options;
        this.request = request;
        this.result = new Promise<>(loop);
        this.maxRedirects = request.maxRedirects() >= 0 ? request.maxRedirects() : options.maxRedirects();
        this.timeout = request.timeout() != null ? request.timeout() : options.requestTimeout();
    }

    Future<ClientResponse> start() {
        timer = loop.callLater(timeout, this::onTimeout);
        attempt();
        return result;
    }

    private void attempt() {
        Origin origin;
        try {
            origin = originOf(request.uri());
        } catch (RuntimeException e) {
            finish(null, e);
            return;
        }
        Future<ClientConnection> f;
        try {
            f = pool.acquire(origin);
        } catch (RuntimeException e) {
            finish(null, e);
            return;
        }
        if (f.isSucceeded()) {
            onConnection(f.getNow(), null);     // an idle connection: no need to wait a loop turn
        } else {
            acquiring = f;
            f.whenComplete(this::onConnection);
        }
    }

    /** http, or https (TLS under the stream; see {@link HttpClient}). */
    private static Origin originOf(URI uri) {
        Origin o = Origin.of(uri);
        if (!o.scheme().equals("http") && !o.scheme().equals("https")) {
            throw new IllegalArgumentException("unsupported URL scheme '" + o.scheme() + "': " + uri);
        }
        return o;
    }

    private void onConnection(ClientConnection conn, Throwable failure) {
        acquiring = null;
        if (result.isDone()) {
            if (conn != null) {
                pool.release(conn, true);       // timed out while connecting: the connection is fine
            }
            return;
        }
        if (failure != null) {
            finish(null, failure);
            return;
        }
        current = conn;
        currentReused = conn.exchanges > 0;
        currentRequest = request;
        Exchange exchange = new Exchange(conn, request, options, this::onHead, this);
        try {
            exchange.start();           // nothing may follow: it can end inline
        } catch (RuntimeException e) {
            if (!exchange.isDone()) {
                exchange.fail(e);       // closes the connection and tells exchangeFailed
            } else {
                finish(null, e);
            }
        }
    }

    /** Streams the body only of the final response; a redirect's body is read and dropped. */
    private BodyConsumer onHead(ResponseHead head) {
        BodyConsumer c = request.consumer();
        if (c == null || nextHop(head.status(), head.headers()) != null) {
            return null;
        }
        c.start(head.status(), head.headers());
        return c;
    }

    @Override
    public void exchangeFailed(Throwable t) {
        try {
            onExchangeFailed(t);
        } catch (RuntimeException e) {
            e.addSuppressed(t);
            finish(null, e);
        }
    }

    @Override
    public void exchangeDone(Exchange.Result r) {
        try {
            onExchangeDone(r);
        } catch (RuntimeException e) {
            finish(null, e);
        }
    }

    private void onExchangeFailed(Throwable t) {
        ClientConnection conn = current;
        ClientRequest sent = currentRequest;
        current = null;
        pool.release(conn, false);
        if (result.isDone()) {              // timed out: the connection was closed
            return;
        }
        if (!retried && currentReused && t instanceof ConnectionLostException lost && lost.responseBytes() == 0
                && sent.isIdempotent() && sent.isReplayable()) {
            retried = true;
            pool.closeIdle(conn.origin);
            attempt();
            return;
        }
        finish(null, t);
    }

    private void onExchangeDone(Exchange.Result r) {
        ClientConnection conn = current;
        ClientRequest sent = currentRequest;
        current = null;
        if (result.isDone()) {              // timed out meanwhile: the connection was closed
            pool.release(conn, false);
            return;
        }
        pool.release(conn, r.reusable());
        ResponseHead h = r.head();
        ClientResponse response = new ClientResponse(h.status(), h.reason(), h.headers(), r.body(),
                r.trailers() == null ? NO_TRAILERS : r.trailers(), sent.uri(), redirects);
        ClientRequest next = nextHop(h.status(), h.headers());     // may throw: see exchangeDone
        if (next == null) {
            finish(response, null);
        } else if (redirects == maxRedirects) {
            finish(null, new TooManyRedirectsException("more than " + maxRedirects + " redirects, the last from "
                    + sent.uri() + " to " + next.uri(), response));
        } else {
            redirects++;
            request = next;
            retried = false;
            attempt();
        }
    }

    /** The request a redirect leads to, or null when this response is the final one. */
    private ClientRequest nextHop(int status, HttpHeaders headers) {
        if (maxRedirects == 0 || (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)) {
            return null;
        }
        String location = headers.get("location");
        if (location == null) {
            return null;
        }
        boolean toGet = status == 303 && !request.method().equals("HEAD")
                || (status == 301 || status == 302) && request.method().equals("POST");
        if (!toGet && !request.isReplayable()) {
            return null;                    // 307/308 must re-send the body, and a streamed one is gone
        }
        URI target;
        try {
            target = request.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("invalid Location in a " + status + " redirect: " + location, e);
        }
        ClientRequest.Builder b = request.toBuilder().url(target.toString());
        if (toGet) {
            b.method("GET").body(new byte[0], null).removeHeader("content-type");
        }
        if (!Origin.of(target).equals(Origin.of(request.uri()))) {
            b.removeHeader("authorization").removeHeader("cookie").removeHeader("proxy-authorization");
        }
        return b.build();
    }

    private void onTimeout() {
        if (result.tryFail(new RequestTimeoutException(request + " did not finish within " + timeout))) {
            if (acquiring != null) {
                acquiring.cancel();
            }
            if (current != null) {
                current.stream.close();      // never back to the pool: its response may still come
            }
        }
    }

    private void finish(ClientResponse response, Throwable failure) {
        timer.cancel();
        if (failure != null) {
            result.tryFail(failure);
        } else if (request.errorForStatus() && !response.isSuccess()) {
            result.tryFail(new HttpStatusException(response));
        } else {
            result.tryComplete(response);
        }
    }
}
