package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.http.wire.HttpProtocolException;
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
 * and the loop-wide read buffer (no stream object, no future per read).
 *
 * <p>One exchange at a time: a request is parsed, its handler runs, and the next request is
 * parsed only when the response is complete and the body consumed. That is what keeps
 * pipelined responses in request order without a queue of requests. Responses of one read
 * batch are flushed together. A client that shuts down only its sending side after its
 * requests (a FIN) still gets every answer; the connection closes once they are out, and
 * only once the transport has sent everything it took ({@link Transport#hasPendingOutput()}).
 *
 * <p>The connection is in one {@link ConnectionState} at a time (that file holds the diagram),
 * and only {@link #enter} changes it. Follow a request down the chain:
 * <ol>
 *   <li>{@link ConnectionInput} reads the socket into the loop's buffer and holds only what
 *       nobody wants yet; {@link #process} turns the bytes into request heads and body pieces;</li>
 *   <li>{@link ServerExchange} makes the request, calls the handler and hands its answer to the
 *       {@link ResponseWriter}, which encodes it and says what it wrote; a streamed body goes
 *       through {@link ResponseBodyWriter}, which reports its end ({@link #streamEnded()});</li>
 *   <li>the handler's body reads ({@link RequestBody}) go through {@link HandlerBodyReads} to
 *       the {@link BodyReader}, which frames the body and says when it is done;</li>
 *   <li>{@link ConnectionOutput} writes the bytes, once per batch ({@link #endBatch});</li>
 *   <li>{@link ConnectionDeadline} keeps the timeouts (idle, head, body, a client that stopped
 *       reading), and {@link ConnectionEnding} the ways out other than a plain close: protocol
 *       error answers, the lingering close, graceful shutdown, the upgrade hand-over.</li>
 * </ol>
 * Work that a handler starts while the connection is processing a read (answering at once,
 * asking for its body) is picked up by that same pass ({@link #processing}); work started
 * from a later callback begins a pass of its own ({@link #resume()}).
 *
 * <p>Loop thread only. The helpers are static logic over this object's fields (no object, no
 * virtual call per event); the parts that are objects ({@link ConnectionOutput},
 * {@link ResponseWriter}, a {@link BodyReader} made on the first body) exist only where an
 * idle connection does not pay for them (see docs/05-http-on-the-loop.md on memory).
 */
final class HttpConnection implements IOHandler, Runnable {

    static final System.Logger LOG = System.getLogger("dev.eddy.http.HttpServer");

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
    final InetSocketAddress remote;
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
    /** This exchange ends the connection (the client asked, HTTP/1.0, a shutdown, the response said so). */
    boolean closeAfterResponse;
    /** The client may still be sending when the connection closes: linger ({@link ConnectionEnding#linger}). */
    boolean lingerOnClose;
    boolean inputEnded;     // the client sent its FIN: answer what it asked, then close
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
    void responseComplete() {
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
        shared.exchangeOver(request);
        request = null;
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
                ConnectionInput.read(this);
            }
            endBatch();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** A bug (ours or a handler's callback): log it and close, so nothing is left half-open. */
    void failed(Throwable t) {
        LOG.log(Level.ERROR, "HTTP connection " + remote + " failed; closing it", t);
        close();
    }

    /**
     * Consumes what the current state allows from {@code in}: request heads (running their
     * handlers), body bytes the handler asked for. Stops at bytes nobody wants yet.
     */
    void process(ByteBuffer in) {
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
                    HttpRequest r = shared.parseHead(this, in);
                    if (r == null) {
                        break;
                    }
                    ServerExchange.start(this, r);
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
            ConnectionEnding.protocolError(this, e.status(), e.getMessage());
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
            ConnectionInput.processHeld(this);
            endBatch();
        } catch (RuntimeException | Error e) {
            failed(e);
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
            ConnectionInput.ended(this);
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
        if (ConnectionInput.wantsMore(this)) {
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

    private void afterDrain() {
        if (state == ConnectionState.CLOSING) {
            endBatch();         // closes once the transport has sent everything too
        } else {
            resume();
        }
    }

    // ---------------------------------------------------------------- an exchange's end (ServerExchange starts it)

    /** The handler ended its streamed body ({@link ResponseBodyWriter#end}). */
    void streamEnded() {
        if (state != ConnectionState.STREAMING) {
            return;     // closed meanwhile
        }
        responseComplete();
        resume();
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
