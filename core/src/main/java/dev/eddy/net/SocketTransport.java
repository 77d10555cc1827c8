package dev.eddy.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Plain TCP: each read and write is one system call on the {@link SocketChannel}, and
 * readiness comes straight from the loop (see {@link ChannelTransport}). Loop thread only.
 */
public final class SocketTransport extends ChannelTransport {

    private final SocketChannel channel;

    /**
     * A transport over {@code channel}, read and written directly; not registered yet.
     *
     * @param channel the socket, non-blocking, connected or connecting
     */
    public SocketTransport(SocketChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return length == 1 ? channel.write(srcs[offset]) : channel.write(srcs, offset, length);
    }

    @Override
    public String toString() {
        return channel.toString();
    }
}
