package dev.eddy.net;

import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Test fixture: a transport that behaves like an encrypting one where it matters to its
 * owner. While {@link #hold} is on, {@code write} takes every byte but keeps it (as a TLS
 * transport keeps records the socket has not taken), reports {@link #hasPendingOutput()},
 * asks the socket for writability itself, sends the bytes when it comes, and only then
 * reports OP_WRITE to its owner. It also makes spurious calls: every socket event is passed
 * on with the owner's whole interest set, whether or not that part is ready.
 */
final class HoldingTransport implements Transport {

    private final SocketTransport socket;
    private IOHandler owner;
    private int ownerInterest;
    private ByteBuffer held;        // bytes taken but not yet sent, in read mode
    boolean hold;
    int spuriousCalls;

    HoldingTransport(SocketChannel channel) {
        this.socket = new SocketTransport(channel);
    }

    @Override
    public SocketChannel channel() {
        return socket.channel();
    }

    @Override
    public void register(IOLoop loop, IOHandler handler) throws IOException {
        owner = handler;
        socket.register(loop, this::onSocketReady);
    }

    private void onSocketReady(int ready) throws Exception {
        if ((ready & SelectionKey.OP_WRITE) != 0 && held != null) {
            socket.write(new ByteBuffer[] {held}, 0, 1);
            if (!held.hasRemaining()) {
                held = null;
            }
            updateSocketInterest();
        }
        if (held == null && ownerInterest != 0) {
            if ((ready & ownerInterest) != ownerInterest) {
                spuriousCalls++;
            }
            owner.onReady(ownerInterest);       // spurious where not ready: the owner copes
        }
    }

    private void updateSocketInterest() {
        socket.interestOps(ownerInterest | (held != null ? SelectionKey.OP_WRITE : 0));
    }

    @Override
    public void interestOps(int ops) {
        ownerInterest = ops;
        updateSocketInterest();
    }

    @Override
    public int interestOps() {
        return ownerInterest;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (held != null) {
            return 0;                           // back-pressure: one batch held at a time
        }
        if (!hold) {
            return socket.write(srcs, offset, length);
        }
        int size = 0;
        for (int i = offset; i < offset + length; i++) {
            size += srcs[i].remaining();
        }
        held = ByteBuffer.allocate(size);
        for (int i = offset; i < offset + length; i++) {
            held.put(srcs[i]);
        }
        held.flip();
        updateSocketInterest();
        return size;
    }

    @Override
    public boolean hasPendingOutput() {
        return held != null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
