package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The handler's reads of its request body ({@link RequestBody}), as the connection serves them:
 * whether a read may go ahead at all (the exchange is still on, no other read is pending, the
 * connection is open), the {@code 100 Continue} a waiting client gets at the first read, and the pass over held
 * bytes that answers the read. The body's state is the {@link BodyReader}'s
 * ({@link HttpConnection#bodyReader()}, made on the first body).
 *
 * <p>Only the logic, no state of its own: {@link RequestBody} calls these with its connection.
 * Loop thread only; never changes the connection's state itself (a read only starts a
 * {@link HttpConnection#resume()} pass).
 */
final class HandlerBodyReads {

    private HandlerBodyReads() {
    }

    /** The next piece of {@code r}'s body: see {@link RequestBody#read()}. */
    static Future<ByteBuffer> read(HttpConnection c, HttpRequest r) {
        Future<ByteBuffer> refused = refuse(c, r);
        if (refused != null) {
            return refused;
        }
        Future<ByteBuffer> f = c.bodyReader().read();
        wanted(c);
        return f;
    }

    /** The whole of {@code r}'s body: see {@link RequestBody#readAll()}. */
    static Future<byte[]> readAll(HttpConnection c, HttpRequest r) {
        Future<byte[]> refused = refuse(c, r);
        if (refused != null) {
            return refused;
        }
        Future<byte[]> f = c.bodyReader().readAll();
        wanted(c);
        return f;
    }

    /** The trailer fields of {@code r}'s chunked body once read to its end, else empty. */
    static HttpHeaders trailers(HttpConnection c, HttpRequest r) {
        HttpHeaders t = r == c.request && c.body != null ? c.body.trailers() : null;
        return t != null ? t : new HttpHeaders(1);
    }

    /** A read of {@code r}'s body that cannot be served: the failed future, or null to go ahead. */
    private static <T> Future<T> refuse(HttpConnection c, HttpRequest r) {
        if (r != c.request) {
            return Future.failed(c.loop, new IllegalStateException("the exchange of " + r + " is over"));
        }
        if (c.body != null && c.body.hasPendingRead()) {
            throw new IllegalStateException("a read of this body is already pending");
        }
        if (c.isClosed()) {
            return Future.failed(c.loop, new IOException("connection closed"));
        }
        return null;
    }

    /** The handler asked for body bytes: invite them if the client waits for that, and deliver held ones. */
    private static void wanted(HttpConnection c) {
        if (!c.body.isWaitingForData()) {
            return;     // the body was already complete: the read is answered
        }
        if (c.body.continueDue()) {
            c.shared.responses.sendContinue(c.output);
        }
        c.resume();
    }
}
