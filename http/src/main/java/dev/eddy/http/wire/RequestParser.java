package dev.eddy.http.wire;

import dev.eddy.http.internal.Ascii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The incremental HTTP/1.1 request-head parser: a state machine fed whatever bytes the
 * socket delivered, producing a {@link RequestHead} once the request line and the header
 * section are complete. The body is framed by the caller with the head's
 * {@code contentLength} or a {@link ChunkedDecoder}.
 *
 * <pre>
 *  (CRLF)* ─► METHOD ─SP─► TARGET ─SP─► VERSION ─CR─► LINE_LF ─LF─► HEADERS ─► done
 *                                                                  (HeaderBlockParser)
 * </pre>
 *
 * <p>After the header section it has the framing decided (RFC 9112 section 6) by the
 * {@code RequestFraming} it holds, which refuses every combination two implementations
 * could read differently: Content-Length together with Transfer-Encoding, differing
 * Content-Lengths, a Transfer-Encoding that is not exactly a final {@code chunked},
 * Transfer-Encoding in HTTP/1.0, a missing or repeated Host in HTTP/1.1, a Host that is not
 * a host and port ({@link HostField}). Each error is an {@link HttpProtocolException}
 * carrying its status; after one, the connection must be closed (the parser's position in
 * the stream is unknown).
 *
 * <p>The method is any token (RFC 9110 section 9: WebDAV's {@code PROPFIND}, {@code QUERY},
 * {@code PURGE}...); deciding which ones are served is the handler's business (the
 * {@link dev.eddy.http.Router} answers 405 or 501). Only {@code CONNECT} is refused here with
 * 501: it asks for a tunnel, which would take the connection away from HTTP.
 *
 * <p>One per connection; {@link #reset()} between requests. Allocates only when a head is
 * complete (the target and header strings) or the method is not a common one, and reuses
 * strings equal to the previous request's.
 */
public final class RequestParser {

    private static final int START = 0;
    private static final int START_LF = 1;
    private static final int METHOD = 2;
    private static final int TARGET = 3;
    private static final int VERSION = 4;
    private static final int LINE_LF = 5;
    private static final int HEADERS = 6;
    private static final int DONE = 7;

    /** Empty lines tolerated before a request line (RFC 9112 section 2.2 allows some). */
    private static final int MAX_LEADING_EMPTY_LINES = 4;
    private static final String CONNECT = "CONNECT";
    /**
     * The methods handed out as shared constants, so that parsing them allocates nothing;
     * any other token is a method too (RFC 9110 section 9: the set is extensible) and gets a
     * string of its own.
     */
    private static final String[] COMMON_METHODS = {
            "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", CONNECT};
    /**
     * The longest method accepted. The longest registered method (IANA's HTTP Method Registry)
     * has 17 characters; a longer token is not a method any handler implements, so it is
     * refused with 501 Not Implemented as soon as it passes this length, without reading the
     * rest of a request line that may be 8 KiB of junk. (Not 414, which is about the target;
     * not 400, because the token is well-formed.)
     */
    static final int MAX_METHOD_LENGTH = 32;

    private final HttpLimits limits;
    private final HeaderBlockParser headers;
    private int state = START;
    /** The request line's bytes (without spaces and CRLF); grows up to the limit. */
    private final byte[] initialLine;
    private byte[] lineBuf;
    private int lineLen;
    private int methodEnd;
    private int targetEnd;
    private int emptyLines;
    private String method;
    private int minorVersion;
    // The complete head, decided by finish(): valid until reset().
    private String target;
    /** The complete head's body length, keep-alive and 100-continue; one for every request. */
    private final RequestFraming framing = new RequestFraming();
    /** The last method outside {@link #COMMON_METHODS}, reused while the next one is equal. */
    private String lastOtherMethod;
    private String lastTarget;
    private HttpHeaders lastHeaders;

    /**
     * A parser at the start of a request.
     *
     * @param limits the request line and header limits it enforces
     */
    public RequestParser(HttpLimits limits) {
        this.limits = limits;
        this.headers = new HeaderBlockParser(limits.maxHeaderBytes(), limits.maxHeaderCount(), "header");
        this.initialLine = new byte[Math.min(limits.maxRequestLineBytes(), 64)];
        this.lineBuf = initialLine;
    }

    /** Ready for the next request on the same connection. */
    public void reset() {
        state = START;
        lineLen = 0;
        emptyLines = 0;
        headers.reset();
        if (lineBuf.length > 1024) {
            lineBuf = initialLine;
        }
    }

    /**
     * True when some bytes of a request have been consumed but the head is not complete.
     *
     * @return whether a request head is partly parsed
     */
    public boolean inProgress() {
        return state != START && state != DONE || emptyLines > 0;
    }

    /**
     * Consumes bytes from {@code in} (from its position) up to the end of the request head.
     *
     * @param in the received bytes, from its position to its limit
     * @return the head when complete ({@code in}'s position is then at the first body byte
     *         or the next request), or null when more bytes are needed (all of {@code in}
     *         was consumed)
     * @throws HttpProtocolException with the status to answer: 400, 414, 417, 431, 501 (a method
     *         longer than any real one, or an unsupported transfer coding), 505
     */
    public RequestHead parse(ByteBuffer in) throws HttpProtocolException {
        if (!complete(in)) {
            return null;
        }
        return new RequestHead(method, target, minorVersion, newHeaders(), framing.contentLength(),
                framing.chunked(), framing.keepAlive(), framing.expectContinue());
    }

    /**
     * Consumes bytes like {@link #parse} but makes no {@link RequestHead}: once it returns
     * true, the head's parts are read from this parser ({@link #method()}, {@link #target()},
     * {@link #headersInto}...) until {@link #reset()}. A server that reuses its request
     * objects parses this way and allocates nothing for a request like the one before it.
     *
     * @param in the received bytes, from its position to its limit
     * @return true when the head is complete ({@code in}'s position is then at the first body
     *         byte or the next request), false when more bytes are needed (all of {@code in}
     *         was consumed)
     * @throws HttpProtocolException as {@link #parse} does
     */
    public boolean complete(ByteBuffer in) throws HttpProtocolException {
        if (state < HEADERS) {
            parseRequestLine(in);
        }
        if (state == HEADERS && headers.parse(in)) {
            state = DONE;
            finish();
            return true;
        }
        return false;
    }

    /**
     * The complete head's method: a shared constant for the common ones.
     *
     * @return the method token, case as sent
     */
    public String method() {
        return method;
    }

    /**
     * The complete head's request target (the previous request's string when equal).
     *
     * @return the target as sent
     */
    public String target() {
        return target;
    }

    /**
     * The complete head's minor version.
     *
     * @return 0 for HTTP/1.0, 1 for HTTP/1.1
     */
    public int minorVersion() {
        return minorVersion;
    }

    /**
     * The complete head's body length, as {@link RequestHead#contentLength()}.
     *
     * @return the declared length, 0 when there is no body, -1 when chunked
     */
    public long contentLength() {
        return framing.contentLength();
    }

    /**
     * Whether the complete head's body is chunked.
     *
     * @return true for {@code Transfer-Encoding: chunked}
     */
    public boolean chunked() {
        return framing.chunked();
    }

    /**
     * Whether the client lets the connection stay open after this exchange.
     *
     * @return the keep-alive decision for the complete head
     */
    public boolean keepAlive() {
        return framing.keepAlive();
    }

    /**
     * Whether the client waits for {@code 100 Continue} before sending the body.
     *
     * @return true for an HTTP/1.1 {@code Expect: 100-continue}
     */
    public boolean expectContinue() {
        return framing.expectContinue();
    }

    /**
     * The complete head's fields as new {@link HttpHeaders}, sharing the strings that are equal
     * with the headers this parser made before (see {@link HeaderBlockParser#toHeaders}).
     *
     * @return new headers holding the fields in the order they arrived
     */
    public HttpHeaders newHeaders() {
        HttpHeaders parsed = headers.toHeaders(lastHeaders);
        lastHeaders = parsed;
        return parsed;
    }

    /**
     * Writes the complete head's fields into {@code target}, replacing what it held and
     * reusing its strings where they are equal (see {@link HeaderBlockParser#fill}).
     *
     * @param target the headers to overwrite, usually those of the previous request
     */
    public void headersInto(HttpHeaders target) {
        headers.fill(target);
    }

    private void parseRequestLine(ByteBuffer in) throws HttpProtocolException {
        int pos = in.position();
        final int limit = in.limit();
        try {
            while (pos < limit && state < HEADERS) {
                byte b = in.get(pos++);
                switch (state) {
                    case START -> {
                        if (b == '\r') {
                            state = START_LF;
                        } else if (Ascii.is(b, Ascii.TOKEN)) {
                            put(b);
                            state = METHOD;
                        } else {
                            throw new HttpProtocolException(400, "invalid character at the start of the request line");
                        }
                    }
                    case START_LF -> {
                        if (b != '\n' || ++emptyLines > MAX_LEADING_EMPTY_LINES) {
                            throw new HttpProtocolException(400, "malformed empty line before the request line");
                        }
                        state = START;
                    }
                    case METHOD -> {
                        if (Ascii.is(b, Ascii.TOKEN)) {
                            if (lineLen == MAX_METHOD_LENGTH) {
                                throw new HttpProtocolException(501, "method longer than " + MAX_METHOD_LENGTH
                                        + " characters: " + new String(lineBuf, 0, lineLen, StandardCharsets.ISO_8859_1));
                            }
                            put(b);
                        } else if (b == ' ') {
                            methodEnd = lineLen;
                            method = parseMethod();
                            if (method == CONNECT) {        // a shared constant: see parseMethod()
                                throw new HttpProtocolException(501, "CONNECT (a tunnel) is not implemented");
                            }
                            state = TARGET;
                        } else {
                            throw new HttpProtocolException(400, "invalid character in method");
                        }
                    }
                    case TARGET -> {
                        if (Ascii.is(b, Ascii.TARGET)) {
                            put(b);
                        } else if (b == ' ' && lineLen > methodEnd) {
                            targetEnd = lineLen;
                            state = VERSION;
                        } else {
                            throw new HttpProtocolException(400, "invalid character in request target");
                        }
                    }
                    case VERSION -> {
                        if (b == '\r') {
                            checkVersion();
                            state = LINE_LF;
                        } else if (lineLen - targetEnd >= 8) {
                            throw new HttpProtocolException(400, "malformed HTTP version");
                        } else {
                            put(b);
                        }
                    }
                    case LINE_LF -> {
                        if (b != '\n') {
                            throw new HttpProtocolException(400, "bare CR in request line");
                        }
                        state = HEADERS;
                    }
                    default -> throw new IllegalStateException();
                }
            }
        } finally {
            in.position(pos);
        }
    }

    private void put(byte b) throws HttpProtocolException {
        if (lineLen == lineBuf.length) {
            if (lineLen >= limits.maxRequestLineBytes()) {
                throw new HttpProtocolException(414, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
            }
            lineBuf = java.util.Arrays.copyOf(lineBuf, Math.min(lineBuf.length * 2, limits.maxRequestLineBytes()));
        }
        lineBuf[lineLen++] = b;
    }

    /** The method just read: a shared constant for the common ones, else a (reused) string. */
    private String parseMethod() {
        for (String m : COMMON_METHODS) {
            if (methodIs(m)) {
                return m;
            }
        }
        String last = lastOtherMethod;
        if (last != null && methodIs(last)) {
            return last;
        }
        return lastOtherMethod = new String(lineBuf, 0, methodEnd, StandardCharsets.ISO_8859_1);
    }

    private boolean methodIs(String m) {
        if (m.length() != methodEnd) {
            return false;
        }
        for (int i = 0; i < methodEnd; i++) {
            if (lineBuf[i] != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void checkVersion() throws HttpProtocolException {
        int s = targetEnd;
        if (lineLen - s != 8 || lineBuf[s] != 'H' || lineBuf[s + 1] != 'T' || lineBuf[s + 2] != 'T'
                || lineBuf[s + 3] != 'P' || lineBuf[s + 4] != '/' || lineBuf[s + 6] != '.'
                || !digit(lineBuf[s + 5]) || !digit(lineBuf[s + 7])) {
            throw new HttpProtocolException(400, "malformed HTTP version");
        }
        if (lineBuf[s + 5] != '1' || (lineBuf[s + 7] != '0' && lineBuf[s + 7] != '1')) {
            throw new HttpProtocolException(505, "HTTP version not supported");
        }
        minorVersion = lineBuf[s + 7] - '0';
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    // ---------------------------------------------------------------- the complete head

    /** The head is complete: check the target's form, then let {@link RequestFraming} decide the rest. */
    private void finish() throws HttpProtocolException {
        String target = parseTarget();
        if (target.charAt(0) != '/' && !(target.equals("*") && method.equals("OPTIONS"))
                && !target.startsWith("http://") && !target.startsWith("https://")) {
            throw new HttpProtocolException(400, "request target must be origin-form, absolute-form or *");
        }
        framing.decide(headers, minorVersion);
        this.target = target;
    }

    private String parseTarget() {
        int s = methodEnd;
        int len = targetEnd - s;
        String last = lastTarget;
        if (last != null && last.length() == len) {
            int k = 0;
            while (k < len && lineBuf[s + k] == last.charAt(k)) {
                k++;
            }
            if (k == len) {
                return last;
            }
        }
        return lastTarget = new String(lineBuf, s, len, StandardCharsets.ISO_8859_1);
    }
}
