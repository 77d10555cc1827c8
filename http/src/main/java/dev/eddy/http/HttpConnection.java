package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.OutputBuffer;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One HTTP/1.1 connection on the server: a state machine driven by the loop, reading and
 * writing only through its {@link Transport} (plain TCP or TLS: the connection cannot tell)
 * and the loop-wide read buffer (no stream object, no future per read). Bytes arrive in the
 * shared buffer and go straight to the parser; only the bytes of an incomplete request (or
 * of a request waiting its turn) are copied into the connection.
 *
 * <p>One exchange at a time: a request is parsed, its handler runs, and the next request is
 * parsed only when the response is complete and the body consumed. That is what keeps
 * pipelined responses in request order without a queue of requests. Responses of one read
 * batch are flushed together ({@link ConnectionOutput}).
 *
 * <p>The request body is delivered when the handler reads it ({@link RequestBody}); until
 * then, the bytes are held (up to {@link #HOLD_LIMIT}) and the socket is not read further —
 * back-pressure. This class also owns the connection's timeouts (one timer, re-armed lazily)
 * and its ending: a protocol error gets its status and a close, a disconnect fails pending
 * reads and completes {@link HttpRequest#closed()}. A client that shuts down only its
 * sending side after its requests (a FIN, {@code shutdown(SHUT_WR)}) still gets every
 * answer; the connection closes once they are out. Closing after the last response waits
 * until the transport has sent everything it took ({@link Transport#hasPendingOutput()}).
 *
 * <p>Loop thread only. The body and output halves live in {@link BodyReader} and
 * {@link ConnectionOutput}; sending a response in {@link ResponseWriter}; the bytes kept for
 * later in {@link HeldInput}; the timer in {@link DeadlineTimer}.
 */
final class HttpConnection implements IOHandler {

    static final System.Logger LOG = System.getLogger("dev.eddy.http.HttpServer");
    /** Bytes held while nobody consumes them (pipelined requests, an unread body) before reading pauses. */
    static final int HOLD_LIMIT = 64 * 1024;

    final ServerLoop shared;
    final IOLoop loop;
    final HttpServerOptions options;
    final Transport transport;
    final ConnectionOutput output;
    final BodyReader body;
    final ResponseWriter responses;
    private final HttpHandler handler;
    private final RequestParser parser;
    private final InetSocketAddress remote;
    private final Promise<Void> closedFuture;
    private final DeadlineTimer timer;
    private final HeldInput held = new HeldInput();

    /** The exchange in progress, or null between requests. */
    HttpRequest request;
    RequestHead head;
    boolean closeAfterResponse;
    private boolean closing;
    private boolean inputEnded;     // the client sent its FIN: answer what it asked, then close
    private boolean shuttingDown;
    private boolean closed;
    private boolean inProcess;
    /** Set by a 101 response: hand the connection over once the response is out. */
    private ConnectionUpgrade pendingUpgrade;
    /** After the hand-over: who every readiness event goes to. */
    private IOHandler upgraded;

    private long now;
    private long headStart;
    private long lastActivity;

    /** A connection over {@code transport}, which is not registered yet ({@link #start()} does that). */
    HttpConnection(ServerLoop shared, Transport transport, HttpHandler handler) {
        this.shared = shared;
        this.loop = shared.loop;
        this.options = shared.server.options();
        this.transport = transport;
        this.handler = handler;
        this.parser = new RequestParser(options.limits());
        this.output = new ConnectionOutput(this, shared, transport);
        this.body = new BodyReader(this);
        this.responses = new ResponseWriter(this);
        this.closedFuture = new Promise<>(loop);
        this.timer = new DeadlineTimer(loop, this::onTimer);
        InetSocketAddress r = null;
        try {
            if (transport.channel() instanceof SocketChannel channel) {
                r = (InetSocketAddress) channel.getRemoteAddress();
            }
        } catch (IOException | ClassCastException e) {
            // unknown peer: leave null
        }
        this.remote = r;
    }

    /** Registers the transport for reads; called on the loop thread once the channel is accepted. */
    void start() throws IOException {
        now = loop.time();
        lastActivity = now;
        transport.register(loop, this);
        transport.interestOps(SelectionKey.OP_READ);
        shared.added(this);
        if (shared.isShutDown()) {
            close();            // handed over after shutdown began: never start serving
            return;
        }
        armTimer();
    }

    /** Completes when the connection is closed: its life, for the TcpServer that tracks it. */
    Future<Void> closedFuture() {
        return closedFuture;
    }

    long now() {
        return now;
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- reading

    /** Called by the transport; may be spurious (a read or write that finds nothing to do). */
    @Override
    public void onReady(int readyOps) throws Exception {
        if (upgraded != null) {
            upgraded.onReady(readyOps);
            return;
        }
        try {
            now = loop.time();
            if ((readyOps & SelectionKey.OP_WRITE) != 0 && output.onWritable() && !closed) {
                afterDrain();
            }
            if (!closed && (readyOps & SelectionKey.OP_READ) != 0) {
                readAndProcess();
            }
            endBatch();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** A bug (ours or a handler's callback): log it and close, so nothing is left half-open. */
    private void failed(Throwable t) {
        LOG.log(Level.ERROR, "HTTP connection " + remote + " failed; closing it", t);
        close();
    }

    private void readAndProcess() {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        int n;
        try {
            n = transport.read(buf);
        } catch (IOException e) {
            abort("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            inputEnded = true;      // a FIN: maybe only half a close, see inputHasEnded
            return;
        }
        if (n == 0) {
            return;
        }
        lastActivity = now;
        buf.flip();
        if (!held.isEmpty()) {
            process(held.append(buf));
            held.releaseIfConsumed();
        } else {
            process(buf);
            if (buf.hasRemaining() && !closed) {
                held.keep(buf);
            }
        }
    }

    /**
     * Consumes what the current state allows from {@code in}: request heads (running their
     * handlers), body bytes the handler asked for. Stops at bytes nobody wants yet.
     */
    private void process(ByteBuffer in) {
        inProcess = true;
        try {
            while (!closed && !closing && pendingUpgrade == null) {
                if (request == null) {
                    if (!in.hasRemaining() || output.hasQueued()) {
                        break;
                    }
                    if (!parser.inProgress()) {
                        headStart = now;
                    }
                    RequestHead h = parser.parse(in);
                    if (h == null) {
                        break;
                    }
                    startExchange(h);
                } else if (!body.deliver(in)) {
                    break;
                }
            }
        } catch (HttpProtocolException e) {
            protocolError(e.status(), e.getMessage());
        } finally {
            inProcess = false;
        }
    }

    /** Processes held bytes after something changed outside a read (a response, a read request). */
    void resume() {
        if (inProcess || closed) {
            return;
        }
        try {
            now = loop.time();
            if (!held.isEmpty()) {
                process(held.bytes());
                held.releaseIfConsumed();
            }
            endBatch();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** Ends a batch of work: one flush, interest and timer brought up to date. */
    private void endBatch() {
        if (closed) {
            return;
        }
        output.flush();
        if (pendingUpgrade != null && !closed && !outputPending()) {
            handOver();
            return;
        }
        if (inputEnded && !closed) {
            inputHasEnded();
        }
        if (closed) {
            return;
        }
        if (closing && !outputPending()) {
            close();
            return;
        }
        int ops = 0;
        if (outputPending()) {
            ops |= SelectionKey.OP_WRITE;
        }
        // keep reading (to notice a disconnect, to fill the window) unless we hold enough
        if (!inputEnded && held.size() < HOLD_LIMIT) {
            ops |= SelectionKey.OP_READ;
        }
        transport.interestOps(ops);
        armTimer();
    }

    /**
     * True while bytes of ours have not all reached the socket: queued here, or taken by the
     * transport and held (TLS records).
     */
    private boolean outputPending() {
        return output.hasQueued() || transport.hasPendingOutput();
    }

    /**
     * The client will send nothing more. It may still be waiting for answers (it sent its
     * requests, then shut down its sending side), so requests already received are served;
     * what can never complete ends the connection: a request head cut short is dropped, a body
     * cut short aborts the exchange (the handler's read fails).
     */
    private void inputHasEnded() {
        if (!held.isEmpty()) {
            return;     // requests or body bytes still to process once the output has drained
        }
        if (request == null) {
            closing = true;     // every request answered: close once the answers are out
        } else if (body.isWaitingForData()) {
            body.failed(new java.io.EOFException("client closed the connection in the middle of the request body"));
            abort("client closed in the middle of the request body");
        }
    }

    private void afterDrain() {
        if (closing) {
            endBatch();         // closes once the transport has sent everything too
        } else {
            resume();
        }
    }

    // ---------------------------------------------------------------- exchanges

    private void startExchange(RequestHead h) throws HttpProtocolException {
        if (h.contentLength() > options.limits().maxBodyBytes()) {
            throw new HttpProtocolException(413, "declared body larger than " + options.limits().maxBodyBytes() + " bytes");
        }
        head = h;
        closeAfterResponse = !h.keepAlive() || shuttingDown;
        HttpRequest r = new HttpRequest(h, loop, remote, closedFuture, body);
        request = r;
        body.begin(h);
        responses.begin();
        Future<HttpResponse> f;
        try {
            f = handler.handle(r);
            if (f == null) {
                f = Future.failed(loop, new NullPointerException("handler returned null instead of a Future"));
            }
        } catch (Throwable t) {
            f = Future.failed(loop, t);
        }
        if (f.isDone()) {
            responses.onHandlerDone(r, f);
        } else {
            f.addDoneCallback(done -> responses.onHandlerDone(r, done));
        }
    }

    /**
     * The response is complete; the exchange ends when the body is consumed too. Then either
     * close (as agreed) or get ready for the next request.
     */
    void exchangeMayEnd() {
        if (!responses.isDone()) {
            return;
        }
        if (!body.isDone()) {
            if (closeAfterResponse || !body.canSkip()) {
                closing = true;
            } else {
                body.skipRest();     // discard the rest, then come back here
            }
            return;
        }
        if (closeAfterResponse) {
            closing = true;
            return;
        }
        request = null;
        head = null;
        parser.reset();
        lastActivity = now;
    }

    /** A 101 with a {@link ConnectionUpgrade} was encoded: hand over once it is written. */
    void upgradeAfterFlush(ConnectionUpgrade u) {
        pendingUpgrade = u;
    }

    /**
     * The 101 is out: this stops being an HTTP connection. The new owner gets the transport and
     * the bytes that came behind the request; this object only forwards readiness from now on.
     */
    private void handOver() {
        ConnectionUpgrade u = pendingUpgrade;
        pendingUpgrade = null;
        timer.cancel();
        ByteBuffer leftover = held.isEmpty() ? ByteBuffer.allocate(0)
                : ByteBuffer.allocate(held.size()).put(held.bytes()).flip();
        held.clear();
        request = null;
        closed = true;          // as far as HTTP is concerned; the transport stays open
        closedFuture.tryComplete(null);
        shared.removed(this);
        try {
            upgraded = u.takeOver(transport, leftover);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "connection upgrade failed on " + remote + "; closing", e);
            try {
                transport.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---------------------------------------------------------------- errors and ending

    /** Answers a protocol error or a timeout with {@code status} if still possible, then closes. */
    void protocolError(int status, String reason) {
        LOG.log(Level.DEBUG, () -> "closing " + remote + " after " + status + ": " + reason);
        body.failed(new IOException("malformed request: " + reason));
        if (request != null && responses.hasBegun()) {
            abort(reason);      // the status line is gone; closing is the only signal left
            return;
        }
        if (request == null) {
            head = null;
        }
        responses.sendError(status, reason);
        closing = true;
    }

    /** Closes after the current exchange (graceful shutdown); idle connections close now. */
    void shutdown() {
        shuttingDown = true;
        if (request == null && !parser.inProgress() && held.isEmpty() && !outputPending()) {
            close();
        } else {
            closeAfterResponse = true;
            if (request == null) {
                closing = true;
                endBatch();
            }
        }
    }

    /** Closes at once (disconnect, write failure, deadline): nothing more is sent. */
    void abort(String why) {
        LOG.log(Level.DEBUG, () -> "connection " + remote + " closed: " + why);
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.cancel();
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "error closing " + transport + ": " + e);
        }
        held.clear();
        IOException cause = new IOException("connection closed");
        body.failed(cause);
        responses.closed(cause);
        output.closed(cause);
        closedFuture.tryComplete(null);
        shared.removed(this);
    }

    // ---------------------------------------------------------------- timeouts

    /** The loop time at which this connection has waited too long, or 0 for no limit now. */
    private long deadline() {
        if (closing || outputPending()) {
            return output.lastProgress() + options.idleTimeout().toNanos();
        }
        if (request == null) {
            if (parser.inProgress() || !held.isEmpty()) {
                return headStart + options.headerTimeout().toNanos();
            }
            return lastActivity + options.idleTimeout().toNanos();
        }
        if (body.isWaitingForData()) {
            return Math.max(lastActivity, body.waitStart()) + options.bodyTimeout().toNanos();
        }
        return 0;       // the handler is working; its time is its own business
    }

    private void armTimer() {
        long d = deadline();
        if (d != 0) {
            timer.atMost(d);
        }
    }

    private void onTimer() {
        if (closed) {
            return;
        }
        now = loop.time();
        long d = deadline();
        if (d == 0) {
            return;
        }
        if (now - d < 0) {
            armTimer();
            return;
        }
        if (closing || outputPending()) {
            abort("client stopped reading");
        } else if (request == null && (parser.inProgress() || !held.isEmpty())) {
            protocolError(408, "request head not received within " + options.headerTimeout());
            endBatch();
        } else if (request == null) {
            close();        // idle keep-alive connection
        } else {
            protocolError(408, "request body not received within " + options.bodyTimeout());
            endBatch();
        }
    }

    @Override
    public String toString() {
        return "HttpConnection[" + remote + (request != null ? ", " + request : "") + "]";
    }

}
