package dev.eddy.net;

import dev.eddy.ChannelRegistration;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * The registration half of a plain {@link Transport}, one whose bytes go straight to the
 * channel ({@link SocketTransport}, a pipe): the channel is registered with the loop as it
 * is, and the owner's interest goes straight to the {@link ChannelRegistration}, whose
 * cached interest set makes an unchanged request free. So a plain transport adds no object
 * and no call per readiness event: the loop calls the owner's handler directly.
 *
 * <p>Loop thread only.
 */
public abstract class ChannelTransport implements Transport {

    private ChannelRegistration registration;   // null until registered

    /** For subclasses: a transport whose channel is not registered yet. */
    protected ChannelTransport() {
    }

    @Override
    public abstract SelectableChannel channel();

    @Override
    public final void register(IOLoop loop, IOHandler handler) throws IOException {
        if (registration != null) {
            throw new IllegalStateException(this + " is already registered");
        }
        registration = loop.register(channel(), 0, handler);
    }

    @Override
    public final void interestOps(int ops) {
        if (registration != null) {
            registration.interestOps(ops);      // ignored once removed
        }
    }

    @Override
    public final int interestOps() {
        return registration == null ? 0 : registration.interestOps();
    }

    @Override
    public final void close() throws IOException {
        if (registration != null) {
            registration.remove();
        }
        channel().close();
    }
}
