package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.HttpHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@link ResponseStream} a streamed response's writer gets. Each write goes out at once
 * (one gathering write: chunk header from the loop's buffer, data from the caller's buffer)
 * and returns {@link ConnectionOutput#whenDrained()}: finished when the socket took it all,
 * pending while bytes wait for a slow client.
 *
 * <p>Chunk framing puts the CRLF that ends a chunk's data in front of the next chunk header
 * (or the last chunk), so each write is a single gathering write. Loop thread only.
 */
final class StreamedBody implements ResponseStream {

    private final HttpConnection conn;
    private final boolean chunked;
    private final boolean discard;
    private boolean ended;
    private boolean wroteChunk;

    /**
     * @param chunked frame the data as chunks (else HTTP/1.0: raw bytes until close)
     * @param discard the response has no body (HEAD, 204, 304): writes succeed, send nothing
     */
    StreamedBody(HttpConnection conn, boolean chunked, boolean discard) {
        this.conn = conn;
        this.chunked = chunked;
        this.discard = discard;
    }

    @Override
    public Future<Void> write(ByteBuffer data) {
        conn.loop.checkLoopThread("ResponseStream.write");
        if (ended) {
            return Future.failed(conn.loop, new IllegalStateException("the response body has ended"));
        }
        if (conn.isClosed()) {
            return Future.failed(conn.loop, new IOException("client disconnected"));
        }
        int n = data.remaining();
        if (discard || n == 0) {
            return conn.output.whenDrained();
        }
        conn.clockNow();    // written from any callback: the write-progress deadline counts from now
        OutputBuffer out = conn.output.buffer();
        if (chunked) {
            if (wroteChunk) {
                out.putCrlf();
            }
            ResponseHeadEncoder.chunkHeader(out, n);
            wroteChunk = true;
        }
        if (n <= ConnectionOutput.COPY_LIMIT) {
            out.put(data);
            conn.output.flush();
        } else {
            conn.output.flush(data);
        }
        if (conn.output.hasQueued()) {
            conn.resume();      // written from a later callback: ask for OP_WRITE, or the queue never drains
        }
        return result();
    }

    @Override
    public Future<Void> end(HttpHeaders trailers) {
        conn.loop.checkLoopThread("ResponseStream.end");
        if (ended) {
            return result();
        }
        ended = true;
        if (conn.isClosed()) {
            return result();
        }
        conn.clockNow();    // as in write: the idle time after the exchange counts from now
        if (chunked && !discard) {
            OutputBuffer out = conn.output.buffer();
            if (wroteChunk) {
                out.putCrlf();
            }
            ResponseHeadEncoder.lastChunk(out, trailers);
        }
        conn.output.flush();
        Future<Void> f = result();
        conn.streamEnded();
        return f;
    }

    private Future<Void> result() {
        return conn.isClosed()
                ? Future.failed(conn.loop, new IOException("client disconnected"))
                : conn.output.whenDrained();
    }

    @Override
    public boolean isOpen() {
        return !ended && !conn.isClosed();
    }
}
