package dev.eddy.http;

import dev.eddy.IOHandler;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Who takes an HTTP/1.1 connection over after a {@code 101 Switching Protocols}
 * ({@link HttpResponse#upgrade}): the WebSocket server, or any other protocol that starts as an
 * HTTP request.
 *
 * <p>The server writes the {@code 101}, waits until it has reached the transport, stops being an
 * HTTP connection (no more parsing, timeouts or bookkeeping: the connection no longer counts as
 * one of the server's) and calls {@link #takeOver} once, on the loop thread. It never touches the
 * transport again except to forward readiness to the handler this returns: a transport is
 * registered with the loop once, so the HTTP connection stays the registered handler and passes
 * every event on.
 */
@FunctionalInterface
public interface ConnectionUpgrade {

    /**
     * Takes the connection over.
     *
     * @param transport the connection's transport, registered, interest ops left as they were
     *                  (the new owner sets its own)
     * @param leftover  a copy of the bytes that arrived right behind the upgrade request: they
     *                  belong to the new protocol (position 0; empty when none)
     * @return the handler every readiness event goes to from now on
     * @throws IOException when the new owner cannot take the transport; the connection is closed
     */
    IOHandler takeOver(Transport transport, ByteBuffer leftover) throws IOException;
}
