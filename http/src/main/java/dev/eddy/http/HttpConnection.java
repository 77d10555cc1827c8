package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.http.internal.OutputBuffer;
import dev.eddy.http.wire.ChunkedDecoder;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.RequestHead;
import dev.eddy.http.wire.RequestParser;
import dev.eddy.net.ByteBuffers;
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
 * back-pressure. A client that shuts down only its sending side after its requests (a FIN)
 * still gets every answer; the connection closes once they are out, and only once the
 * transport has sent everything it took ({@link Transport#hasPendingOutput()}).
 *
 * <p>The connection is in one {@link ConnectionState} at a time (that file holds the diagram),
 * and only {@link #enter} changes it. The parts report to it and never change its state
 * themselves. Follow a request down the chain:
 * <ol>
 *   <li>here, bytes from the socket become request heads ({@link #process});</li>
 *   <li>{@link HandlerCall} calls the handler and brings its answer back ({@link #handlerDone});
 *       the handler's body reads go through {@link HandlerBodyReads} to the {@link BodyReader};</li>
 *   <li>{@link ResponseWriter} encodes the answer and says what it wrote
 *       ({@link ResponseWriter.Written}); a streamed body is written through
 *       {@link StreamedBody}, which reports its end ({@link #streamEnded()});</li>
 *   <li>{@link ConnectionOutput} writes the bytes, once per read batch ({@link #endBatch});</li>
 *   <li>{@link ConnectionDeadline} keeps the timeouts (idle, head, body, a client that stopped
 *       reading), and {@link ConnectionEnding} the ways out: a lingering close after an answer
 *       the client may still be sending into, a graceful shutdown, an upgrade hand-over.</li>
 * </ol>
 * Work that a handler starts while the connection is processing a read (answering at once,
 * asking for its body) is picked up by that same pass ({@link #processing}); work started
 * from a later callback begins a pass of its own ({@link #resume()}).
 *
 * <p>Loop thread only. The helpers are static logic over this object's fields, and the parts
 * that are objects exist only where an idle connection does not pay for them (see
 * docs/05-http-on-the-loop.md on memory): a request costs its {@link HttpRequest} and nothing
 * else of the connection's making.
 */
final class HttpConnection implements IOHandler, RequestBody.Source, Runnable {

    static final System.Logger LOG = System.getLogger("dev.eddy.http.HttpServer");
    /** Bytes held while nobody consumes them (pipelined requests, an unread body) before reading pauses. */
    static final int HOLD_LIMIT = 64 * 1024;

    final ServerOnLoop shared;
    final IOLoop loop;
    final HttpServerOptions options;
    final Transport transport;
    final ConnectionOutput output;
    /** Made when the first request with a body arrives (most connections never have one), then kept. */
    BodyReader body;
    final ResponseWriter responses;
    final HttpHandler handler;
    /**
     * The parser holding the start of a request head that has not fully arrived, or null.
     * Heads that arrive whole (nearly all) are parsed by the loop's shared parser, so an idle
     * connection owns no parser; see {@link ServerOnLoop#parseHead}.
     */
    RequestParser ownParser;
    private final InetSocketAddress remote;
    Promise<Void> closedFuture;     // made when someone asks; see closedFuture()
    /** The deadline timer, its own {@link Runnable} ({@link #run()}): see {@link ConnectionDeadline}. */
    Timeout timer;
    long timerAt;
    /**
     * Bytes read but not consumed yet, in read mode, or null (the usual state of an idle
     * connection): the start of a head that has not fully arrived, pipelined requests waiting
     * their turn, body bytes the handler has not asked for. Reads go to the loop's shared
     * buffer; only such leftovers are copied here ({@link ByteBuffers#append}, as an
     * {@link dev.eddy.net.IOStream} keeps its buffered bytes).
     */
    ByteBuffer held;
    /** Neighbours in the loop's list of open connections ({@link ServerOnLoop}). */
    HttpConnection prevInLoop;
    HttpConnection nextInLoop;

    /** Where the connection is; changed only by {@link #enter}. */
    ConnectionState state = ConnectionState.READING_HEAD;
    /** The exchange in progress, or null between requests. */
    HttpRequest request;
    RequestHead head;
    /** This exchange ends the connection (the client asked, HTTP/1.0, a shutdown, the response said so). */
    boolean closeAfterResponse;
    /** The client may still be sending when the connection closes: linger ({@link ConnectionEnding#linger}). */
    boolean lingerOnClose;
    private boolean inputEnded;     // the client sent its FIN: answer what it asked, then close
    boolean shuttingDown;       // a graceful shutdown began: the next response says Connection: close
    /**
     * A {@link #process} pass is on the stack: what a handler starts synchronously within it
     * (answering, asking for its body) is picked up by that pass rather than by a new one.
     */
    private boolean processing;
    /** Set by a 101 response: hand the connection over once the response is out (UPGRADING). */
    ConnectionUpgrade pendingUpgrade;
    /** After the hand-over (UPGRADED): who every readiness event goes to. */
    IOHandler upgraded;

    long now;
    long headStart;
    long lastActivity;
    /** When the lingering close began (LINGERING), for its overall bound. */
    long lingerSince;

    /** A connection over {@code transport}, which is not registered yet ({@link #start()} does that). */
    HttpConnection(ServerOnLoop shared, Transport transport, HttpHandler handler) {
        this.shared = shared;
        this.loop = shared.loop;
        this.options = shared.server.options();
        this.transport = transport;
        this.handler = handler;
        this.output = new ConnectionOutput(this, shared, transport);
        this.responses = new ResponseWriter(shared, output);
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
            ConnectionEnding.shutdown(this);         // handed over after shutdown began: one request at most, then close
            return;
        }
        armTimer();
    }

    long now() {
        return now;
    }

    boolean isClosed() {
        return state == ConnectionState.CLOSED || state == ConnectionState.UPGRADED;
    }

    /** The loop time, read afresh: for work that starts in a callback of its own. */
    void clockNow() {
        now = loop.time();
    }

    // ---------------------------------------------------------------- the one place the state changes

    /**
     * Moves to {@code next}. Every change of {@link #state} goes through here, so the legal
     * moves can be read (and, with assertions on, checked) in one place.
     */
    void enter(ConnectionState next) {
        assert state.canMoveTo(next) : state + " -> " + next + " on " + this;
        state = next;
    }


    /**
     * The response is complete (written, or its stream ended): the exchange ends when the
     * request body is consumed too. Then the connection closes (as agreed) or reads the next
     * head; a body still unread is skipped first, or closes the connection (lingering) when
     * too large.
     */
    private void responseComplete() {
        shared.exchangeEnds(this, true);
        if (body != null && !body.isDone()) {
            if (body.canDrain()) {
                body.skipRest(now);     // discard the rest, then bodyConsumed (closing on unread bytes would reset)
                enter(ConnectionState.SKIPPING_BODY);
            } else {
                lingerOnClose = true;
                enter(ConnectionState.CLOSING);
            }
            return;
        }
        endExchange();
    }

    /** The request body is consumed: if the response is complete too, the exchange is over. */
    private void bodyConsumed() {
        if (state == ConnectionState.SKIPPING_BODY) {
            endExchange();
        }
    }

    private void endExchange() {
        if (closeAfterResponse) {
            enter(ConnectionState.CLOSING);
            return;
        }
        request = null;
        head = null;
        lastActivity = now;
        enter(ConnectionState.READING_HEAD);
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
            if ((readyOps & SelectionKey.OP_WRITE) != 0 && output.onWritable() && !isClosed()) {
                afterDrain();
            }
            if (!isClosed() && (readyOps & SelectionKey.OP_READ) != 0) {
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
        shared.bytesIn += n;
        lastActivity = now;
        buf.flip();
        if (held != null) {
            held = ByteBuffers.append(held, buf);
            process(held);
            releaseHeldIfConsumed();
        } else {
            process(buf);
            if (buf.hasRemaining() && !isClosed()) {
                held = ByteBuffers.append(null, buf);
            }
        }
    }

    /**
     * Consumes what the current state allows from {@code in}: request heads (running their
     * handlers), body bytes the handler asked for. Stops at bytes nobody wants yet.
     */
    private void process(ByteBuffer in) {
        processing = true;
        try {
            while (true) {
                ConnectionState s = state;
                if (s == ConnectionState.READING_HEAD) {
                    if (!in.hasRemaining() || output.hasQueued()) {
                        break;
                    }
                    if (ownParser == null) {
                        headStart = now;
                    }
                    RequestHead h = shared.parseHead(this, in);
                    if (h == null) {
                        break;
                    }
                    startExchange(h);
                } else if (s == ConnectionState.HANDLING || s == ConnectionState.STREAMING || s == ConnectionState.SKIPPING_BODY) {
                    if (body == null || !body.deliver(in, now)) {
                        break;
                    }
                    if (body.isDone()) {
                        bodyConsumed();
                    }
                } else {
                    if (s == ConnectionState.LINGERING) {
                        in.position(in.limit());    // read only to be dropped: see ConnectionEnding
                    }
                    break;      // CLOSING, UPGRADING and after: no more requests are read
                }
            }
        } catch (HttpProtocolException e) {
            protocolError(e.status(), e.getMessage());
        } finally {
            processing = false;
        }
    }

    /** Processes held bytes after something changed outside a read (a response, a read request). */
    void resume() {
        if (processing || isClosed()) {
            return;
        }
        try {
            now = loop.time();
            if (held != null) {
                process(held);
                releaseHeldIfConsumed();
            }
            endBatch();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private void releaseHeldIfConsumed() {
        if (held != null && !held.hasRemaining()) {
            held = null;
        }
    }

    /** Ends a batch of work: one flush, interest and timer brought up to date. */
    void endBatch() {
        if (isClosed()) {
            return;
        }
        output.flush();
        if (state == ConnectionState.UPGRADING && !outputPending()) {
            ConnectionEnding.handOver(this);
            return;
        }
        if (inputEnded) {
            inputHasEnded();
        }
        if (state == ConnectionState.CLOSING && !outputPending()) {
            if (lingerOnClose && !inputEnded) {
                ConnectionEnding.linger(this);      // may close when the socket refuses
            } else {
                close();
            }
        }
        if (isClosed()) {
            return;
        }
        int ops = 0;
        if (outputPending()) {
            ops |= SelectionKey.OP_WRITE;
        }
        // keep reading (to notice a disconnect, to fill the window) unless we hold enough
        if (!inputEnded && (held == null || held.remaining() < HOLD_LIMIT)) {
            ops |= SelectionKey.OP_READ;
        }
        transport.interestOps(ops);
        armTimer();
    }

    /**
     * True while bytes of ours have not all reached the socket: queued here, or taken by the
     * transport and held (TLS records).
     */
    boolean outputPending() {
        return output.hasQueued() || transport.hasPendingOutput();
    }

    /**
     * The client will send nothing more. It may still be waiting for answers (it sent its
     * requests, then shut down its sending side), so requests already received are served;
     * what can never complete ends the connection: a request head cut short is dropped, a body
     * cut short aborts the exchange (the handler's read fails).
     */
    private void inputHasEnded() {
        if (state == ConnectionState.LINGERING) {
            close();    // the client closed too: nothing it sent is left to reset the answer
            return;
        }
        if (held != null) {
            return;     // requests or body bytes still to process once the output has drained
        }
        if (state == ConnectionState.READING_HEAD) {
            enter(ConnectionState.CLOSING);   // every request answered: close once the answers are out
        } else if (body != null && body.isWaitingForData()) {
            body.failed(new java.io.EOFException("client closed the connection in the middle of the request body"));
            abort("client closed in the middle of the request body");
        }
    }

    private void afterDrain() {
        if (state == ConnectionState.CLOSING) {
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
        HttpRequest r = new HttpRequest(h, loop, remote, null, this);   // closed(): asks closedFuture()
        request = r;
        enter(ConnectionState.HANDLING);
        shared.exchangeBegins(this, r);
        if (body != null || h.hasBody()) {
            HandlerBodyReads.bodyReader(this).begin(h);
        }
        HandlerCall.call(this, handler, r);
    }

    /** The handler answered (or failed): write the response, then move on as it says. */
    void handlerDone(HttpRequest r, Future<HttpResponse> f) {
        if (state != ConnectionState.HANDLING || r != request) {
            return;     // the connection closed, or an error already answered this request
        }
        HttpResponse response = responses.responseOf(r, f);
        shared.responseBegins(this, response.status());
        boolean bodyUnread = body != null && !body.isDone() && !body.canSkip();
        ResponseWriter.Written written = responses.write(response, head, closeAfterResponse || bodyUnread);
        closeAfterResponse |= responses.saidClose();
        switch (written) {
            case COMPLETE -> responseComplete();
            case UPGRADE -> {
                shared.exchangeEnds(this, true);
                pendingUpgrade = response.upgradeOrNull();
                enter(ConnectionState.UPGRADING);
            }
            case STREAM -> {
                enter(ConnectionState.STREAMING);
                if (!responses.startStream(this, response)) {
                    output.flush();
                    abort("body writer failed");
                }
            }
        }
        resume();
    }

    /** The handler ended its streamed body ({@link StreamedBody#end}). */
    void streamEnded() {
        if (state != ConnectionState.STREAMING) {
            return;     // closed meanwhile
        }
        responseComplete();
        resume();
    }

    // The request's body, read through the connection (see HandlerBodyReads).

    @Override
    public Future<ByteBuffer> read(HttpRequest r) {
        return HandlerBodyReads.read(this, r);
    }

    @Override
    public Future<byte[]> readAll(HttpRequest r) {
        return HandlerBodyReads.readAll(this, r);
    }

    @Override
    public HttpHeaders trailers(HttpRequest r) {
        return HandlerBodyReads.trailers(this, r);
    }

    @Override
    public Future<Void> closed(HttpRequest r) {
        return closedFuture();
    }

    /**
     * Completes when the connection closes: its life, for the TcpServer that tracks it, and
     * {@link HttpRequest#closed()}. Made on first use, completed at once when already closed.
     */
    Future<Void> closedFuture() {
        if (isClosed()) {
            return shared.done;
        }
        if (closedFuture == null) {
            closedFuture = new Promise<>(loop);
        }
        return closedFuture;
    }

    // ---------------------------------------------------------------- errors and ending

    /** Answers a protocol error or a timeout with {@code status} if still possible, then closes. */
    void protocolError(int status, String reason) {
        LOG.log(Level.DEBUG, () -> "closing " + remote + " after " + status + ": " + reason);
        shared.protocolErrors++;
        if (body != null) {
            body.failed(new IOException("malformed request: " + reason));
        }
        if (state != ConnectionState.READING_HEAD && state != ConnectionState.HANDLING) {
            abort(reason);      // the status line is gone; closing is the only signal left
            return;
        }
        if (state == ConnectionState.READING_HEAD) {
            head = null;
        }
        closeAfterResponse = true;
        lingerOnClose = true;       // the client may be sending the rest of what was refused
        shared.responseBegins(this, status);
        responses.sendError(status);
        shared.exchangeEnds(this, true);
        enter(ConnectionState.CLOSING);
    }

    /** Closes at once (disconnect, write failure, deadline): nothing more is sent. */
    void abort(String why) {
        LOG.log(Level.DEBUG, () -> "connection " + remote + " closed: " + why);
        close();
    }

    void close() {
        if (isClosed()) {
            return;
        }
        enter(ConnectionState.CLOSED);
        ConnectionDeadline.cancel(this);
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "error closing " + transport + ": " + e);
        }
        held = null;
        IOException cause = new IOException("connection closed");
        ownParser = null;
        if (body != null) {
            body.failed(cause);
        }
        output.closed(cause);
        if (closedFuture != null) {
            closedFuture.tryComplete(null);
        }
        shared.exchangeEnds(this, false);
        shared.removed(this);
    }

    // ---------------------------------------------------------------- timeouts (ConnectionDeadline)

    /** The deadline timer fired. */
    @Override
    public void run() {
        timer = null;
        ConnectionDeadline.fired(this);
    }

    private void armTimer() {
        ConnectionDeadline.arm(this);
    }

    @Override
    public String toString() {
        return "HttpConnection[" + remote + (request != null ? ", " + request : "") + "]";
    }

}
