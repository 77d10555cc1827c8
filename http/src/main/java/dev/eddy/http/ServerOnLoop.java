package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Timeout;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.RequestParser;
import dev.eddy.jfr.Flight;
import dev.eddy.jfr.HttpRequestEvent;

import java.nio.ByteBuffer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * What an {@link HttpServer} keeps per loop: the output buffer every connection of the loop
 * encodes its responses into (one, not one per connection, so an idle connection owns no
 * output memory), the request parser that parses every head arriving whole (likewise), the
 * set of open connections (for graceful shutdown), a finished future to return from writes
 * that completed at once (no allocation per write), and the loop's counters behind
 * {@link HttpServer#stats()}.
 *
 * <p>The output buffer has an owner: a connection that finds another connection's bytes in
 * it (a handler of one connection writing to another's stream) flushes them first, so bytes
 * never reach the wrong socket. Loop thread only.
 */
final class ServerOnLoop {

    /** The output buffer's first capacity, and the direct buffer's: responses up to this size use it. */
    private static final int OUT_CAPACITY = 64 * 1024;

    final IOLoop loop;
    final HttpServer server;
    /** The server's options, read by every connection of the loop (so no connection holds a reference). */
    final HttpServerOptions options;
    /** Encodes every connection's responses; holds nothing of a connection between calls. */
    final ResponseWriter responses = new ResponseWriter(this);
    final OutputBuffer out = new OutputBuffer(OUT_CAPACITY);
    /** What {@link #outBytes} copies {@link #out} into; made on the first write. */
    private ByteBuffer outDirect;
    /** The array every connection of the loop hands to its transport's gathering write (then clears). */
    final ByteBuffer[] gather = new ByteBuffer[2];
    final Future<Void> done;
    /** {@link HttpServerOptions#reuseRequests()}: finished requests wait in {@link #spares}. */
    private final boolean reuseRequests;
    private final HttpRequest[] spares;
    private int spareRequests;
    private HttpResponse lastAnswered;
    private Future<HttpResponse> lastAnswer;
    /** Parses every head that arrives whole; see {@link #parseHead}. */
    private RequestParser parser;
    private HttpConnection outOwner;
    /**
     * The open connections, as a list linked through the connections themselves
     * ({@link HttpConnection#prevInLoop}, {@code nextInLoop}): adding and removing are O(1)
     * and cost no entry object (a hash set's entry would be a tenth of an idle connection).
     */
    private HttpConnection first;
    private int connectionCount;
    private volatile boolean shutDown;
    /** During a graceful shutdown: closes what is left when the grace period ends; cancelled once nothing is. */
    Timeout graceTimer;
    /** When {@link #graceTimer} fires, on the loop's clock. */
    long graceDeadline;

    // counters for HttpServer.stats(): plain fields, written on the loop thread only
    long connectionsAccepted;
    long requests;
    /** Responses by status class: [1] counts 1xx, ... [5] counts 5xx. */
    final long[] responsesByClass = new long[6];
    long handlerErrors;
    long protocolErrors;
    long bytesIn;
    long bytesOut;
    /**
     * The Flight Recorder's {@code dev.eddy.HttpRequest} events of the exchanges in progress,
     * by connection; made when a recording first wants one. Kept here rather than in a field
     * of each request or connection, so that a server nobody records pays no byte for it.
     */
    private IdentityHashMap<HttpConnection, HttpRequestEvent> recorded;

    ServerOnLoop(IOLoop loop, HttpServer server) {
        this.loop = loop;
        this.server = server;
        this.options = server.options();
        this.done = Future.succeeded(loop, null);
        this.parser = new RequestParser(server.options().limits());
        this.reuseRequests = server.options().reuseRequests();
        this.spares = new HttpRequest[reuseRequests ? 16 : 0];
    }

    /**
     * Parses a request head from {@code in} for {@code c}. A parser is needed only while a
     * head is being read, so the loop has one for all its connections: a head that arrives
     * whole (nearly every one) is parsed by it and the parser is reset at once. When a head
     * is cut off at the end of {@code in}, the parser holding its start goes to the
     * connection ({@link #handOverParser}, kept in its {@link HeldInput}) and the loop makes
     * itself a new one; the connection finishes that head with it ({@code own}) and gives it
     * up. An idle connection owns no parser, and the usual request allocates none.
     *
     * @param own the parser holding the start of this head, or null to use the loop's
     * @return the request (new, or a reused one), or null when its head is not complete yet
     *     (all of {@code in} was consumed)
     */
    HttpRequest parseHead(HttpConnection c, RequestParser own, ByteBuffer in) throws HttpProtocolException {
        RequestParser p = own != null ? own : parser;
        boolean complete;
        try {
            complete = p.complete(in);
        } catch (HttpProtocolException e) {
            p.reset();              // the shared parser must be clean for the next connection
            throw e;
        }
        if (!complete) {
            return null;
        }
        HttpRequest r = spareRequests > 0 ? takeSpare() : new HttpRequest(loop);
        r.begin(p, c.remote, c, reuseRequests);
        p.reset();
        return r;
    }

    /** The loop's parser, holding the start of a head that was cut off, goes to that head's connection. */
    RequestParser handOverParser() {
        RequestParser p = parser;
        parser = new RequestParser(options.limits());
        return p;
    }

    private HttpRequest takeSpare() {
        HttpRequest r = spares[--spareRequests];
        spares[spareRequests] = null;
        return r;
    }

    /**
     * The exchange of {@code r} is over (response out, body consumed): with
     * {@link HttpServerOptions#reuseRequests()} it waits here to carry a later request. A
     * few are kept, as many as exchanges tend to overlap on one loop; the rest are garbage.
     */
    void exchangeOver(HttpRequest r) {
        if (reuseRequests && spareRequests < spares.length) {
            r.forget();
            spares[spareRequests++] = r;
        }
    }

    /**
     * A finished future of {@code response}, for {@link HttpRequest#respond}: the same one as
     * last time when the handler answers with the same (constant) response again, so that
     * answering with a prepared response allocates nothing. One entry: it holds one response.
     */
    Future<HttpResponse> answer(HttpResponse response) {
        if (response != lastAnswered) {
            lastAnswer = Future.succeeded(loop, response);
            lastAnswered = response;
        }
        return lastAnswer;
    }

    /** The output buffer, for {@code c} to append to. */
    OutputBuffer claim(HttpConnection c) {
        if (outOwner != c) {
            if (outOwner != null && !out.isEmpty()) {
                outOwner.output.flush();
            }
            out.clear();
            outOwner = c;
        }
        return out;
    }

    /** True when {@code c}'s bytes are in the output buffer. */
    boolean owns(HttpConnection c) {
        return outOwner == c && !out.isEmpty();
    }

    /**
     * The bytes encoded into {@link #out}, ready for the socket: copied into a direct buffer
     * (one per loop, reused) when they fit. A socket writes a direct buffer as it is; given a
     * heap buffer, the JDK copies it into a temporary direct buffer of its own, which it takes
     * from and gives back to a per-thread cache on every write: 1.7 % of the server's CPU under
     * a keep-alive load ({@code jmh/wrk/profile.sh}). The copy here is the same copy, without
     * the cache (over TLS it is one copy more, small beside the encryption). Valid until the
     * next call; the caller copies what the socket did not take.
     */
    ByteBuffer outBytes() {
        ByteBuffer heap = out.view();
        if (heap.remaining() > OUT_CAPACITY) {
            return heap;            // a response larger than the direct buffer: the JDK's way
        }
        if (outDirect == null) {
            outDirect = ByteBuffer.allocateDirect(OUT_CAPACITY);
        }
        outDirect.clear();
        return outDirect.put(heap).flip();
    }

    void release(HttpConnection c) {
        if (outOwner == c) {
            out.clear();
            outOwner = null;
        }
    }

    void added(HttpConnection c) {
        c.nextInLoop = first;
        if (first != null) {
            first.prevInLoop = c;
        }
        first = c;
        connectionCount++;
        connectionsAccepted++;
    }

    /** {@code c} closed; called once per connection that was {@link #added}. */
    void removed(HttpConnection c) {
        if (c.prevInLoop != null) {
            c.prevInLoop.nextInLoop = c.nextInLoop;
        } else if (first == c) {
            first = c.nextInLoop;
        } else {
            return;         // never added (closed before it started)
        }
        if (c.nextInLoop != null) {
            c.nextInLoop.prevInLoop = c.prevInLoop;
        }
        c.prevInLoop = null;
        c.nextInLoop = null;
        connectionCount--;
        release(c);
        server.connectionClosed(this);
    }

    int connectionCount() {
        return connectionCount;
    }

    /** A copy of the open connections, for work that may close some of them. */
    List<HttpConnection> connections() {
        List<HttpConnection> all = new ArrayList<>(connectionCount);
        for (HttpConnection c = first; c != null; c = c.nextInLoop) {
            all.add(c);
        }
        return all;
    }

    /** Closes idle connections and lets busy ones finish their current exchange. */
    void shutdown() {
        shutDown = true;
        for (HttpConnection c : connections()) {
            c.ending().shutdown(c);
        }
    }

    /** {@code c} began an exchange: records it if a recording wants {@code dev.eddy.HttpRequest}. */
    void exchangeBegins(HttpConnection c, HttpRequest r) {
        requests++;
        if (Flight.httpRequestsRecorded()) {
            HttpRequestEvent e = new HttpRequestEvent();
            e.method = r.method();
            e.path = r.path();
            e.begin();
            if (recorded == null) {
                recorded = new IdentityHashMap<>();
            }
            recorded.put(c, e);
        }
    }

    /** A response head with {@code status} is being written on {@code c}. */
    void responseBegins(HttpConnection c, int status) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            responsesByClass[statusClass]++;
        }
        if (recorded != null && !recorded.isEmpty()) {
            HttpRequestEvent e = recorded.get(c);
            if (e != null) {
                e.status = status;
            }
        }
    }

    /**
     * The exchange of {@code c} is over: its response is complete ({@code complete}), or the
     * connection closed first (not recorded: there was no response).
     */
    void exchangeEnds(HttpConnection c, boolean complete) {
        if (recorded != null && !recorded.isEmpty()) {
            HttpRequestEvent e = recorded.remove(c);
            if (e != null && complete) {
                e.end();
                if (e.shouldCommit()) {
                    e.commit();
                }
            }
        }
    }

    boolean isShutDown() {
        return shutDown;
    }

    /** Closes every connection now (the grace period is over). */
    void closeAll() {
        for (HttpConnection c : connections()) {
            c.abort("server shut down");
        }
    }
}
