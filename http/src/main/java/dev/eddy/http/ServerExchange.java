package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpProtocolException;

/**
 * One exchange as the connection runs it, from a parsed head to its end: the head is checked
 * against the body limit, the {@link HttpRequest} made, the handler called (a handler that
 * throws or returns null instead of a future is one that failed: the client gets a 500, the
 * loop keeps serving), and its answer handed to the loop's {@link ResponseWriter}, at once in
 * the same pass when it is ready, else from the callback of its future. The writer says what
 * it wrote and whether the head said {@code Connection: close}, and the exchange moves on from
 * that. It ends when the response is complete and the body consumed: the connection reads the
 * next head, or closes.
 *
 * <p>Only the logic, no object: the exchange in progress is two fields of the connection that
 * only this class sets ({@link HttpConnection#request}, {@code closeAfterResponse}), so an
 * exchange costs no object beyond its {@link HttpRequest}, and the read path makes a static
 * call, not a virtual one. It moves the connection through the exchange's states (HANDLING,
 * then STREAMING, UPGRADING or SKIPPING_BODY, then READING_HEAD or CLOSING) with
 * {@link HttpConnection#enter}. Loop thread only.
 */
final class ServerExchange {

    private ServerExchange() {
    }

    /** A request head arrived on {@code c}: the exchange begins and its handler is called. */
    static void start(HttpConnection c, HttpRequest r) throws HttpProtocolException {
        long maxBody = c.shared.options.limits().maxBodyBytes();
        if (r.contentLength() > maxBody) {
            throw new HttpProtocolException(413, "declared body larger than " + maxBody + " bytes");
        }
        c.closeAfterResponse = !r.keepAlive();
        c.request = r;
        c.enter(ConnectionState.HANDLING);
        c.shared.exchangeBegins(c, r);
        if (c.body != null || r.hasBody()) {
            c.bodyReader().begin(r.contentLength(), r.chunked(), r.expectContinue());
        }
        Future<HttpResponse> f;
        try {
            f = c.handler.handle(r);
            if (f == null) {
                f = Future.failed(c.loop, new NullPointerException("handler returned null instead of a Future"));
            }
        } catch (Throwable t) {
            f = Future.failed(c.loop, t);
        }
        if (f.isDone()) {
            answered(c, r, f);
        } else {
            f.addDoneCallback(done -> answeredLater(c, r, done));
        }
    }

    /**
     * The handler's future is done, in a callback after the batch that started the exchange:
     * the connection's clock still says when the request arrived, and the answer's deadlines
     * (no write progress, idle after it) must count from now.
     */
    private static void answeredLater(HttpConnection c, HttpRequest r, Future<HttpResponse> f) {
        c.clockNow();
        answered(c, r, f);
    }

    /** The handler answered (or failed): write the response, then move on as it says. */
    private static void answered(HttpConnection c, HttpRequest r, Future<HttpResponse> f) {
        if (c.state != ConnectionState.HANDLING || r != c.request) {
            return;     // the connection closed, or an error already answered this request
        }
        ResponseWriter responses = c.shared.responses;
        HttpResponse response = responses.responseOf(r, f);
        c.shared.responseBegins(c, response.status());
        BodyReader body = c.body;
        boolean bodyUnread = body != null && !body.isDone() && !body.canSkip();
        boolean closeAfter = c.closeAfterResponse || c.shuttingDown() || bodyUnread;
        ResponseWriter.Written written = responses.write(c.output, response, r, closeAfter);
        c.closeAfterResponse |= written.saidClose;
        switch (written) {
            case COMPLETE, COMPLETE_THEN_CLOSE -> responseComplete(c);
            case UPGRADE -> {
                c.shared.exchangeEnds(c, true);
                c.ending().upgradeOnceWritten(response.upgradeOrNull());
                c.enter(ConnectionState.UPGRADING);
            }
            case STREAM, STREAM_THEN_CLOSE -> {
                c.enter(ConnectionState.STREAMING);
                if (!responses.startStream(c, response, r)) {
                    c.output.flush();
                    c.abort("body writer failed");
                }
            }
        }
        c.resume();
    }

    /** The handler ended its streamed body ({@link ResponseBodyWriter#end}). */
    static void streamEnded(HttpConnection c) {
        if (c.state != ConnectionState.STREAMING) {
            return;     // closed meanwhile
        }
        responseComplete(c);
        c.resume();
    }

    /**
     * The response is complete (written, or its stream ended): the exchange ends when the
     * request body is consumed too. Then the connection closes (as agreed) or reads the next
     * head; a body still unread is skipped first, or closes the connection (lingering) when
     * too large.
     */
    private static void responseComplete(HttpConnection c) {
        c.shared.exchangeEnds(c, true);
        BodyReader body = c.body;
        if (body != null && !body.isDone()) {
            if (body.canDrain()) {
                body.skipRest(c.now);     // discard the rest, then bodyConsumed (closing on unread bytes would reset)
                c.enter(ConnectionState.SKIPPING_BODY);
            } else {
                c.ending().lingerOnClose();
                c.enter(ConnectionState.CLOSING);
            }
            return;
        }
        end(c);
    }

    /** The request body is consumed: if the response is complete too, the exchange is over. */
    static void bodyConsumed(HttpConnection c) {
        if (c.state == ConnectionState.SKIPPING_BODY) {
            end(c);
        }
    }

    /** The exchange is over: the connection closes (as agreed, or for a shutdown) or waits for the next head. */
    private static void end(HttpConnection c) {
        if (c.closeAfterResponse || c.shuttingDown()) {
            c.enter(ConnectionState.CLOSING);
            return;
        }
        c.shared.exchangeOver(c.request);
        c.request = null;
        c.deadline.activity(c.now);
        c.enter(ConnectionState.READING_HEAD);
    }
}
