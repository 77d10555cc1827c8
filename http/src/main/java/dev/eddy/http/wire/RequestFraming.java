package dev.eddy.http.wire;

import dev.eddy.http.internal.HeaderNames;

/**
 * What a request's header section says about the message around it, decided once the head
 * is complete: how long the body is (Content-Length, or chunked), whether the connection stays
 * open afterwards (the version and {@code Connection}), and whether the client waits for
 * {@code 100 Continue} ({@code Expect}). Along the way it checks {@code Host}.
 *
 * <p>Why it is a class of its own: this is the one question request smuggling attacks
 * target (RFC 9112 section 6), and its rules are about fields, not about the grammar of the
 * request line that {@link RequestParser} walks. So it refuses, with an
 * {@link HttpProtocolException} carrying the status, every combination two implementations
 * could read differently: Content-Length together with Transfer-Encoding, differing
 * Content-Lengths, a Transfer-Encoding that is not exactly a final {@code chunked},
 * Transfer-Encoding in HTTP/1.0, a missing or repeated Host in HTTP/1.1, a Host that is not a
 * host and port ({@link HostField}), an expectation other than {@code 100-continue}.
 *
 * <p>One per parser, reused for every request: {@link #decide} overwrites the answers, which
 * are valid until the next call. It reads the header bytes where the
 * {@link HeaderBlockParser} stored them and never allocates; on a failure it leaves the
 * previous answers (the connection is closed after one anyway).
 */
final class RequestFraming {

    private long contentLength;
    private boolean chunked;
    private boolean keepAlive;
    private boolean expectContinue;

    /**
     * Decides the framing of the request whose fields {@code headers} holds.
     *
     * @param h the complete header section
     * @param minorVersion the request's HTTP minor version: 0 or 1
     * @throws HttpProtocolException 400 for an ambiguous or missing framing or Host, 417 for an
     *         unsupported expectation, 501 for an unsupported transfer coding
     */
    void decide(HeaderBlockParser h, int minorVersion) throws HttpProtocolException {
        long contentLength = -1;
        boolean transferEncoding = false;
        boolean chunked = false;
        int hosts = 0;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean expectContinue = false;
        byte[] store = h.store();
        for (int i = 0, n = h.count(); i < n; i++) {
            int s = h.valueStart(i);
            int e = h.valueEnd(i);
            if (h.nameIs(i, HeaderNames.CONTENT_LENGTH)) {
                contentLength = FieldValues.contentLength(store, s, e, contentLength);
            } else if (h.nameIs(i, HeaderNames.TRANSFER_ENCODING)) {
                if (chunked) {
                    throw new HttpProtocolException(400, "transfer coding after chunked");
                }
                chunked = FieldValues.checkTransferEncoding(store, s, e);
                transferEncoding = true;
            } else if (h.nameIs(i, HeaderNames.HOST)) {
                if (!HostField.isValid(store, s, e)) {
                    throw new HttpProtocolException(400, "invalid Host header");
                }
                hosts++;
            } else if (h.nameIs(i, HeaderNames.CONNECTION)) {
                close |= FieldValues.hasToken(store, s, e, "close");
                keepAliveToken |= FieldValues.hasToken(store, s, e, "keep-alive");
            } else if (h.nameIs(i, HeaderNames.EXPECT)) {
                if (!FieldValues.equalsIgnoreCase(store, s, e, "100-continue")) {
                    throw new HttpProtocolException(417, "unsupported expectation");
                }
                expectContinue = true;
            }
        }
        if (transferEncoding) {
            if (contentLength >= 0) {
                throw new HttpProtocolException(400, "both Content-Length and Transfer-Encoding");
            }
            if (minorVersion == 0) {
                throw new HttpProtocolException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
        }
        if (minorVersion == 1 && hosts != 1) {
            throw new HttpProtocolException(400, hosts == 0 ? "missing Host header" : "more than one Host header");
        }
        this.contentLength = chunked ? -1 : Math.max(contentLength, 0);
        this.chunked = chunked;
        this.keepAlive = minorVersion == 1 ? !close : keepAliveToken && !close;
        this.expectContinue = expectContinue && minorVersion == 1;
    }

    /** The body length: the declared length, 0 when there is no body, -1 when chunked. */
    long contentLength() {
        return contentLength;
    }

    /** True for {@code Transfer-Encoding: chunked}. */
    boolean chunked() {
        return chunked;
    }

    /** True when the connection may stay open after this exchange. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** True for an HTTP/1.1 {@code Expect: 100-continue}. */
    boolean expectContinue() {
        return expectContinue;
    }
}
