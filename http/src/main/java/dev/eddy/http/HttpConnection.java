package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.http.wire.HttpProtocolException;
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
 * <p>One exchange at a time: the next request is parsed only when the response is complete
 * and the body consumed, which keeps pipelined responses in order without a queue. Responses
 * of one read batch are flushed together. A client that shuts down only its sending side (a
 * FIN) still gets every answer; the connection closes once they are out, and only once the
 * transport has sent everything it took ({@link Transport#hasPendingOutput()}).
 *
 * <p>The connection is in one {@link ConnectionState} at a time (that file holds the diagram),
 * only {@link #enter} changes it, and this class keeps the order of the steps. Each part owns
 * the state it alone uses and says what happened by what it returns. Down the chain:
 * <ol>
 *   <li>{@link ConnectionInput} reads into the loop's buffer and keeps what nobody wants yet in
 *       a {@link HeldInput} ({@link #held}); {@link #process} turns bytes into heads and body pieces;</li>
 *   <li>{@link ServerExchange} makes the request, calls the handler and hands its answer to the
 *       loop's {@link ResponseWriter}, which returns what it wrote; a streamed body goes
 *       through {@link ResponseBodyWriter}, which reports its end; the exchange ends there
 *       once the response is complete and the body consumed;</li>
 *   <li>the handler's body reads ({@link RequestBody}) go through {@link HandlerBodyReads} to
 *       the {@link BodyReader}, which frames the body and says when it is done;</li>
 *   <li>{@link ConnectionOutput} writes the bytes, once per batch ({@link #endBatch});</li>
 *   <li>{@link ConnectionDeadline} keeps the timer and says which deadline passed ({@link #run()}
 *       acts on it); {@link ConnectionEnding} holds the ways out other than a plain close:
 *       error answers, the lingering close, graceful shutdown, the upgrade hand-over.</li>
 * </ol>
 * Work a handler starts within a {@link #process} pass is picked up by that pass
 * ({@link #processing}); work started from a later callback begins one ({@link #resume()}).
 *
 * <p>Loop thread only. The read path's steps are static logic over this object (no object, no
 * virtual call per event). Of the parts that are objects, {@link ConnectionOutput} and
 * {@link ConnectionDeadline} are what every connection needs; {@link HeldInput},
 * {@link ConnectionEnding} and {@link BodyReader} are made when their phase begins, so an idle
 * connection does not pay for them (docs/05-http-on-the-loop.md on memory).
 */
final class HttpConnection implements IOHandler, Runnable {

    static final System.Logger LOG = System.getLogger("dev.eddy.http.HttpServer");

    final ServerOnLoop shared;
    final IOLoop loop;
    final Transport transport;
    final HttpHandler handler;
    final InetSocketAddress remote;
    /** Where the connection is; changed only by {@link #enter}. */
    ConnectionState state = ConnectionState.READING_HEAD;
    /** The loop time of the work in progress (a batch, a callback); see {@link #clockNow()}. */
    long now;
    /**
     * A {@link #process} pass is on the stack: what a handler starts synchronously within it
     * (answering, asking for its body) is picked up by that pass rather than by a new one.
     */
    private boolean processing;
    Promise<Void> closedFuture;     // made when someone asks; see closedFuture()

    // the parts: every connection has the first two, the others only once their phase begins
    final ConnectionOutput output;
    /** The timeouts: its timer calls {@link #run()}, and it says which deadline passed. */
    final ConnectionDeadline deadline;
    /** Leftover input (bytes, a head's start), or null as when idle; made and dropped by {@link ConnectionInput}. */
    HeldInput held;
    /** Null until the first request with a body (most connections never have one): see {@link #bodyReader()}. */
    BodyReader body;
    /** Null on nearly every connection: see {@link #ending()}. */
    ConnectionEnding ending;

    // state a part keeps in the connection because an object of its own would cost an idle connection
    /** The exchange in progress, or null between requests: set by {@link ServerExchange} alone. */
    HttpRequest request;
    /** Close when this exchange ends (the client asked, HTTP/1.0, the response said so): {@link ServerExchange}'s. */
    boolean closeAfterResponse;
    /** The client sent its FIN: answer what it asked, then close. Set by {@link ConnectionInput} alone. */
    boolean inputEnded;
    /** Neighbours in the loop's list of open connections: {@link ServerOnLoop}'s. */
    HttpConnection prevInLoop;
    HttpConnection nextInLoop;

    /** A connection over {@code transport}, which is not registered yet ({@link #start()} does that). */
    HttpConnection(ServerOnLoop shared, Transport transport, HttpHandler handler) {
        this.shared = shared;
        this.loop = shared.loop;
        this.transport = transport;
        this.handler = handler;
        this.output = new ConnectionOutput(this, shared, transport);
        this.deadline = new ConnectionDeadline(loop.time());
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
        deadline.activity(now);
        transport.register(loop, this);
        transport.interestOps(SelectionKey.OP_READ);
        shared.added(this);
        if (shared.isShutDown()) {
            ending().shutdown(this);         // handed over after shutdown began: one request at most, then close
            return;
        }
        deadline.arm(this);
    }

    /** The connection's {@link BodyReader}, made when the first request with a body arrives, then kept. */
    BodyReader bodyReader() {
        if (body == null) {
            body = new BodyReader(loop, shared.options.limits());
        }
        return body;
    }

    /** A graceful shutdown began: every response from now on says {@code Connection: close}. */
    boolean shuttingDown() {
        return ending != null && ending.shuttingDown();
    }

    /** The connection's {@link ConnectionEnding}, made when it begins to end other than by a plain close, then kept. */
    ConnectionEnding ending() {
        if (ending == null) {
            ending = new ConnectionEnding();
        }
        return ending;
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

    // ---------------------------------------------------------------- reading

    /** Called by the transport; may be spurious (a read or write that finds nothing to do). */
    @Override
    public void onReady(int readyOps) throws Exception {
        if (state == ConnectionState.UPGRADED) {
            IOHandler upgraded = ending.upgraded();
            if (upgraded != null) {
                upgraded.onReady(readyOps);
            }
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
                    HttpRequest r = ConnectionInput.parseHead(this, in);
                    if (r == null) {
                        break;
                    }
                    ServerExchange.start(this, r);
                } else if (s == ConnectionState.HANDLING || s == ConnectionState.STREAMING || s == ConnectionState.SKIPPING_BODY) {
                    if (body == null || !body.deliver(in, now)) {
                        break;
                    }
                    if (body.isDone()) {
                        ServerExchange.bodyConsumed(this);
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
            handOver();
            return;
        }
        if (inputEnded) {
            ConnectionInput.ended(this);
        }
        if (state == ConnectionState.CLOSING && !outputPending()) {
            if (ending != null && ending.lingersOnClose() && !inputEnded) {
                linger();
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
        deadline.arm(this);
    }

    /** The answer is out but the client may still be sending: read and drop ({@link ConnectionEnding#linger}). */
    private void linger() {
        enter(ConnectionState.LINGERING);
        ConnectionInput.letGo(this);
        try {
            ending.linger(transport, now);
        } catch (IOException e) {
            abort("shutting the sending side failed: " + e.getMessage());
        }
    }

    /** The 101 is out: the connection stops being an HTTP connection ({@link ConnectionEnding#handOver}). */
    private void handOver() {
        deadline.cancel();
        ByteBuffer leftover = ConnectionInput.takeAll(this);
        request = null;         // the object lives on as the forwarder of readiness:
        body = null;            // keep nothing of HTTP that the new owner does not need
        enter(ConnectionState.UPGRADED);  // closed as far as HTTP is concerned; the transport stays open
        if (closedFuture != null) {
            closedFuture.tryComplete(null);
        }
        shared.removed(this);
        ending.handOver(this, leftover);
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
        deadline.cancel();
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "error closing " + transport + ": " + e);
        }
        ConnectionInput.letGo(this);
        IOException cause = new IOException("connection closed");
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

    /** The deadline timer fired: act on the deadline that passed, if one did. */
    @Override
    public void run() {
        now = loop.time();
        ConnectionDeadline.Passed passed = deadline.fired(this);
        switch (passed) {
            case NONE -> { }
            case LINGER_OVER, IDLE -> close();      // the answer had its chance; an idle keep-alive connection
            case CLIENT_STOPPED_READING -> abort("client stopped reading");
            case HEAD_LATE, BODY_LATE -> {
                ConnectionEnding.protocolError(this, 408, passed == ConnectionDeadline.Passed.HEAD_LATE
                        ? "request head not received within " + shared.options.headerTimeout()
                        : "request body not received within " + shared.options.bodyTimeout());
                endBatch();
            }
        }
    }

    @Override
    public String toString() {
        return "HttpConnection[" + remote + (request != null ? ", " + request : "") + "]";
    }

}
