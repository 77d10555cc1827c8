package dev.eddy.http.client;

import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.ResponseParser;
import dev.eddy.net.IOStream;

/**
 * One keep-alive connection of the pool: the {@link IOStream} (which talks to a
 * {@link dev.eddy.net.Transport}, so a TLS transport can slot in underneath later) plus the
 * parser state and buffers its exchanges reuse, and the pool's bookkeeping (which origin,
 * idle since when, how many exchanges it has served).
 *
 * <p>It carries one exchange at a time (no pipelining: a server that closes in the middle of
 * a pipeline leaves the client unable to tell which requests were processed). Loop thread only.
 */
final class ClientConnection {

    final IOStream stream;
    final Origin origin;
    final OutputBuffer head = new OutputBuffer(256);
    final ResponseParser parser;
    private final HttpLimits limits;
    private ChunkedDecoder chunked;

    /** Exchanges completed on this connection; more than 0 means it came from the idle pool. */
    int exchanges;
    /** Loop time when it last became idle. */
    long idleSince;
    /** The pool has stopped counting it (it closed); guards against counting a close twice. */
    boolean forgotten;

    ClientConnection(IOStream stream, Origin origin, HttpLimits limits) {
        this.stream = stream;
        this.origin = origin;
        this.limits = limits;
        this.parser = new ResponseParser(limits);
    }

    /** The chunked decoder, reset for a new body (created on first use: many servers never chunk). */
    ChunkedDecoder chunkedDecoder() {
        if (chunked == null) {
            // the client enforces its own body limits (they differ for buffered and streamed bodies)
            chunked = new ChunkedDecoder(limits.withMaxBodyBytes(Long.MAX_VALUE));
        }
        chunked.reset();
        return chunked;
    }

    @Override
    public String toString() {
        return "ClientConnection[" + origin + ", " + exchanges + " exchanges" + (stream.isClosed() ? ", closed" : "") + "]";
    }
}
