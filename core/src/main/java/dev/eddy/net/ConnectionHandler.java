package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.nio.channels.SocketChannel;

/**
 * What a {@link TcpServer} does with each accepted connection, at the lowest level: it gets
 * the raw, non-blocking, not yet registered {@link SocketChannel} on the thread of the
 * {@code loop} that will own it, and registers it there however it likes (an
 * {@link IOStream}, or its own {@link dev.eddy.IOHandler} for a protocol that wants to
 * parse straight from the loop's read buffer).
 *
 * <p>It may return a future for the connection's life (or null). A failure of that future,
 * or an exception thrown here, is logged; on a throw the channel is closed.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Takes over one accepted connection on {@code loop}'s thread; returns a future for its
     * life, or null.
     */
    Future<?> handle(IOLoop loop, SocketChannel channel) throws Exception;
}
