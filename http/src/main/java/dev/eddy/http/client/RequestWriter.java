package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.Promise;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.net.BufferFullException;
import dev.eddy.net.IOStream;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Sends a request on a connection: encodes the head into the connection's reusable buffer
 * and writes it together with the body in one gathering write, or hands a streamed body's
 * writer itself as the {@link BodyWriter}, framing each piece as a chunk when no length was
 * declared.
 *
 * <p>{@link #written()} completes when the whole request reached the socket. Loop thread only.
 */
final class RequestWriter implements BodyWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The done-callback of {@link #reportedElsewhere}: its running is the looking. */
    private static final Consumer<Future<Void>> SEEN = f -> { };

    private final IOStream stream;
    private final ClientRequest request;
    private final Exchange exchange;
    private final boolean chunked;
    private long sent;
    private boolean ended;
    /** The write that finishes the request (the only one, or the last chunk); null until known. */
    private Future<Void> last;
    private Promise<Void> lastPromise;

    RequestWriter(ClientConnection conn, ClientRequest request, Exchange exchange) {
        this.stream = conn.stream;
        this.request = request;
        this.exchange = exchange;
        this.chunked = request.writer() != null && request.streamedLength() < 0;
    }

    /**
     * Encodes the head into the connection's buffer and starts sending. A socket error needs
     * no handling here: it closes the stream, and the pending response read reports it (as a
     * {@link ConnectionLostException}, which a retry may follow); see {@link #reportedElsewhere}.
     * Only a body too large for the write buffer fails without closing anything, so that one is
     * passed on here.
     */
    void start(ClientConnection conn, ClientOptions options) {
        encodeHead(conn.head, conn.origin, request, options, chunked);
        ByteBuffer head = conn.head.view();
        byte[] body = request.body();
        if (request.writer() == null) {
            last = body.length == 0 ? stream.write(head) : stream.write(head, ByteBuffer.wrap(body));
            if (last.isFailed() && last.cause() instanceof BufferFullException) {
                exchange.fail(last.cause());        // refused without closing the stream: nobody else would notice
            }
            reportedElsewhere(last);
            return;
        }
        reportedElsewhere(stream.write(head));
        lastPromise = new Promise<>(stream.loop());
        reportedElsewhere(lastPromise);
        try {
            request.writer().accept(this);
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
    }

    /**
     * Marks the failure of a write of ours as seen: it is reported by the response read (see
     * {@link #start}), so nobody else looks at the write's future, and a test loop's leak check
     * would count it as a failure nobody observed. A write that completed at once (nearly every
     * request) costs nothing here; one still queued gets a done-callback that does nothing.
     */
    private static void reportedElsewhere(Future<Void> write) {
        if (!write.isDone()) {
            write.addDoneCallback(SEEN);
        } else if (write.isFailed()) {
            write.cause();
        }
    }

    /** True once every byte of the request reached the socket. */
    boolean isComplete() {
        Future<Void> f = last != null ? last : lastPromise;
        return f != null && f.isSucceeded();
    }

    @Override
    public Future<Void> write(ByteBuffer bytes) {
        if (ended) {
            throw new IllegalStateException("write after end() of the request body");
        }
        if (exchange.isDone() || stream.isClosed()) {
            return Future.failed(stream.loop(), new IllegalStateException("the request is over; body write refused"));
        }
        int n = bytes.remaining();
        sent += n;
        if (!chunked) {
            if (sent > request.streamedLength()) {
                IllegalStateException e = new IllegalStateException("request body longer than its declared length "
                        + request.streamedLength());
                exchange.fail(e);
                return Future.failed(stream.loop(), e);
            }
            return stream.write(bytes);
        }
        if (n == 0) {
            return Future.succeeded(stream.loop(), null);     // an empty chunk would end the body
        }
        byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return stream.write(ByteBuffer.wrap(size), bytes, ByteBuffer.wrap(CRLF));
    }

    @Override
    public Future<Void> end(HttpHeaders trailers) {
        if (ended) {
            return lastPromise;
        }
        ended = true;
        if (!chunked && sent != request.streamedLength()) {
            IllegalStateException e = new IllegalStateException("request body of " + sent + " bytes, declared "
                    + request.streamedLength());
            lastPromise.tryFail(e);
            exchange.fail(e);
            return lastPromise;
        }
        if (exchange.isDone() || stream.isClosed()) {
            lastPromise.tryFail(new IllegalStateException("the request is over; body end refused"));
            return lastPromise;
        }
        Future<Void> w;
        if (!chunked) {
            w = stream.write(ByteBuffer.allocate(0));
        } else if (trailers == null || trailers.size() == 0) {
            w = stream.write(ByteBuffer.wrap(LAST_CHUNK));
        } else {
            w = stream.write(ByteBuffer.wrap(lastChunk(trailers)));
        }
        lastPromise.completeWith(w);
        return lastPromise;
    }

    /** The last chunk followed by {@code trailers} (RFC 9112 7.1.2). */
    private static byte[] lastChunk(HttpHeaders trailers) {
        StringBuilder b = new StringBuilder("0\r\n");
        for (int i = 0; i < trailers.size(); i++) {
            b.append(trailers.name(i)).append(": ").append(trailers.value(i)).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void fail(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        lastPromise.tryFail(cause);
        exchange.fail(cause);
    }

    @Override
    public boolean isOpen() {
        return !ended && !exchange.isDone() && !stream.isClosed();
    }

    static void encodeHead(OutputBuffer out, Origin origin, ClientRequest request, ClientOptions options,
                           boolean chunked) {
        out.clear();
        URI uri = request.uri();
        String path = uri.getRawPath();
        out.putLatin1(request.method()).put((byte) ' ').putLatin1(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            out.put((byte) '?').putLatin1(uri.getRawQuery());
        }
        out.put(HTTP11);
        HttpHeaders h = request.headers();
        if (!h.contains("host")) {
            out.putLatin1("Host: ").putLatin1(origin.hostHeader()).putCrlf();
        }
        if (options.userAgent() != null && !h.contains("user-agent")) {
            out.putLatin1("User-Agent: ").putLatin1(options.userAgent()).putCrlf();
        }
        if (options.decompress() && !h.contains("accept-encoding")) {
            out.putLatin1("Accept-Encoding: gzip, deflate\r\n");
        }
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                continue;       // the body decides these
            }
            out.putLatin1(name).put((byte) ':').put((byte) ' ').putLatin1(h.value(i)).putCrlf();
        }
        if (chunked) {
            out.putLatin1("Transfer-Encoding: chunked\r\n");
        } else {
            long length = request.writer() != null ? request.streamedLength() : request.body().length;
            if (length > 0 || needsZeroLength(request.method())) {
                out.putLatin1("Content-Length: ").putDecimal(length).putCrlf();
            }
        }
        out.putCrlf();
    }

    /** Methods that normally have a body say "Content-Length: 0" when it is empty (RFC 9110 8.6). */
    private static boolean needsZeroLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
