package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpProtocolException;

/**
 * One exchange as the connection runs it, from a parsed head to the response handed to the
 * {@link ResponseWriter}: the head is checked against the body limit, the {@link HttpRequest}
 * made, the handler called (a handler that throws or returns null instead of a future is one
 * that failed: the client gets a 500, the loop keeps serving), and its answer written, at once
 * in the same pass when it is ready, else from the callback of its future.
 *
 * <p>Only the logic, no state: the exchange in progress is the connection's
 * ({@link HttpConnection#request}, {@code head}, {@code closeAfterResponse}), so an exchange
 * costs no object beyond its {@link HttpRequest}. It moves the connection into the exchange's
 * states (HANDLING, then STREAMING or UPGRADING) through {@link HttpConnection#enter}; the
 * connection ends the exchange ({@link HttpConnection#responseComplete}). Loop thread only.
 */
final class ServerExchange {

    private ServerExchange() {
    }

    /** A request head arrived on {@code c}: the exchange begins and its handler is called. */
    static void start(HttpConnection c, HttpRequest r) throws HttpProtocolException {
        if (r.contentLength() > c.shared.options.limits().maxBodyBytes()) {
            throw new HttpProtocolException(413, "declared body larger than " + c.shared.options.limits().maxBodyBytes() + " bytes");
        }
        c.closeAfterResponse = !r.keepAlive() || c.ending != null && c.ending.shuttingDown();
        c.request = r;
        c.enter(ConnectionState.HANDLING);
        c.shared.exchangeBegins(c, r);
        if (c.body != null || r.hasBody()) {
            HandlerBodyReads.bodyReader(c).begin(r);
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
        ResponseWriter.Written written = responses.write(c.output, response, r, c.closeAfterResponse || bodyUnread);
        c.closeAfterResponse |= written.saidClose;
        switch (written) {
            case COMPLETE, COMPLETE_THEN_CLOSE -> c.responseComplete();
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
}
