package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.internal.DateCache;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.internal.StatusLines;
import dev.eddy.http.wire.HttpHeaders;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The response half of a {@link HttpConnection}: turns what the handler answered into bytes
 * in the loop's output buffer, deciding the framing (Content-Length, chunked, or until close
 * for HTTP/1.0), whether there is a body at all (never for HEAD, 1xx, 204, 304), and whether
 * the connection stays open. A failed handler becomes a 500 whose body says nothing about
 * the failure (the exception goes to the log).
 *
 * <p>One per loop ({@link ServerOnLoop#responses}), holding nothing of any connection between
 * calls, so an idle connection pays no byte for it. It changes nothing of the connection's: it
 * says what it wrote and whether the head said the connection closes ({@link Written}), and the
 * connection moves on from that.
 *
 * <p>Loop thread only.
 */
final class ResponseWriter {

    /** What {@link #write} put in the output buffer, and whether its head said {@code Connection: close}. */
    enum Written {
        /** The whole response: head and body. */
        COMPLETE(false),
        /** The whole response, whose head said {@code Connection: close}. */
        COMPLETE_THEN_CLOSE(true),
        /** The head of a streamed response: {@link #startStream} hands the handler its stream. */
        STREAM(false),
        /** The head of a streamed response that ends with the connection (it said so, or HTTP/1.0 framing). */
        STREAM_THEN_CLOSE(true),
        /** A {@code 101 Switching Protocols}: the connection is handed over once it is written. */
        UPGRADE(false);

        /** The head said {@code Connection: close}: the connection closes after this response. */
        final boolean saidClose;

        Written(boolean saidClose) {
            this.saidClose = saidClose;
        }
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerOnLoop shared;

    ResponseWriter(ServerOnLoop shared) {
        this.shared = shared;
    }

    /**
     * The response the handler's done future stands for: its value, or a 500 when it failed,
     * was cancelled, completed with null or with a status a handler cannot send.
     */
    HttpResponse responseOf(HttpRequest r, Future<HttpResponse> f) {
        HttpResponse response = null;
        Throwable failure = f.cause();
        if (failure == null) {
            response = f.getNow();
            if (response == null) {
                failure = new NullPointerException("handler completed with a null response");
            } else if (response.status() < 200 && response.upgradeOrNull() == null) {
                failure = new IllegalArgumentException("a handler cannot answer with " + response.status());
            }
        }
        if (failure instanceof java.util.concurrent.CancellationException) {
            // the application cancelled its own handler (a client that gave up, a shutdown): a
            // decision, not a bug, so no stack trace; the client, if still there, gets a 500
            HttpConnection.LOG.log(Level.DEBUG, () -> "handler cancelled on " + r + "; answering 500");
            return HttpResponse.text(500, StatusLines.reason(500));
        }
        if (failure != null) {
            shared.handlerErrors++;
            HttpConnection.LOG.log(Level.ERROR, "handler failed on " + r + "; answering 500", failure);
            return HttpResponse.text(500, StatusLines.reason(500));
        }
        return response;
    }

    /**
     * Encodes {@code response} to the request {@code h} into {@code output}.
     *
     * @param closeAfter the connection closes after this response (the client or a shutdown
     *                   asked, or the request body cannot be skipped): the head says so
     * @return what was written, and whether the head said {@code Connection: close}
     */
    Written write(ConnectionOutput output, HttpResponse response, HttpRequest h, boolean closeAfter) {
        int status = response.status();
        boolean noBody = StatusLines.forbidsBody(status);
        boolean isHead = "HEAD".equals(h.method());
        HttpHeaders headers = response.headersOrNull();
        String contentType = response.pendingContentType();
        String connection = headers == null ? null : headers.get("connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            closeAfter = true;
        }
        OutputBuffer out = output.buffer();
        byte[] date = DateCache.SYSTEM.dateLine();
        if (response.isStreamed()) {
            boolean chunked = streamChunked(status, h);
            if (!noBody && !chunked) {
                closeAfter = true;      // HTTP/1.0: the body ends at close
            }
            long framing = chunked ? ResponseHeadEncoder.CHUNKED : ResponseHeadEncoder.NO_FRAMING;
            ResponseHeadEncoder.encode(out, status, contentType, headers, framing, connectionHeader(closeAfter, h), date);
            return closeAfter ? Written.STREAM_THEN_CLOSE : Written.STREAM;
        }
        byte[] b = response.body();
        long framing = noBody ? ResponseHeadEncoder.NO_FRAMING : b.length;
        int connectionLine = response.upgradeOrNull() != null ? 3 : connectionHeader(closeAfter, h);
        ResponseHeadEncoder.encode(out, status, contentType, headers, framing, connectionLine, date);
        if (!noBody && !isHead && b.length > 0) {
            if (b.length <= ConnectionOutput.COPY_LIMIT) {
                out.put(b);
            } else {
                output.flush(ByteBuffer.wrap(b));
            }
        }
        if (response.upgradeOrNull() != null) {
            return Written.UPGRADE;
        }
        return closeAfter ? Written.COMPLETE_THEN_CLOSE : Written.COMPLETE;
    }

    /** A streamed body to {@code h} is sent in chunks: it has a body, and the client speaks HTTP/1.1. */
    private static boolean streamChunked(int status, HttpRequest h) {
        return !StatusLines.forbidsBody(status) && h.minorVersion() != 0;
    }

    /**
     * Hands the handler's writer the stream of the response to {@code h} whose head {@link #write}
     * just wrote ({@link Written#STREAM}). The writer may write and end at once, inside this call.
     *
     * @return false when the writer threw: the connection aborts (the head is out, nothing else can say so)
     */
    boolean startStream(HttpConnection conn, HttpResponse response, HttpRequest h) {
        int status = response.status();
        boolean discard = "HEAD".equals(h.method()) || StatusLines.forbidsBody(status);
        ResponseBodyWriter stream = new ResponseBodyWriter(conn, streamChunked(status, h), discard);
        try {
            response.writer().accept(stream);
            return true;
        } catch (Throwable t) {
            HttpConnection.LOG.log(Level.ERROR, "body writer failed on " + h + "; closing", t);
            return false;
        }
    }

    private static int connectionHeader(boolean closeAfter, HttpRequest h) {
        return closeAfter ? 1 : h.minorVersion() == 0 ? 2 : 0;
    }

    /** A protocol error or timeout before any response byte: status, reason phrase, and a close. */
    void sendError(ConnectionOutput output, int status) {
        HttpResponse r = HttpResponse.text(status, StatusLines.reason(status));
        ResponseHeadEncoder.encode(output.buffer(), status, r.pendingContentType(), null, r.body().length, 1,
                DateCache.SYSTEM.dateLine());
        output.buffer().put(r.body());
    }

    /** {@code 100 Continue}: the handler wants the body the client is holding back. */
    void sendContinue(ConnectionOutput output) {
        output.buffer().put(CONTINUE);
    }
}
