package dev.eddy.jfr;

import jdk.jfr.Event;
import jdk.jfr.Label;

import java.nio.channels.SocketChannel;

/**
 * What {@link ConnectionAcceptedEvent} and {@link ConnectionClosedEvent} both say: which loop,
 * and the connection's two addresses. Abstract, so the recorder registers only the two
 * events (an event class inherits its superclass's fields).
 */
public abstract class ConnectionEvent extends Event {

    /** The loop that serves (or served) the connection. */
    @Label("Loop")
    public String loop;

    /** The peer's address, e.g. "/127.0.0.1:50312", or empty when it was never connected. */
    @Label("Remote Address")
    public String remoteAddress;

    /** This side's address. */
    @Label("Local Address")
    public String localAddress;

    /** For the two events. */
    ConnectionEvent() {
    }

    /** Fills the fields from {@code socket} and commits. */
    final void commitFor(String loopName, SocketChannel socket) {
        loop = loopName;
        remoteAddress = SocketAddresses.remote(socket);
        localAddress = SocketAddresses.local(socket);
        commit();
    }
}
