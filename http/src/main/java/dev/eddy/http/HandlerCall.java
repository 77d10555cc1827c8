package dev.eddy.http;

import dev.eddy.Future;

/**
 * Calling a request's handler and bringing its answer back to the connection: a handler that
 * throws or returns null instead of a future is treated as one that failed (the client gets
 * a 500, the loop keeps serving), and an answer that is ready at once goes straight on, in the
 * same pass, without a callback.
 *
 * <p>Only the logic, no state (an exchange costs no object of its own beyond its
 * {@link HttpRequest}). Loop thread only; never changes the connection's state itself: it calls
 * {@link HttpConnection#handlerDone}, which does.
 */
final class HandlerCall {

    private HandlerCall() {
    }

    /** Calls {@code handler} with {@code r}; {@code c} hears of the answer now or when it comes. */
    static void call(HttpConnection c, HttpHandler handler, HttpRequest r) {
        Future<HttpResponse> f;
        try {
            f = handler.handle(r);
            if (f == null) {
                f = Future.failed(c.loop, new NullPointerException("handler returned null instead of a Future"));
            }
        } catch (Throwable t) {
            f = Future.failed(c.loop, t);
        }
        if (f.isDone()) {
            c.handlerDone(r, f);
        } else {
            f.addDoneCallback(done -> later(c, r, done));
        }
    }

    /**
     * The handler's future is done, in a callback after the batch that started the exchange:
     * the connection's clock still says when the request arrived, and the answer's deadlines
     * (no write progress, idle after it) must count from now.
     */
    private static void later(HttpConnection c, HttpRequest r, Future<HttpResponse> f) {
        c.clockNow();
        c.handlerDone(r, f);
    }
}
