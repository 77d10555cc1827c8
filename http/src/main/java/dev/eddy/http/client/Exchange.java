package dev.eddy.http.client;

import dev.eddy.Future;
import dev.eddy.http.body.BodyConsumer;
import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.ResponseHead;
import dev.eddy.net.StreamClosedException;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One request and its response on one connection. It starts the {@link RequestWriter}, then
 * reads whatever the socket delivers and runs it through a small state machine:
 *
 * <pre>
 *  HEAD ──head──► NO_BODY ─────────────────────────► done
 *                 LENGTH      (count down Content-Length) ─► done
 *                 CHUNKED     (ChunkedDecoder)             ─► done
 *                 UNTIL_CLOSE (everything until EOF)       ─► done, connection not reusable
 * </pre>
 *
 * Body bytes go through the gzip/deflate decoder when there is one, then into the buffered
 * body or to the request's {@link BodyConsumer}; while the consumer's future is pending,
 * nothing more is read (back-pressure).
 *
 * <p>Any failure closes the connection: after an error nobody knows where the next response
 * would start. The result says whether the connection may go back to the pool. Loop thread only.
 */
final class Exchange {

    private static final System.Logger LOG = System.getLogger("dev.eddy.http.client.Exchange");

    /** The most bytes asked of the socket at once. */
    static final int READ_CHUNK = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private static final int HEAD = 0;
    private static final int LENGTH = 1;
    private static final int CHUNKED = 2;
    private static final int UNTIL_CLOSE = 3;

    /** What an exchange produced: the final head, the body, and whether the connection is reusable. */
    record Result(ResponseHead head, byte[] body, HttpHeaders trailers, boolean reusable) {
    }

    /**
     * Who hears how the exchange ended. Called directly, not through a future: the exchange is
     * internal to one fetch, and a future's callback would cost a loop turn (an extra
     * {@code select}) per request. The exchange is finished before either method runs, so the
     * listener may start the next exchange on the same connection at once.
     */
    interface Listener {
        void exchangeDone(Result result);

        void exchangeFailed(Throwable cause);
    }

    private final ClientConnection conn;
    private final ClientRequest request;
    private final ClientOptions options;
    private final Function<ResponseHead, BodyConsumer> onHead;
    private final Listener listener;
    private final RequestWriter writer;
    private final BiConsumer<byte[], Throwable> onRead = this::onRead;

    private int state = HEAD;
    private boolean done;
    private long received;
    private ByteBuffer input;
    private ResponseHead head;
    private long remaining;
    private ChunkedDecoder chunked;
    private BodyConsumer consumer;
    private ContentDecoder decoder;
    private long wireBodyBytes;
    private byte[] body = EMPTY;
    private int bodyLen;

    /**
     * @param onHead   called with the final response head; returns the consumer the body goes
     *                 to, or null to buffer it
     * @param listener told once how it ended
     */
    Exchange(ClientConnection conn, ClientRequest request, ClientOptions options,
             Function<ResponseHead, BodyConsumer> onHead, Listener listener) {
        this.conn = conn;
        this.request = request;
        this.options = options;
        this.onHead = onHead;
        this.listener = listener;
        this.writer = new RequestWriter(conn, request, this);
    }

    /** Sends the request and starts reading the response; the listener hears the end. */
    void start() {
        conn.parser.reset();
        writer.start(conn, options);
        if (!done) {
            readMore();
        }
    }

    boolean isDone() {
        return done;
    }

    // ------------------------------------------------------------------ reading

    private void readMore() {
        conn.stream.readBytes(READ_CHUNK, true).whenComplete(onRead);
    }

    private void onRead(byte[] data, Throwable failure) {
        if (done) {
            return;
        }
        if (failure != null) {
            onReadFailure(failure);
            return;
        }
        received += data.length;
        input = ByteBuffer.wrap(data);
        process();
    }

