package dev.eddy.testing;

import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * One end of a connection on a {@link SimulatedNetwork}: a {@link Transport} with no socket
 * under it. What it writes goes into the network, which cuts it into pieces and delivers them
 * to the peer at virtual times drawn from its seed; what it reads is what has arrived. Hand
 * it to anything that runs over a transport ({@link dev.eddy.net.IOStream}, Eddy's HTTP
 * server and client) in place of a socket.
 *
 * <p>It behaves like a non-blocking TCP socket where its owners can tell:
 * <ul>
 *   <li><b>Readiness is level-triggered</b>, as a selector's: while the owner asks for
 *       {@code OP_READ} and something is readable (bytes, the end of the stream, a reset), or
 *       for {@code OP_WRITE} and the buffer has room, its handler is called again on a later
 *       loop turn. A handler that does not consume what it is told about is called again,
 *       exactly as a real selector would call it (and a spin shows up as a loop that never
 *       lets virtual time pass).</li>
 *   <li><b>Writes take what fits</b> in this direction's buffer (bytes in flight plus bytes
 *       the peer has not read), possibly nothing; {@code OP_WRITE} is reported when the peer
 *       reads and makes room.</li>
 *   <li><b>End of stream</b>: after {@link #shutdownOutput()} or {@link #close()}, the peer
 *       reads -1 once it has read everything sent before.</li>
 *   <li><b>Reset</b>: a reset end's reads throw a {@link SocketException} "Connection reset"
 *       and its writes one that says "Broken pipe"; bytes it had not read are gone. Closing
 *       with unread bytes, or receiving bytes after closing, resets the peer, as a kernel
 *       does.</li>
 * </ul>
 *
 * <p>{@link #channel()} is null: there is no channel, so code that needs a real socket (to
 * connect it, to set socket options) does not apply. Loop thread only: every method runs on
 * the network's loop.
 */
public final class SimulatedTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("dev.eddy.testing.SimulatedNetwork");

    private final SimulatedNetwork net;
    private final Connection connection;
    private final boolean isClient;
    private final String side;
    private SimulatedTransport peer;
    /** What the peer writes to this end. */
    private SimulatedFlow in;
    /** What this end writes to the peer. */
    private SimulatedFlow out;
    private IOHandler handler;
    private int interest;
    private boolean callScheduled;
    private boolean spuriousCall;
    private boolean closed;
    private boolean outputShut;
    private boolean reset;
    private final Runnable call = this::call;

    /**
     * What both ends of a connection share: its name, and the planned reset (after how many
     * bytes written in both directions, -1 for none; at which end) with the count so far.
     */
    static final class Connection {
        final String name;
        final long resetAfterBytes;
        final boolean clientResets;
        long written;
        boolean resetDone;

        Connection(String name, long resetAfterBytes, boolean clientResets) {
            this.name = name;
            this.resetAfterBytes = resetAfterBytes;
            this.clientResets = clientResets;
        }

        /** How many more bytes may be written before the planned reset strikes. */
        long bytesBeforeReset() {
            return resetAfterBytes < 0 || resetDone ? Long.MAX_VALUE : resetAfterBytes - written;
        }
    }

    private SimulatedTransport(SimulatedNetwork net, Connection connection, boolean isClient) {
        this.net = net;
        this.connection = connection;
        this.isClient = isClient;
        this.side = connection.name + (isClient ? " client" : " server");
    }

    /** Makes both ends of a connection; {@link #join} then gives them their two flows. */
    static SimulatedTransport[] pair(SimulatedNetwork net, Connection connection) {
        SimulatedTransport client = new SimulatedTransport(net, connection, true);
        SimulatedTransport server = new SimulatedTransport(net, connection, false);
        client.peer = server;
        server.peer = client;
        return new SimulatedTransport[] {client, server};
    }

    /** Connects the ends' flows: {@code toServer} carries what the client writes. */
    static void join(SimulatedTransport client, SimulatedFlow toServer, SimulatedFlow toClient) {
        client.out = toServer;
        client.in = toClient;
        client.peer.out = toClient;
        client.peer.in = toServer;
    }

    /**
     * The other end of the connection.
     *
     * @return the peer transport (the accepted end for a connecting end, and the other way round)
     */
    public SimulatedTransport peer() {
        return peer;
    }

    /**
     * Which end this is, for traces and reports: {@code "c3 client"} or {@code "c3 server"}.
     *
     * @return the connection's name and the side
     */
    public String side() {
        return side;
    }

    /**
     * None: a simulated connection has no channel.
     *
     * @return null
     */
    @Override
    public SelectableChannel channel() {
        return null;
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        if (this.handler != null) {
            throw new IllegalStateException(this + " is already registered");
        }
        if (loop != net.loop()) {
            throw new IllegalArgumentException(this + " belongs to loop '" + net.loop().name()
                    + "', not '" + loop.name() + "'");
        }
        if (closed) {
            throw new ClosedChannelException();
        }
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void interestOps(int ops) {
        if (handler == null || closed || ops == interest) {
            return;
        }
        interest = ops;
        signal();
    }

    @Override
    public int interestOps() {
        return handler == null ? 0 : interest;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (reset) {
            throw new SocketException("Connection reset");
        }
        return in.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (closed || outputShut) {
            throw new ClosedChannelException();
        }
        if (reset) {
            throw new SocketException("Broken pipe");
        }
        long wanted = 0;
        for (int i = offset; i < offset + length; i++) {
            wanted += srcs[i].remaining();
        }
        long beforeReset = connection.bytesBeforeReset();
        long take = Math.min(Math.min(wanted, out.room()), beforeReset);
        if (take > 0) {
            byte[] bytes = new byte[(int) take];
            int at = 0;
            for (int i = offset; at < bytes.length; i++) {
                int n = Math.min(srcs[i].remaining(), bytes.length - at);
                srcs[i].get(bytes, at, n);
                at += n;
            }
            connection.written += take;
            out.send(bytes);
        } else if (wanted > 0) {
            net.log.add(side, "buffer full: write of # bytes refused", wanted);
        }
        if (take == beforeReset && wanted > take) {
            resetConnection();          // the fault strikes in the middle of this write
        }
        return take;
    }

    /** The planned fault: one end (drawn when the connection opened) is reset now. */
    private void resetConnection() {
        connection.resetDone = true;
        SimulatedTransport victim = connection.clientResets == isClient ? this : peer;
        net.log.add(connection.name, "reset by the network after # bytes, at " + victim.side, connection.written);
        victim.resetHere();
    }

    /**
     * Ends this side's output, like {@code SocketChannel.shutdownOutput()}: the peer reads -1
     * after the bytes already written; this end can still read. Doing it twice does nothing.
     *
     * @throws ClosedChannelException when this end is closed
     */
    public void shutdownOutput() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (outputShut || reset) {
            return;
        }
        outputShut = true;
        out.sendFin();
        signal();
    }

    /**
     * Closes this end: the peer reads -1 after the bytes already written, or, when bytes had
     * arrived here that nobody read, is reset (as a kernel resets a socket closed with unread
     * data). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        handler = null;
        interest = 0;
        if (!reset) {
            if (in.hasUnreadBytes()) {
                net.log.add(side, "closed with unread bytes: the peer is reset");
                reset = true;
                out.sendReset();
            } else if (!outputShut) {
                out.sendFin();
            }
        }
        net.log.add(side, "closed");
        if (peer.closed) {
            in.discard();           // nobody is left to send or receive what is still in flight
            out.discard();
        } else {
            in.discardArrived();    // what is still in flight arrives, and is answered with a reset
        }
        net.closed(this);
    }

    /**
     * True once {@link #close()} was called.
     *
     * @return whether this end is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * True once this end has been reset (by the network's fault, or by the peer's reset
     * arriving): its reads and writes fail.
     *
     * @return whether this end is reset
     */
    public boolean isReset() {
        return reset;
    }

    // ------------------------------------------------------------------ what the flows tell this end

    /** Bytes arrived after this end closed: answer with a reset, once. */
    void refuse() {
        if (!reset) {
            reset = true;
            out.sendReset();
        }
    }

    /** The peer's reset arrived: what was not read is gone, and every read and write fails from now on. */
    void resetArrived() {
        reset = true;
        in.discard();
        out.discard();
    }

    /** This end is reset where it stands (the network's fault): it fails at once, the peer learns of it later. */
    private void resetHere() {
        if (reset || closed) {
            return;
        }
        reset = true;
        in.discard();
        out.sendReset();
        signal();
    }

    /**
     * Something changed that may make this end ready for what its owner asked: call the
     * owner's handler on a later loop turn (never inline: a selector reports on its next turn).
     * When nothing is ready, the network may still decide on a spurious call.
     */
    void signal() {
        schedule(true);
    }

    private void schedule(boolean mayBeSpurious) {
        if (callScheduled || handler == null || closed || interest == 0) {
            return;
        }
        if ((readyOps() & interest) == 0) {
            if (!mayBeSpurious || !net.spuriousCall()) {
                return;
            }
            spuriousCall = true;
        }
        callScheduled = true;
        net.loop().addCallback(call);
    }

    private int readyOps() {
        int ops = 0;
        if (reset || in.readable()) {
            ops |= SelectionKey.OP_READ;
        }
        if (reset || (!outputShut && out.room() > 0)) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** Calls the owner's handler with what is ready and asked for; then again later while that stays true. */
    private void call() {
        callScheduled = false;
        boolean spurious = spuriousCall;
        spuriousCall = false;
        if (handler == null || closed) {
            return;
        }
        int ops = spurious ? interest : readyOps() & interest;
        if (ops == 0) {
            return;
        }
        if (spurious) {
            net.log.add(side, "spurious call with ops #", ops);
        }
        try {
            handler.onReady(ops);
        } catch (Throwable t) {
            // what the loop does for a channel whose handler threw: log it and close the channel
            LOG.log(System.Logger.Level.ERROR, "handler of " + this + " failed; closing it", t);
            close();
            return;
        }
        schedule(false);            // level-triggered: again on a later turn while still ready
    }

    @Override
    public String toString() {
        return "SimulatedTransport[" + side + (closed ? ", closed" : reset ? ", reset" : outputShut ? ", output shut" : "")
                + "]";
    }
}
