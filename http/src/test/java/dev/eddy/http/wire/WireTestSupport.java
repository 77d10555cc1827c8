package dev.eddy.http.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds bytes to the wire parsers the way a connection does (in pieces, parser state kept
 * between them) and collects what they produce: the heads, the body bytes, or the error.
 */
final class WireTestSupport {

    /** One parsed request: head and body. */
    record Parsed(RequestHead head, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** What feeding a byte stream produced: the complete requests, then maybe an error. */
    record Outcome(List<Parsed> requests, HttpProtocolException error) {
    }

    private final HttpLimits limits;
    private final RequestParser parser;
    private final ChunkedDecoder chunked;
    private RequestHead head;
    private long remaining;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Parsed> requests = new ArrayList<>();

    WireTestSupport(HttpLimits limits) {
        this.limits = limits;
        this.parser = new RequestParser(limits);
        this.chunked = new ChunkedDecoder(limits);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses {@code input} delivered in pieces cut at {@code cuts} (ascending offsets). */
    static Outcome parse(HttpLimits limits, byte[] input, int... cuts) {
        WireTestSupport s = new WireTestSupport(limits);
        int prev = 0;
        try {
            for (int cut : cuts) {
                s.feed(ByteBuffer.wrap(input, prev, cut - prev).slice());
                prev = cut;
            }
            s.feed(ByteBuffer.wrap(input, prev, input.length - prev).slice());
        } catch (HttpProtocolException e) {
            return new Outcome(s.requests, e);
        }
        return new Outcome(s.requests, null);
    }

    static Outcome parse(String input, int... cuts) {
        return parse(HttpLimits.defaults(), bytes(input), cuts);
    }

    /** Like a connection: head, then body by length or chunks, then the next head. */
    void feed(ByteBuffer in) throws HttpProtocolException {
        while (in.hasRemaining()) {
            if (head == null) {
                head = parser.parse(in);
                if (head == null) {
                    return;
                }
                if (head.contentLength() > limits.maxBodyBytes()) {
                    throw new HttpProtocolException(413, "declared body too large");
                }
                remaining = head.contentLength();
                chunked.reset();
                body.reset();
                if (!head.hasBody()) {
                    complete();
                }
                continue;
            }
            if (head.chunked()) {
                int n = chunked.read(in);
                if (n > 0) {
                    take(in, n);
                } else if (n < 0) {
                    complete();
                }
            } else {
                int n = (int) Math.min(remaining, in.remaining());
                take(in, n);
                remaining -= n;
                if (remaining == 0) {
                    complete();
                }
            }
        }
    }

    private void take(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        body.write(b, 0, n);
    }

    private void complete() {
        requests.add(new Parsed(head, body.toByteArray()));
        head = null;
        parser.reset();
    }

    ChunkedDecoder chunkedDecoder() {
        return chunked;
    }
}
