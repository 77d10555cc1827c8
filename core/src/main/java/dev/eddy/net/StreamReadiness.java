package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.Promise;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * An {@link IOStream}'s side of its transport's readiness: the handler the transport calls,
 * which hands each event to the part it is for (a writable socket to {@code StreamOutput}, a
 * readable one to {@code StreamInput}, anything after the close to {@code StreamEnd}); the
 * interest the parts add and drop; and the connect in progress, whose end (OP_CONNECT) is the
 * one event no other part owns.
 *
 * <p>It exists apart from {@code IOStream} because the stream's file is its public API, and
 * which readiness goes where is the machinery under it. It is the handler object the stream
 * registers, in place of the method reference it would otherwise make, so an idle stream
 * has no more objects than before.
 *
 * <p>Loop thread only. Never keeps bytes or state of a read or write: those are the parts'.
 */
final class StreamReadiness implements IOHandler {

    private final IOStream stream;

    /** The connect waiting for OP_CONNECT; null when none is. */
    private Promise<Void> connecting;

    StreamReadiness(IOStream stream) {
        this.stream = stream;
    }

    // ------------------------------------------------------------------ interest

    /** Asks the transport for {@code ops} too (a call only when something changes). */
    void addInterest(int ops) {
        Transport transport = stream.transport();
        int interest = transport.interestOps();
        if ((interest & ops) != ops) {
            transport.interestOps(interest | ops);
        }
    }

    /** Stops asking the transport for {@code ops} (a call only when something changes). */
    void removeInterest(int ops) {
        Transport transport = stream.transport();
        int interest = transport.interestOps();
        if ((interest & ops) != 0) {
            transport.interestOps(interest & ~ops);
        }
    }

    /** Called by the transport; may be spurious (nothing to read or write after all). */
    @Override
    public void onReady(int readyOps) {
        if (stream.isClosed()) {
            stream.end().onReadyWhileLingering();       // lingering after a graceful close
            return;
        }
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !stream.output().onWritable()) {
            return;                                     // the socket refused the write: the stream is closed
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !stream.isClosed()) {
            StreamInput input = stream.input();
            if (!input.isReading() && !stream.end().isCloseWatched()) {
                removeInterest(SelectionKey.OP_READ);  // nobody reads: leave it in the kernel
            } else {
                input.readFromSocket();
            }
        }
    }

    // ------------------------------------------------------------------ connect

    /** Starts connecting the stream's socket to {@code address}: {@link IOStream#connect}, which says what it does. */
    Future<Void> connect(SocketAddress address) {
        stream.loop().checkLoopThread("IOStream.connect");
        if (!(stream.transport().channel() instanceof SocketChannel channel)) {
            throw new UnsupportedOperationException("connect needs a SocketChannel transport");
        }
        if (stream.isClosed()) {
            return Future.failed(stream.loop(), stream.closedException("connect on a closed stream"));
        }
        Promise<Void> p = new Promise<>(stream.loop());
        try {
            if (channel.connect(address)) {
                p.complete(null);
                return p;
            }
        } catch (IOException e) {
            stream.close(e);
            p.fail(e);
            return p;
        }
        connecting = p;
        addInterest(SelectionKey.OP_CONNECT);
        return p;
    }

    private void finishConnect() {
        Promise<Void> p = connecting;
        try {
            if (!((SocketChannel) stream.transport().channel()).finishConnect()) {
                return;
            }
        } catch (IOException e) {
            connecting = null;
            stream.close(e);
            if (p != null) {
                p.tryFail(e);
            }
            return;
        }
        connecting = null;
        removeInterest(SelectionKey.OP_CONNECT);
        stream.touched();
        if (p != null) {
            p.tryComplete(null);
        }
    }

    /** The stream closed: a connect still waiting fails. */
    void streamClosed() {
        if (connecting != null) {
            Promise<Void> p = connecting;
            connecting = null;
            p.tryFail(stream.closedException("stream closed while connecting"));
        }
    }
}