    /** Runs the state machine over {@link #input} until it needs more bytes, pauses or is done. */
    private void process() {
        try {
            while (!done) {
                switch (state) {
                    case HEAD -> {
                        ResponseHead h = conn.parser.parse(input, request.method());
                        if (h == null) {
                            readMore();
                            return;
                        }
                        conn.parser.reset();
                        if (h.status() / 100 == 1 && h.status() != 101) {
                            continue;           // an interim response (100 Continue, 103): the real one follows
                        }
                        onHead(h);
                    }
                    case LENGTH -> {
                        if (remaining == 0) {
                            complete();         // only now: a paused consumer has finished the last piece
                            continue;
                        }
                        int n = (int) Math.min(remaining, input.remaining());
                        if (n == 0) {
                            readMore();
                            return;
                        }
                        remaining -= n;
                        if (deliver(slice(n))) {
                            return;
                        }
                    }
                    case CHUNKED -> {
                        int n = chunked.read(input);
                        if (n == 0) {
                            readMore();
                            return;
                        }
                        if (n < 0) {
                            complete();
                        } else if (deliver(slice(n))) {
                            return;
                        }
                    }
                    default -> {                // UNTIL_CLOSE: everything is body; the end is EOF
                        if (!input.hasRemaining()) {
                            readMore();
                            return;
                        }
                        if (deliver(slice(input.remaining()))) {
                            return;
                        }
                    }
                }
            }
        } catch (HttpProtocolException e) {
            fail(new MalformedResponseException("malformed response from " + conn.origin + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            if (done) {     // thrown after the end, by whoever heard it: not this exchange's failure
                LOG.log(System.Logger.Level.ERROR, "error after the exchange ended: " + request, e);
            } else {
                fail(e);
            }
        }
    }

    private void onHead(ResponseHead h) {
        head = h;
        consumer = onHead.apply(h);
        if (!h.hasBody()) {
            complete();
            return;
        }
        if (options.decompress()) {
            decoder = ContentDecoder.forEncoding(h.headers().get("content-encoding"), options.maxDecompressedBytes());
        }
        if (h.chunked()) {
            chunked = conn.chunkedDecoder();
            state = CHUNKED;
        } else if (h.untilClose()) {
            state = UNTIL_CLOSE;
        } else {
            if (consumer == null && h.contentLength() > options.maxBodyBytes()) {
                throw tooLarge("Content-Length " + h.contentLength());
            }
            remaining = h.contentLength();
            if (consumer == null && decoder == null) {
                body = new byte[(int) remaining];       // exactly the right size, filled in place
            }
            state = LENGTH;
        }
    }

    /** The next {@code n} input bytes as their own buffer; the input moves past them. */
    private ByteBuffer slice(int n) {
        ByteBuffer s = input.slice();
        s.limit(n);
        input.position(input.position() + n);
        return s;
    }

    /**
     * Hands body bytes on: decoded, then buffered or given to the consumer.
     *
     * @return true when the consumer asked to pause; {@link #process()} resumes later
     */
    private boolean deliver(ByteBuffer wire) {
        wireBodyBytes += wire.remaining();
        if (consumer == null && wireBodyBytes > options.maxBodyBytes()) {
            throw tooLarge("more than " + options.maxBodyBytes() + " bytes");
        }
        ByteBuffer data = decoder == null ? wire : decoder.decode(wire);
        if (consumer == null) {
            append(data);
            return false;
        }
        if (!data.hasRemaining()) {
            return false;
        }
        Future<Void> f = consumer.accept(data);
        if (f == null || f.isSucceeded()) {
            return false;
        }
        f.whenComplete((v, t) -> {
            if (t != null) {
                fail(t);
            } else if (!done) {
                process();
            }
        });
        return true;
    }

    private void append(ByteBuffer data) {
        int n = data.remaining();
        if (bodyLen + n > body.length) {
            long want = Math.max((long) body.length * 2, (long) bodyLen + n);
            body = Arrays.copyOf(body, (int) Math.min(want, Integer.MAX_VALUE - 8));
        }
        data.get(body, bodyLen, n);
        bodyLen += n;
    }

    private BodyTooLargeException tooLarge(String what) {
        return new BodyTooLargeException("response body from " + conn.origin + " too large: " + what
                + " (maxBodyBytes " + options.maxBodyBytes() + "; stream large bodies instead)", options.maxBodyBytes());
    }

    private void onReadFailure(Throwable failure) {
        Throwable cause = failure instanceof StreamClosedException ? failure.getCause() : failure;
        if (state == UNTIL_CLOSE && cause instanceof EOFException) {
            try {
                complete();
            } catch (RuntimeException e) {
                fail(e);
            }
            return;
        }
        if (cause == null) {
            fail(new ConnectionLostException("connection closed by the client during " + request, false, received, null));
            return;
        }
        boolean reset = !(cause instanceof EOFException);
        String where = received == 0 ? "before any byte of the response"
                : state == HEAD ? "in the middle of the response head (" + received + " bytes)"
                : "in the middle of the body (truncated response, " + received + " bytes)";
        fail(new ConnectionLostException((reset ? "connection to " + conn.origin + " reset " : conn.origin
                + " closed the connection ") + where + " for " + request
                + (reset ? ": " + cause.getMessage() : ""), reset, received, cause));
    }

    // ------------------------------------------------------------------ the end

    private void complete() {
        if (decoder != null) {
            decoder.finish();
            decoder.close();
        }
        boolean leftover = input != null && input.hasRemaining();
        boolean reusable = head.keepAlive() && state != UNTIL_CLOSE && head.status() != 101 && !leftover
                && writer.isComplete() && conn.stream.bufferedBytes() == 0;
        byte[] b = consumer != null || bodyLen == 0 ? EMPTY : bodyLen == body.length ? body : Arrays.copyOf(body, bodyLen);
        HttpHeaders trailers = state == CHUNKED ? chunked.trailers() : null;
        done = true;
        conn.exchanges++;
        listener.exchangeDone(new Result(head, b, trailers, reusable));
    }

    /** Fails the exchange and closes the connection (thread: loop). */
    void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        if (decoder != null) {
            decoder.close();
        }
        conn.stream.close();
        listener.exchangeFailed(cause);
    }
}
