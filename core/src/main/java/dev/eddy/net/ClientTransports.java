package dev.eddy.net;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * How a client turns the socket it opens into the {@link Transport} the connection speaks
 * over: plain TCP ({@link #PLAIN}), or a layer wrapped around the socket. TLS is one such
 * layer (the TLS package's client configuration is a {@code ClientTransports}). It is told
 * whom the socket dials, because a layer may need to know: TLS sends the host name as SNI,
 * checks the server's certificate against it, and keys its session cache by host and port.
 *
 * <p>The client side of {@link ServerTransports}, and there for the same reason: {@link TcpClient}
 * names nothing above {@code net}. It waits for {@link Transport#ready()} before it reports a
 * connection as made, so a layer with a handshake of its own needs nothing more from it.
 *
 * <p>Called on the loop thread, once per socket, before the socket connects and before the
 * transport is registered. It must not block and must not register the transport.
 */
@FunctionalInterface
public interface ClientTransports {

    /** Plain TCP: the socket itself, read and written directly ({@link SocketTransport}). */
    ClientTransports PLAIN = (channel, host, port) -> new SocketTransport(channel);

    /**
     * The transport a new connection will speak over; not registered yet.
     *
     * @param channel the socket, non-blocking, not yet connected
     * @param host the host name dialled, as the caller gave it (for a Unix-domain socket, the
     *     name the caller gave for the server)
     * @param port the port dialled; 0 for a Unix-domain socket
     * @return a transport over {@code channel}, which it owns from now on (closing the transport
     *     closes the socket)
     * @throws IOException when no transport can be made; the connect fails with it
     */
    Transport open(SocketChannel channel, String host, int port) throws IOException;
}
