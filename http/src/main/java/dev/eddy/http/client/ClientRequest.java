package dev.eddy.http.client;

import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.wire.HttpHeaders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One request for {@link HttpClient#fetch}: method, URL, headers, an optional body, and the
 * per-request choices (timeout, redirects, streaming, errors for non-2xx). Immutable: build
 * it once, fetch it as often as you like.
 *
 * <pre>{@code
 * ClientRequest r = ClientRequest.post("http://127.0.0.1:8080/search")
 *         .query("q", "tornado & eddy")
 *         .form(Map.of("page", "2"))
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>The client adds Host, Content-Length or Transfer-Encoding, Accept-Encoding (when it
 * decompresses) and User-Agent (unless set here); a Content-Length or Transfer-Encoding set
 * here is ignored, because the body decides them.
 */
public final class ClientRequest {

    private static final byte[] EMPTY = new byte[0];

    private final String method;
    private final URI uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final Consumer<BodyWriter> writer;
    private final long streamedLength;
    private final Duration timeout;
    private final int maxRedirects;
    private final BodyConsumer consumer;
    private final boolean errorForStatus;

    private ClientRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri();
        this.headers = copy(b.headers);
        this.body = b.body;
        this.writer = b.writer;
        this.streamedLength = b.streamedLength;
        this.timeout = b.timeout;
        this.maxRedirects = b.maxRedirects;
        this.consumer = b.consumer;
        this.errorForStatus = b.errorForStatus;
    }

    /**
     * A builder for {@code method} on {@code url} (an absolute http URL).
     *
     * @param method the method, any case
     * @param url the absolute http or https URL
     * @return a builder for that request, without headers or body
     */
    public static Builder request(String method, String url) {
        return new Builder(method, URI.create(url));
    }

    /**
     * A builder for a GET of {@code url}.
     *
     * @param url the absolute http or https URL
     * @return the builder
     */
    public static Builder get(String url) {
        return request("GET", url);
    }

    /**
     * A builder for a HEAD of {@code url}.
     *
     * @param url the absolute http or https URL
     * @return the builder
     */
    public static Builder head(String url) {
        return request("HEAD", url);
    }

    /**
     * A builder for a POST to {@code url}.
     *
     * @param url the absolute http or https URL
     * @return the builder
     */
    public static Builder post(String url) {
        return request("POST", url);
    }

    /**
     * A builder for a PUT to {@code url}.
     *
     * @param url the absolute http or https URL
     * @return the builder
     */
    public static Builder put(String url) {
        return request("PUT", url);
    }

    /**
     * A builder for a DELETE of {@code url}.
     *
     * @param url the absolute http or https URL
     * @return the builder
     */
    public static Builder delete(String url) {
        return request("DELETE", url);
    }

    /**
     * A builder that starts as a copy of this request.
     *
     * @return a builder holding this request's method, URL, headers, body and settings
     */
    public Builder toBuilder() {
        Builder b = new Builder(method, uri);
        b.headers = copy(headers);
        b.body = body;
        b.writer = writer;
        b.streamedLength = streamedLength;
        b.timeout = timeout;
        b.maxRedirects = maxRedirects;
        b.consumer = consumer;
        b.errorForStatus = errorForStatus;
        return b;
    }

    /**
     * The method, upper case.
     *
     * @return the method, as sent
     */
    public String method() {
        return method;
    }

    /**
     * The URL the request goes to, its query parameters included.
     *
     * @return the absolute URL
     */
    public URI uri() {
        return uri;
    }

    /**
     * The request's own headers (a copy is made when it is built; don't change these).
     *
     * @return the headers the caller set; the client adds Host, User-Agent and framing headers when
     *     it sends the request
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The body bytes; empty when there is none or the body is streamed.
     *
     * @return the body, never null
     */
    public byte[] body() {
        return body;
    }

    /**
     * The streamed body, or null.
     *
     * @return the streamed body's writer, or null when the body is in {@link #body()}
     */
    public Consumer<BodyWriter> writer() {
        return writer;
    }

    /**
     * The declared length of the streamed body, or -1 (then it is sent chunked).
     *
     * @return the streamed body's length in bytes, or -1 when unknown
     */
    public long streamedLength() {
        return streamedLength;
    }

    /**
     * This request's whole-request timeout, or null for the client's.
     *
     * @return the request's own timeout, or null
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * This request's redirect limit, or -1 for the client's.
     *
     * @return the most redirects followed, or -1 to use the client's limit
     */
    public int maxRedirects() {
        return maxRedirects;
    }

    /**
     * Where the response body goes instead of the response, or null.
     *
     * @return the consumer of the body, or null when the body is buffered
     */
    public BodyConsumer consumer() {
        return consumer;
    }

    /**
     * True when a non-2xx final response fails the fetch with {@link HttpStatusException}.
     *
     * @return whether a non-2xx final response is an error
     */
    public boolean errorForStatus() {
        return errorForStatus;
    }

    /**
     * True for methods that mean the same when sent twice (RFC 9110 section 9.2.2), which a
     * client may retry after a connection failed before the answer came.
     *
     * @return whether the method is idempotent
     */
    public boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /**
     * True when the body can be sent again (it is not streamed).
     *
     * @return whether the body may be sent more than once
     */
    public boolean isReplayable() {
        return writer == null;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }

    private static HttpHeaders copy(HttpHeaders h) {
        HttpHeaders c = new HttpHeaders(Math.max(4, h.size()));
        h.forEach(c::addTrusted);       // already validated when added to h
        return c;
    }

    /** Collects a request's parts; {@link #build()} checks and freezes them. Not thread-safe. */
    public static final class Builder {
        private String method;
        private URI uri;
        private StringBuilder extraQuery;
        private HttpHeaders headers = new HttpHeaders(4);
        private byte[] body = EMPTY;
        private Consumer<BodyWriter> writer;
        private long streamedLength = -1;
        private Duration timeout;
        private int maxRedirects = -1;
        private BodyConsumer consumer;
        private boolean errorForStatus;

        private Builder(String method, URI uri) {
            method(method);
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * The method, any case (sent upper case).
         *
         * @param m the method, a token such as GET or PROPFIND
         * @return this builder
         */
        public Builder method(String m) {
            String up = Objects.requireNonNull(m, "method").toUpperCase(Locale.ROOT);
            if (!dev.eddy.http.internal.Ascii.isToken(up)) {
                throw new IllegalArgumentException("invalid method: '" + m + "'");
            }
            this.method = up;
            return this;
        }

        /**
         * Replaces the URL (absolute).
         *
         * @param url the absolute http or https URL; drops parameters added with {@link #query}
         * @return this builder
         */
        public Builder url(String url) {
            this.uri = URI.create(url);
            this.extraQuery = null;
            return this;
        }

        /**
         * Adds a header (validated: a CR or LF in a value is refused).
         *
         * @param name the header name
         * @param value the header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Replaces every header of that name.
         *
         * @param name the header name, any case
         * @param value the single value it gets
         * @return this builder
         */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /**
         * Removes every header of that name.
         *
         * @param name the header name, any case
         * @return this builder
         */
        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        /**
         * Appends {@code name=value} to the URL's query, percent-encoded (UTF-8).
         *
         * @param name the parameter name, not yet encoded
         * @param value the parameter value, not yet encoded
         * @return this builder
         */
        public Builder query(String name, String value) {
            if (extraQuery == null) {
                extraQuery = new StringBuilder();
            }
            FormEncoding.appendPair(extraQuery, name, value);
            return this;
        }

        /**
         * A body of bytes with a content type (null: no Content-Type header).
         *
         * @param bytes the body, sent as it is; not copied, so do not change it afterwards
         * @param contentType the Content-Type to send, or null to send none
         * @return this builder
         */
        public Builder body(byte[] bytes, String contentType) {
            this.body = Objects.requireNonNull(bytes, "bytes");
            this.writer = null;
            if (contentType != null) {
                headers.set("Content-Type", contentType);
            }
            return this;
        }

        /**
         * A text body, {@code text/plain; charset=utf-8}.
         *
         * @param text the body, sent as UTF-8
         * @return this builder
         */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }

        /**
         * A JSON body (the string must already be JSON).
         *
         * @param json the JSON text, sent as UTF-8 with {@code Content-Type: application/json}
         * @return this builder
         */
        public Builder json(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        /**
         * An HTML form body, {@code application/x-www-form-urlencoded}, in the map's order.
         *
         * @param fields the form fields, names and values not yet encoded
         * @return this builder
         */
        public Builder form(Map<String, String> fields) {
            return body(FormEncoding.form(fields), "application/x-www-form-urlencoded");
        }

        /**
         * A body written piece by piece with back-pressure; sent chunked when {@code length} is
         * -1, else with that Content-Length. {@code w} is called once, on the loop thread, after
         * the request head is written; it writes to the {@link BodyWriter} now or from later
         * callbacks and ends it (or fails it). A {@link BodyWriter#write} future completes once
         * the socket has taken the bytes (or the write queue drained below its low-water mark):
         * a writer that waits for it never makes the client buffer more than one write queue.
         *
         * <pre>{@code
         * builder.body(out -> Coroutine.async(loop, () -> {
         *     for (byte[] piece : pieces) Coroutine.await(out.write(piece));
         *     return Coroutine.await(out.end());
         * }), -1);
         * }</pre>
         *
         * A streamed body cannot be sent twice, so such a request is never retried and a 307/308
         * redirect of it is returned as it is instead of followed.
         *
         * @param w writes the body once the request head is sent
         * @param length the body's length in bytes, or -1 when it is not known
         * @return this builder
         */
        public Builder body(Consumer<BodyWriter> w, long length) {
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
            }
            this.writer = Objects.requireNonNull(w, "writer");
            this.streamedLength = length;
            this.body = EMPTY;
            return this;
        }

        /**
         * The whole-request timeout for this request (instead of the client's).
         *
         * @param t how long the whole request may take, redirects included; positive
         * @return this builder
         */
        public Builder timeout(Duration t) {
            ClientOptions.positive("timeout", t);
            this.timeout = t;
            return this;
        }

        /**
         * Redirects followed for this request; 0 returns redirect responses as they are.
         *
         * @param n the most redirects followed; must not be negative
         * @return this builder
         */
        public Builder maxRedirects(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + n);
            }
            this.maxRedirects = n;
            return this;
        }

        /**
         * {@code maxRedirects(0)} when false.
         *
         * @param follow whether to follow redirects (up to the client's limit)
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            this.maxRedirects = follow ? -1 : 0;
            return this;
        }

        /**
         * Hands the final response's body to {@code c} as it arrives instead of buffering it.
         *
         * @param c receives the body in pieces; the response then has an empty body
         * @return this builder
         */
        public Builder stream(BodyConsumer c) {
            this.consumer = Objects.requireNonNull(c, "consumer");
            return this;
        }

        /**
         * Fails the fetch with {@link HttpStatusException} when the final status is not 2xx.
         *
         * @return this builder
         */
        public Builder errorForStatus() {
            this.errorForStatus = true;
            return this;
        }

        private URI uri() {
            return extraQuery == null ? uri : FormEncoding.withQuery(uri, extraQuery);
        }

        /**
         * The request as set so far; the builder may be changed and built again.
         *
         * @return a new request
         */
        public ClientRequest build() {
            return new ClientRequest(this);
        }
    }
}
