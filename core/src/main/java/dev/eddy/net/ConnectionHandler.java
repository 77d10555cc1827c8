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
 * <p>It should return a future for the connection's <em>life</em>: one that completes when
 * the connection is closed. That is how the server learns of the close and forgets the
 * channel at once (the server tracks its connections for a graceful close, and a closed
 * channel it still tracked would stay on the heap). A life that completes while the channel
 * is still open, or a null life, leaves the server to notice the close later, in a sweep.
 * A failure of that future, or an exception thrown here, is logged; on a throw the channel
 * is closed.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Takes over one accepted connection on {@code loop}'s thread; returns a future that
     * completes when the connection is closed (or null, see the class comment).
     *
     * @param loop the loop that owns the connection from now on; this call runs on its thread
     * @param channel the accepted socket: non-blocking and not yet registered
     * @return a future that completes when the connection is closed, or null
     * @throws Exception when the handler cannot take the connection; it is logged and the channel
     *     closed
     */
    Future<?> handle(IOLoop loop, SocketChannel channel) throws Exception;
}
