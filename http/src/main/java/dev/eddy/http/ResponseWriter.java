package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.internal.DateCache;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.internal.StatusLines;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.RequestHead;

import java.io.IOException;
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
 * <p>Loop thread only.
 */
final class ResponseWriter {

    private static final int NONE = 0;
    private static final int STREAMING = 1;
    private static final int DONE = 2;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final HttpConnection conn;
    private int state = DONE;
    private StreamedBody stream;

    ResponseWriter(HttpConnection conn) {
        this.conn = conn;
    }

    void begin() {
        state = NONE;
        stream = null;
    }

    boolean isDone() {
        return state == DONE;
    }

    boolean hasBegun() {
        return state != NONE;
    }

    /**
     * The handler's future is done, in a callback after the batch that started the exchange:
     * the connection's clock ({@link HttpConnection#now}) still says when the request arrived,
     * and the answer's deadlines (no write progress, idle after it) must count from now.
     */
    void onHandlerDoneLater(HttpRequest r, Future<HttpResponse> f) {
        conn.now = conn.loop.time();
        onHandlerDone(r, f);
    }

    /** The handler's future is done (at once, or in a later callback: {@link #onHandlerDoneLater}). */
    void onHandlerDone(HttpRequest r, Future<HttpResponse> f) {
        if (conn.isClosed() || r != conn.request || state != NONE) {
            return;     // the connection closed, or an error already answered this request
        }
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
        if (failure != null && !(failure instanceof java.util.concurrent.CancellationException)) {
            conn.shared.handlerErrors++;
        }
        if (failure instanceof java.util.concurrent.CancellationException) {
            // the application cancelled its own handler (a client that gave up, a shutdown): a
            // decision, not a bug, so no stack trace; the client, if still there, gets a 500
            HttpConnection.LOG.log(Level.DEBUG, () -> "handler cancelled on " + r + "; answering 500");
            response = HttpResponse.text(500, StatusLines.reason(500));
        } else if (failure != null) {
            HttpConnection.LOG.log(Level.ERROR, "handler failed on " + r + "; answering 500", failure);
            response = HttpResponse.text(500, StatusLines.reason(500));
        }
        send(response);
        conn.resume();
    }

    private void send(HttpResponse response) {
        RequestHead h = conn.head;
        int status = response.status();
        conn.shared.responseBegins(conn, status);
        boolean noBody = StatusLines.forbidsBody(status);
        boolean isHead = "HEAD".equals(h.method());
        HttpHeaders headers = response.headersOrNull();
        String contentType = response.pendingContentType();
        String connection = headers == null ? null : headers.get("connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            conn.closeAfterResponse = true;
        }
        if (!conn.bodyDone() && !conn.body.canSkip()) {
            conn.closeAfterResponse = true;     // say so now: the head is about to be written
        }
        OutputBuffer out = conn.output.buffer();
        byte[] date = DateCache.SYSTEM.dateLine();
        if (response.isStreamed()) {
            long framing = ResponseHeadEncoder.CHUNKED;
            if (noBody) {
                framing = ResponseHeadEncoder.NO_FRAMING;
            } else if (h.minorVersion() == 0) {
                framing = ResponseHeadEncoder.NO_FRAMING;   // HTTP/1.0: the body ends at close
                conn.closeAfterResponse = true;
            }
            ResponseHeadEncoder.encode(out, status, contentType, headers, framing, connectionHeader(h), date);
            state = STREAMING;
            stream = new StreamedBody(conn, this, framing == ResponseHeadEncoder.CHUNKED, isHead || noBody);
            try {
                response.writer().accept(stream);
            } catch (Throwable t) {
                HttpConnection.LOG.log(Level.ERROR, "body writer failed on " + conn.request + "; closing", t);
                conn.output.flush();
                conn.abort("body writer failed");
            }
            return;
        }
        byte[] b = response.body();
        long framing = noBody ? ResponseHeadEncoder.NO_FRAMING : b.length;
        int connectionLine = response.upgradeOrNull() != null ? 3 : connectionHeader(h);
        ResponseHeadEncoder.encode(out, status, contentType, headers, framing, connectionLine, date);
        if (!noBody && !isHead && b.length > 0) {
            if (b.length <= ConnectionOutput.COPY_LIMIT) {
                out.put(b);
            } else {
                conn.output.flush(ByteBuffer.wrap(b));
            }
        }
        state = DONE;
        conn.shared.exchangeEnds(conn, true);
        if (response.upgradeOrNull() != null) {
            conn.upgradeAfterFlush(response.upgradeOrNull());
            return;
        }
        conn.exchangeMayEnd();
    }

    private int connectionHeader(RequestHead h) {
        return conn.closeAfterResponse ? 1 : h.minorVersion() == 0 ? 2 : 0;
    }

    /** The streamed body ended. */
    void streamEnded() {
        state = DONE;
        conn.shared.exchangeEnds(conn, true);
        conn.exchangeMayEnd();
        conn.resume();
    }

    /** A protocol error or timeout before any response byte: status, reason phrase, close. */
    void sendError(int status, String reason) {
        conn.closeAfterResponse = true;
        conn.shared.responseBegins(conn, status);
        HttpResponse r = HttpResponse.text(status, StatusLines.reason(status));
        ResponseHeadEncoder.encode(conn.output.buffer(), status, r.pendingContentType(), null, r.body().length, 1,
                DateCache.SYSTEM.dateLine());
        conn.output.buffer().put(r.body());
        state = DONE;
        conn.shared.exchangeEnds(conn, true);
    }

    /** {@code 100 Continue}: the handler wants the body the client is holding back. */
    void sendContinue() {
        conn.output.buffer().put(CONTINUE);
    }

    void closed(IOException cause) {
        stream = null;
    }
}
