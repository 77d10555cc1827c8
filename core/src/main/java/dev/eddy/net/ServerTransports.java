package dev.eddy.net;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * How a server turns a socket it accepted into the {@link Transport} the connection speaks
 * over: plain TCP ({@link #PLAIN}), or a layer wrapped around the socket. TLS is one such
 * layer (the TLS package's server configuration is a {@code ServerTransports}); a test's
 * byte-counting transport is another. {@link TcpServer}'s {@code listenStreams} takes one
 * for the streams it hands out, and the HTTP server one for the connections it serves.
 *
 * <p>It exists so that the server names nothing above it: it asks "a transport over this
 * socket, please" and never learns whether the bytes are encrypted. The dependency points one
 * way (TLS knows {@code net}; {@code net} knows only this interface), and anything else that
 * wraps a socket (a protocol with a handshake of its own, a recording transport) plugs into the
 * same place. A transport that needs set-up before it carries application bytes (the TLS
 * handshake) says so through {@link Transport#ready()}, not through this interface.
 *
 * <p>Called on the loop that will own the connection, once per accepted socket, before the
 * transport is registered. It must not block (a TLS engine is made here; the handshake starts
 * only when the transport is registered) and must not register the transport. What it throws
 * closes that socket, is logged, and the server goes on accepting.
 */
@FunctionalInterface
public interface ServerTransports {

    /** Plain TCP: the socket itself, read and written directly ({@link SocketTransport}). */
    ServerTransports PLAIN = SocketTransport::new;

    /**
     * The transport an accepted connection speaks over; not registered yet.
     *
     * @param accepted the accepted socket, non-blocking
     * @return a transport over {@code accepted}, which it owns from now on (closing the
     *     transport closes the socket)
     * @throws IOException when no transport can be made for this socket; the server closes it
     */
    Transport open(SocketChannel accepted) throws IOException;
}
