package dev.eddy.http;

import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.internal.Ascii;
import dev.eddy.http.internal.StatusLines;
import dev.eddy.http.wire.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a handler answers: a status, headers, and either a body that is all there at once
 * (sent with {@code Content-Length}) or a body written later piece by piece
 * ({@link #streamed}, sent chunked).
 *
 * <p>The server writes the framing headers itself ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code Date}); {@code Connection: close} set here closes the
 * connection after the response. Header values with CR or LF are refused when set, so a
 * value taken from a request cannot split the response.
 *
 * <p>The server only reads a response, never changes it: a response made once and not
 * changed after it was first sent (a constant) may answer any number of requests, on any
 * loop, and answering with it allocates nothing ({@link HttpRequest#respond}).
 */
public final class HttpResponse {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final byte[] body;
    /**
     * The body writer of a streamed response (a {@code Consumer<BodyWriter>}), or who takes
     * the connection over after a 101 (a {@link ConnectionUpgrade}), or null. One field for the
     * two because a response has at most one of them (a 101 has no body), and the server makes
     * a response object per request: a seventh field would make each one 8 bytes bigger.
     */
    private Object writerOrUpgrade;
    /**
     * The content type, kept in a field until someone asks for {@link #headers()}: most
     * responses have no other header, and this saves a headers object per response.
     */
    private String contentType;
    private HttpHeaders headers;

    private HttpResponse(int status, String contentType, byte[] body, Consumer<BodyWriter> writer) {
        StatusLines.reason(status);     // range check: 100..599
        if (contentType != null && !Ascii.isFieldValue(contentType)) {
            throw new IllegalArgumentException("invalid content type: CR, LF and control characters are not allowed");
        }
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.writerOrUpgrade = writer;
    }

    /**
     * A response with no body.
     *
     * @param status the status code, 100-599
     * @return a response with that status and no body
     */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, null, EMPTY, null);
    }

    /**
     * A body of bytes with the given content type. The array is sent as it is, not copied:
     * do not change it afterwards (sharing one constant array between responses is fine).
     *
     * @param status the status code, 100-599
     * @param contentType the Content-Type to send; not null
     * @param body the body; not copied
     * @return a response with that body
     */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body"), null);
    }

    /**
     * {@code text/plain; charset=utf-8}.
     *
     * @param status the status code, 100-599
     * @param text the body, sent as UTF-8
     * @return a response with that body
     */
    public static HttpResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code application/json}; the string must already be JSON.
     *
     * @param status the status code, 100-599
     * @param json the JSON text, sent as UTF-8
     * @return a response with that body
     */
    public static HttpResponse json(int status, String json) {
        return bytes(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response whose body {@code writer} produces after the head has been sent: it gets a
     * {@link BodyWriter}, writes to it (now or from later callbacks) and ends it.
     *
     * @param status the status code, 100-599
     * @param writer called once with the stream to write the body to, on the loop thread
     * @return a streamed response
     */
    public static HttpResponse streamed(int status, Consumer<BodyWriter> writer) {
        return new HttpResponse(status, null, EMPTY, Objects.requireNonNull(writer, "writer"));
    }

    /**
     * Adds a header (validated: no CR/LF in values); returns this response.
     *
     * @param name the header name, a token
     * @param value the value; no CR, LF or other control character
     * @return this response, for chaining
     */
    public HttpResponse header(String name, String value) {
        headers().add(name, value);
        return this;
    }

    /**
     * The status code.
     *
     * @return the status, 100-599
     */
    public int status() {
        return status;
    }

    /**
     * The headers (Content-Type included), made on first use.
     *
     * @return the response's headers, to read or add to
     */
    public HttpHeaders headers() {
        if (headers == null) {
            headers = new HttpHeaders(4);
            if (contentType != null) {
                headers.addTrusted("Content-Type", contentType);
                contentType = null;
            }
        }
        return headers;
    }

    /** The headers if {@link #headers()} made them, else null (the encoder's no-allocation path). */
    HttpHeaders headersOrNull() {
        return headers;
    }

    /** The content type while it is still kept outside the headers, else null. */
    String pendingContentType() {
        return contentType;
    }

    /**
     * Hands the connection over to {@code takeOver} once this response (a {@code 101 Switching
     * Protocols}, the only status that may carry one) has been written; returns this response.
     *
     * @param takeOver takes over the connection's transport after the response is written
     * @return this response, for chaining
     */
    public HttpResponse upgrade(ConnectionUpgrade takeOver) {
        if (status != 101) {
            throw new IllegalStateException("only a 101 response upgrades the connection, not " + status);
        }
        if (isStreamed()) {
            throw new IllegalStateException("a 101 response has no body: it cannot be streamed and upgrade");
        }
        this.writerOrUpgrade = Objects.requireNonNull(takeOver, "takeOver");
        return this;
    }

    /** Who takes the connection over after this response, or null. */
    ConnectionUpgrade upgradeOrNull() {
        return writerOrUpgrade instanceof ConnectionUpgrade u ? u : null;
    }

    /**
     * The whole body; empty for a streamed response.
     *
     * @return the body bytes; empty for no body or a streamed body
     */
    public byte[] body() {
        return body;
    }

    /**
     * Whether the body is written through a {@link BodyWriter}.
     *
     * @return whether this response was made with {@link #streamed}
     */
    public boolean isStreamed() {
        return writerOrUpgrade != null && !(writerOrUpgrade instanceof ConnectionUpgrade);
    }

    /**
     * The body writer of a streamed response, else null.
     *
     * @return the body writer, or null when the body is in {@link #body()}
     */
    @SuppressWarnings("unchecked")      // only streamed() stores anything else than an upgrade
    public Consumer<BodyWriter> writer() {
        return isStreamed() ? (Consumer<BodyWriter>) writerOrUpgrade : null;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + (isStreamed() ? ", streamed" : ", " + body.length + " bytes") + "]";
    }
}
