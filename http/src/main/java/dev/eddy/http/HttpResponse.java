package dev.eddy.http;

import dev.eddy.http.wire.Ascii;
import dev.eddy.http.wire.StatusLines;

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
 */
public final class HttpResponse {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final byte[] body;
    private final Consumer<ResponseStream> writer;
    /**
     * The content type, kept in a field until someone asks for {@link #headers()}: most
     * responses have no other header, and this saves a headers object per response.
     */
    private String contentType;
    private HttpHeaders headers;
    private ConnectionUpgrade upgrade;

    private HttpResponse(int status, String contentType, byte[] body, Consumer<ResponseStream> writer) {
        StatusLines.reason(status);     // range check: 100..599
        if (contentType != null && !Ascii.isFieldValue(contentType)) {
            throw new IllegalArgumentException("invalid content type: CR, LF and control characters are not allowed");
        }
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.writer = writer;
    }

    /** A response with no body. */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, null, EMPTY, null);
    }

    /**
     * A body of bytes with the given content type. The array is sent as it is, not copied:
     * do not change it afterwards (sharing one constant array between responses is fine).
     */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body"), null);
    }

    /** {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code application/json}; the string must already be JSON. */
    public static HttpResponse json(int status, String json) {
        return bytes(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response whose body {@code writer} produces after the head has been sent: it gets a
     * {@link ResponseStream}, writes to it (now or from later callbacks) and ends it.
     */
    public static HttpResponse streamed(int status, Consumer<ResponseStream> writer) {
        return new HttpResponse(status, null, EMPTY, Objects.requireNonNull(writer, "writer"));
    }

    /** Adds a header (validated: no CR/LF in values); returns this response. */
    public HttpResponse header(String name, String value) {
        headers().add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The headers (Content-Type included), made on first use. */
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
     */
    public HttpResponse upgrade(ConnectionUpgrade takeOver) {
        if (status != 101) {
            throw new IllegalStateException("only a 101 response upgrades the connection, not " + status);
        }
        this.upgrade = Objects.requireNonNull(takeOver, "takeOver");
        return this;
    }

    /** Who takes the connection over after this response, or null. */
    ConnectionUpgrade upgradeOrNull() {
        return upgrade;
    }

    /** The whole body; empty for a streamed response. */
    public byte[] body() {
        return body;
    }

    public boolean isStreamed() {
        return writer != null;
    }

    /** The body writer of a streamed response, else null. */
    public Consumer<ResponseStream> writer() {
        return writer;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + (isStreamed() ? ", streamed" : ", " + body.length + " bytes") + "]";
    }
}
