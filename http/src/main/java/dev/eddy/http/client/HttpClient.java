package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import dev.eddy.tls.TlsClientConfig;

import java.util.Objects;

/**
 * An HTTP/1.1 client with a connection pool, bound to one {@link IOLoop} (Tornado's
 * {@code AsyncHTTPClient}, but connections are kept and reused).
 *
 * <pre>{@code
 * HttpClient client = new HttpClient(loop);
 * client.fetch("http://127.0.0.1:8080/plaintext")
 *       .whenComplete((r, e) -> System.out.println(e != null ? e : r.status() + " " + r.bodyText()));
 *
 * // in a coroutine
 * ClientResponse r = Coroutine.await(client.fetch(ClientRequest.get(url).timeout(Duration.ofSeconds(2)).build()));
 * }</pre>
 *
 * <p>What can go wrong, each as its own exception: {@link QueueTimeoutException} (no
 * connection became free), {@link dev.eddy.net.ConnectTimeoutException} and
 * {@link dev.eddy.net.ConnectionRefusedException} (connecting), {@link RequestTimeoutException}
 * (the whole request), {@link ConnectionLostException} (closed or reset mid-response),
 * {@link MalformedResponseException}, {@link BodyTooLargeException},
 * {@link TooManyRedirectsException}; the three timeouts are all {@link dev.eddy.TimeoutException}s.
 * A 404 or 500 is a normal response unless the request asks for {@link HttpStatusException}.
 *
 * <p>{@link #fetch} may be called from any thread (the work moves to the loop; the future's
 * callbacks run there); everything else is for the loop thread.
 */
public final class HttpClient implements AutoCloseable {

    private final IOLoop loop;
    private final ClientOptions options;
    private final ConnectionPool pool;

    /**
     * A client on {@code loop} with the default options.
     *
     * @param loop the loop the client's connections run on
     */
    public HttpClient(IOLoop loop) {
        this(loop, ClientOptions.defaults());
    }

    /**
     * A client on {@code loop} with {@code options} and the default TLS settings for https.
     *
     * @param loop the loop the client's connections run on
     * @param options pooling, timeouts and limits
     */
    public HttpClient(IOLoop loop, ClientOptions options) {
        this(loop, options, null);
    }

    /**
     * A client whose {@code https} connections use {@code tls}: whom to trust (the JDK's
     * trust store by default, {@link TlsClientConfig#trustingCaPem} for a private CA), and
     * the rest of {@link TlsClientConfig}. Certificates and host names are always verified
     * unless {@code tls} says otherwise. When {@code tls} offers no ALPN names the client
     * offers {@code http/1.1}. Null means {@link TlsClientConfig#defaults()}, made on the
     * first {@code https} connection.
     *
     * @param loop the loop the client's connections run on
     * @param options pooling, timeouts and limits
     * @param tls the TLS settings for https, or null for the defaults
     */
    public HttpClient(IOLoop loop, ClientOptions options, TlsClientConfig tls) {
        this(loop, options, tls, null);
    }

    private HttpClient(IOLoop loop, ClientOptions options, TlsClientConfig tls, Connector connector) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.options = Objects.requireNonNull(options, "options");
        this.pool = new ConnectionPool(loop, options, tls, connector);
    }

    /**
     * A client that opens its connections with {@code connector} instead of TCP: for running
     * it over something that is not a socket, such as the in-memory connections of
     * {@code dev.eddy.testing.SimulatedNetwork} in a test (see {@link Connector}).
     *
     * @param loop the loop the client's connections run on
     * @param options pooling, timeouts and limits
     * @param connector opens every connection the pool needs
     * @return a client on {@code loop}
     */
    public static HttpClient withConnector(IOLoop loop, ClientOptions options, Connector connector) {
        return new HttpClient(loop, options, null, Objects.requireNonNull(connector, "connector"));
    }

    /**
     * The loop the client's connections run on.
     *
     * @return the client's loop
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * The options the client was made with.
     *
     * @return the client's options
     */
    public ClientOptions options() {
        return options;
    }

    /**
     * GET {@code url}.
     *
     * @param url the absolute http or https URL
     * @return a future completing with the final response, or failing as
     *     {@link #fetch(ClientRequest)} does; it fails at once for a malformed URL
     */
    public Future<ClientResponse> fetch(String url) {
        ClientRequest r;
        try {
            r = ClientRequest.get(url).build();
        } catch (IllegalArgumentException e) {
            return Future.failed(loop, e);
        }
        return fetch(r);
    }

    /**
     * Sends {@code request} and returns its final response (after redirects). Any thread.
     *
     * @param request the request to send
     * @return a future completing with the final response, whatever its status (unless the request
     *     asked for {@code errorForStatus}), or failing with the error that ended the fetch: a
     *     timeout, a lost connection, a malformed response, too many redirects, a body over its
     *     limit
     */
    public Future<ClientResponse> fetch(ClientRequest request) {
        Objects.requireNonNull(request, "request");
        if (!loop.inLoopThread()) {
            Promise<ClientResponse> p = new Promise<>(loop);
            loop.addCallback(() -> {
                try {
                    p.completeWith(fetch(request));
                } catch (RuntimeException e) {
                    p.tryFail(e);
                }
            });
            return p;
        }
        return new FetchTask(loop, pool, options, request).start();
    }

    /**
     * Connections open now (connecting, in use or idle). Loop thread.
     *
     * @return how many connections are open
     */
    public int openConnections() {
        return pool.openConnections();
    }

    /**
     * Idle connections kept for reuse. Loop thread.
     *
     * @return how many idle connections are pooled
     */
    public int idleConnections() {
        return pool.idleConnections();
    }

    /**
     * Requests waiting for a connection. Loop thread.
     *
     * @return how many requests are queued for a connection
     */
    public int waitingRequests() {
        return pool.waitingRequests();
    }

    /**
     * Closes idle connections and fails queued requests; requests in flight finish and their
     * connections close afterwards. Later fetches fail. Loop thread (or, from another thread,
     * it happens on the loop's next turn).
     */
    @Override
    public void close() {
        if (!loop.inLoopThread()) {
            loop.addCallback(pool::close);
            return;
        }
        pool.close();
    }
}
