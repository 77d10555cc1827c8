package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;
import dev.eddy.http.internal.HeaderNames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The incremental response-head parser, for the HTTP client: the sibling of
 * {@link RequestParser} with a status line instead of a request line, the same
 * {@link HeaderBlockParser}, and the response's framing rules (RFC 9112 section 6.3):
 *
 * <ol>
 *   <li>no body after a HEAD request or with status 1xx, 204 or 304;</li>
 *   <li>chunked when Transfer-Encoding ends in chunked (anything else: until close);</li>
 *   <li>Content-Length when given (differing values, or together with
 *       Transfer-Encoding, are refused: the same smuggling concern as for requests);</li>
 *   <li>otherwise the body runs until the server closes the connection.</li>
 * </ol>
 *
 * <pre>
 *  H T T P / d . d ─SP─► STATUS (3 digits) ─SP─► REASON ─CR─► LINE_LF ─LF─► HEADERS ─► done
 * </pre>
 *
 * <p>One per connection; {@link #reset()} between responses. Errors are
 * {@link HttpProtocolException}s (their status is meaningless here: the client just fails).
 */
public final class ResponseParser {

    private static final int VERSION = 0;
    private static final int STATUS = 1;
    private static final int REASON = 2;
    private static final int LINE_LF = 3;
    private static final int HEADERS = 4;
    private static final int DONE = 5;
    private static final byte[] PREFIX = "HTTP/1.".getBytes(StandardCharsets.ISO_8859_1);

    private final HttpLimits limits;
    private final HeaderBlockParser headers;
    private int state = VERSION;
    private int count;
    private int minorVersion;
    private int status;
    private final StringBuilder reason = new StringBuilder();
    /** The previous response's headers on this connection: equal values reuse their strings. */
    private HttpHeaders previous;

    /**
     * A parser at the start of a response.
     *
     * @param limits the header limits it enforces
     */
    public ResponseParser(HttpLimits limits) {
        this.limits = limits;
        this.headers = new HeaderBlockParser(limits.maxHeaderBytes(), limits.maxHeaderCount(), "header");
    }

    /** Makes the parser ready for the next response on the connection. */
    public void reset() {
        state = VERSION;
        count = 0;
        status = 0;
        reason.setLength(0);
        headers.reset();
    }

    /**
     * Consumes bytes up to the end of the response head.
     *
     * @param in the received bytes, from its position to its limit
     * @param requestMethod the method of the request this answers (HEAD responses have no body)
     * @return the head, or null when more bytes are needed
     * @throws HttpProtocolException when the head is malformed or over a limit
     */
    public ResponseHead parse(ByteBuffer in, String requestMethod) throws HttpProtocolException {
        int pos = in.position();
        final int limit = in.limit();
        while (pos < limit && state < HEADERS) {
            byte b = in.get(pos++);
            if (++count > limits.maxRequestLineBytes()) {
                throw new HttpProtocolException(400, "status line too long");
            }
            switch (state) {
                case VERSION -> {
                    if (count <= PREFIX.length) {
                        if (b != PREFIX[count - 1]) {
                            throw new HttpProtocolException(400, "not an HTTP/1.x response");
                        }
                    } else if (count == PREFIX.length + 1 && (b == '0' || b == '1')) {
                        minorVersion = b - '0';
                    } else if (count == PREFIX.length + 2 && b == ' ') {
                        state = STATUS;
                    } else {
                        throw new HttpProtocolException(400, "malformed HTTP version in status line");
                    }
                }
                case STATUS -> {
                    if (b >= '0' && b <= '9' && status < 100) {
                        status = status * 10 + (b - '0');
                    } else if (b == ' ' && status >= 100) {
                        state = REASON;
                    } else if (b == '\r' && status >= 100) {
                        state = LINE_LF;        // no reason phrase at all: tolerated
                    } else {
                        throw new HttpProtocolException(400, "malformed status code");
                    }
                }
                case REASON -> {
                    if (b == '\r') {
                        state = LINE_LF;
                    } else if (Ascii.is(b, Ascii.FIELD)) {
                        reason.append((char) (b & 0xFF));
                    } else {
                        throw new HttpProtocolException(400, "invalid character in reason phrase");
                    }
                }
                default -> {           // LINE_LF
                    if (b != '\n') {
                        throw new HttpProtocolException(400, "bare CR in status line");
                    }
                    state = HEADERS;
                }
            }
        }
        in.position(pos);
        if (state == HEADERS && headers.parse(in)) {
            state = DONE;
            return finish(requestMethod);
        }
        return null;
    }

    private ResponseHead finish(String requestMethod) throws HttpProtocolException {
        if (status < 100 || status > 599) {
            throw new HttpProtocolException(400, "status code out of range: " + status);
        }
        long contentLength = -1;
        boolean transferEncoding = false;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveToken = false;
        byte[] store = headers.store();
        for (int i = 0, n = headers.count(); i < n; i++) {
            int s = headers.valueStart(i);
            int e = headers.valueEnd(i);
            if (headers.nameIs(i, HeaderNames.CONTENT_LENGTH)) {
                contentLength = FieldValues.contentLength(store, s, e, contentLength);
            } else if (headers.nameIs(i, HeaderNames.TRANSFER_ENCODING)) {
                transferEncoding = true;
                chunked = FieldValues.hasToken(store, s, e, "chunked") && endsWithChunked(store, s, e);
            } else if (headers.nameIs(i, HeaderNames.CONNECTION)) {
                close |= FieldValues.hasToken(store, s, e, "close");
                keepAliveToken |= FieldValues.hasToken(store, s, e, "keep-alive");
            }
        }
        if (transferEncoding && contentLength >= 0) {
            throw new HttpProtocolException(400, "both Content-Length and Transfer-Encoding");
        }
        boolean noBody = "HEAD".equals(requestMethod) || status < 200 || status == 204 || status == 304;
        boolean untilClose = !noBody && !chunked && contentLength < 0;
        boolean keepAlive = !untilClose && (minorVersion == 1 ? !close : keepAliveToken && !close);
        previous = headers.toHeaders(previous);
        return new ResponseHead(status, reason.length() == 2 && reason.charAt(0) == 'O' && reason.charAt(1) == 'K'
                ? "OK" : reason.toString(), minorVersion, previous,
                noBody ? 0 : chunked ? -1 : contentLength, !noBody && chunked, untilClose, keepAlive);
    }

    private static boolean endsWithChunked(byte[] b, int s, int e) {
        int end = e;
        while (end > s && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end - s >= 7 && FieldValues.equalsIgnoreCase(b, end - 7, end, "chunked")
                && (end - 7 == s || b[end - 8] == ',' || b[end - 8] == ' ' || b[end - 8] == '\t');
    }
}
