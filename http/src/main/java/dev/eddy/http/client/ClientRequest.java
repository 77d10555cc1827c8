package dev.eddy.http.client;

import dev.eddy.http.HttpHeaders;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
    private final BodyProducer producer;
    private final long producerLength;
    private final Duration timeout;
    private final int maxRedirects;
    private final BodyConsumer consumer;
    private final boolean errorForStatus;

    private ClientRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri();
        this.headers = copy(b.headers);
        this.body = b.body;
        this.producer = b.producer;
        this.producerLength = b.producerLength;
        this.timeout = b.timeout;
        this.maxRedirects = b.maxRedirects;
        this.consumer = b.consumer;
        this.errorForStatus = b.errorForStatus;
    }

    /** A builder for {@code method} on {@code url} (an absolute http URL). */
    public static Builder request(String method, String url) {
        return new Builder(method, URI.create(url));
    }

    public static Builder get(String url) {
        return request("GET", url);
    }

    public static Builder head(String url) {
        return request("HEAD", url);
    }

    public static Builder post(String url) {
        return request("POST", url);
    }

    public static Builder put(String url) {
        return request("PUT", url);
    }

    public static Builder delete(String url) {
        return request("DELETE", url);
    }

    /** A builder that starts as a copy of this request. */
    public Builder toBuilder() {
        Builder b = new Builder(method, uri);
        b.headers = copy(headers);
        b.body = body;
        b.producer = producer;
        b.producerLength = producerLength;
        b.timeout = timeout;
        b.maxRedirects = maxRedirects;
        b.consumer = consumer;
        b.errorForStatus = errorForStatus;
        return b;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** The request's own headers (a copy is made when it is built; don't change these). */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body bytes; empty when there is none or the body is streamed. */
    public byte[] body() {
        return body;
    }

    /** The streamed body, or null. */
    public BodyProducer producer() {
        return producer;
    }

    /** The declared length of the streamed body, or -1 (then it is sent chunked). */
    public long producerLength() {
        return producerLength;
    }

    /** This request's whole-request timeout, or null for the client's. */
    public Duration timeout() {
        return timeout;
    }

    /** This request's redirect limit, or -1 for the client's. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** Where the response body goes instead of the response, or null. */
    public BodyConsumer consumer() {
        return consumer;
    }

    /** True when a non-2xx final response fails the fetch with {@link HttpStatusException}. */
    public boolean errorForStatus() {
        return errorForStatus;
    }

    /**
     * True for methods that mean the same when sent twice (RFC 9110 section 9.2.2), which a
     * client may retry after a connection failed before the answer came.
     */
    public boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** True when the body can be sent again (it is not streamed). */
    public boolean isReplayable() {
        return producer == null;
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
        private BodyProducer producer;
        private long producerLength = -1;
        private Duration timeout;
        private int maxRedirects = -1;
        private BodyConsumer consumer;
        private boolean errorForStatus;

        private Builder(String method, URI uri) {
            method(method);
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** The method, any case (sent upper case). */
        public Builder method(String m) {
            String up = Objects.requireNonNull(m, "method").toUpperCase(Locale.ROOT);
            if (!dev.eddy.http.wire.Ascii.isToken(up)) {
                throw new IllegalArgumentException("invalid method: '" + m + "'");
            }
            this.method = up;
            return this;
        }

        /** Replaces the URL (absolute). */
        public Builder url(String url) {
            this.uri = URI.create(url);
            this.extraQuery = null;
            return this;
        }

        /** Adds a header (validated: a CR or LF in a value is refused). */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces every header of that name. */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /** Removes every header of that name. */
        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        /** Appends {@code name=value} to the URL's query, percent-encoded (UTF-8). */
        public Builder query(String name, String value) {
            if (extraQuery == null) {
                extraQuery = new StringBuilder();
            } else {
                extraQuery.append('&');
            }
            extraQuery.append(encode(name)).append('=').append(encode(value));
            return this;
        }

        /** A body of bytes with a content type (null: no Content-Type header). */
        public Builder body(byte[] bytes, String contentType) {
            this.body = Objects.requireNonNull(bytes, "bytes");
            this.producer = null;
            if (contentType != null) {
                headers.set("Content-Type", contentType);
            }
            return this;
        }

        /** A text body, {@code text/plain; charset=utf-8}. */
        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }

        /** A JSON body (the string must already be JSON). */
        public Builder json(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        /** An HTML form body, {@code application/x-www-form-urlencoded}, in the map's order. */
        public Builder form(Map<String, String> fields) {
            StringBuilder sb = new StringBuilder();
            fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
            return body(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        }

        /**
         * A body produced piece by piece with back-pressure (see {@link BodyProducer}); sent
         * chunked when {@code length} is -1, else with that Content-Length.
         */
        public Builder body(BodyProducer p, long length) {
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
            }
            this.producer = Objects.requireNonNull(p, "producer");
            this.producerLength = length;
            this.body = EMPTY;
            return this;
        }

        /** The whole-request timeout for this request (instead of the client's). */
        public Builder timeout(Duration t) {
            ClientOptions.positive("timeout", t);
            this.timeout = t;
            return this;
        }

        /** Redirects followed for this request; 0 returns redirect responses as they are. */
        public Builder maxRedirects(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + n);
            }
            this.maxRedirects = n;
            return this;
        }

        /** {@code maxRedirects(0)} when false. */
        public Builder followRedirects(boolean follow) {
            this.maxRedirects = follow ? -1 : 0;
            return this;
        }

        /** Hands the final response's body to {@code c} as it arrives instead of buffering it. */
        public Builder stream(BodyConsumer c) {
            this.consumer = Objects.requireNonNull(c, "consumer");
            return this;
        }

        /** Fails the fetch with {@link HttpStatusException} when the final status is not 2xx. */
        public Builder errorForStatus() {
            this.errorForStatus = true;
            return this;
        }

        private URI uri() {
            if (extraQuery == null) {
                return uri;
            }
            String s = uri.toString();
            int hash = s.indexOf('#');
            String fragment = hash < 0 ? "" : s.substring(hash);
            String base = hash < 0 ? s : s.substring(0, hash);
            String sep = uri.getRawQuery() == null ? "?" : uri.getRawQuery().isEmpty() ? "" : "&";
            return URI.create(base + sep + extraQuery + fragment);
        }

        public ClientRequest build() {
            return new ClientRequest(this);
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
