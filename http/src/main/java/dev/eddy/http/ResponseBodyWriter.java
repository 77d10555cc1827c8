package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.body.BodyWriter;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.HttpHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@link BodyWriter} a streamed response's writer gets ({@link HttpResponse#streamed}):
 * sent chunked to HTTP/1.1 clients, or until the connection closes to HTTP/1.0 ones. Each write goes out at once
 * (one gathering write: chunk header from the loop's buffer, data from the caller's buffer)
 * and returns {@link ConnectionOutput#whenDrained()}: finished when the socket took it all,
 * pending while bytes wait for a slow client.
 *
 * <p>Chunk framing puts the CRLF that ends a chunk's data in front of the next chunk header
 * (or the last chunk), so each write is a single gathering write. Loop thread only.
 */
final class ResponseBodyWriter implements BodyWriter {

    private final HttpConnection conn;
    private final boolean chunked;
    private final boolean discard;
    private boolean ended;
    private boolean wroteChunk;

    /**
     * @param chunked frame the data as chunks (else HTTP/1.0: raw bytes until close)
     * @param discard the response has no body (HEAD, 204, 304): writes succeed, send nothing
     */
    ResponseBodyWriter(HttpConnection conn, boolean chunked, boolean discard) {
        this.conn = conn;
        this.chunked = chunked;
        this.discard = discard;
    }

    @Override
    public Future<Void> write(ByteBuffer data) {
        conn.loop.checkLoopThread("BodyWriter.write");
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
        conn.loop.checkLoopThread("BodyWriter.end");
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
        ServerExchange.streamEnded(conn);
        return f;
    }

    private Future<Void> result() {
        return conn.isClosed()
                ? Future.failed(conn.loop, new IOException("client disconnected"))
                : conn.output.whenDrained();
    }

    /**
     * Cuts the body short: the connection closes without the last chunk (a status line is
     * out, so closing is the only signal left), and the client sees an incomplete body.
     */
    @Override
    public void fail(Throwable cause) {
        conn.loop.checkLoopThread("BodyWriter.fail");
        if (ended) {
            return;
        }
        ended = true;
        if (!conn.isClosed()) {
            conn.output.flush();        // what was written goes out first
            conn.abort("the response body's writer failed: " + cause);
        }
    }

    @Override
    public boolean isOpen() {
        return !ended && !conn.isClosed();
    }
}
