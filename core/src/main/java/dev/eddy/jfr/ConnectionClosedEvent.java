package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import java.nio.channels.SocketChannel;

/**
 * {@code dev.eddy.ConnectionClosed}: a loop stopped serving a TCP connection (its transport
 * was closed): every connection, accepted by a server or made by a client. Only touched
 * once {@link Flight#active()}.
 */
@Name("dev.eddy.ConnectionClosed")
@Category("Eddy")
@Label("Connection Closed")
@Description("A loop stopped serving a TCP connection: a server's or a client's, closed by either side")
@StackTrace(false)
public final class ConnectionClosedEvent extends ConnectionEvent {

    /** An event to fill in and commit. */
    public ConnectionClosedEvent() {
    }

    /**
     * Commits one for {@code socket}; call only when {@link Flight} says a recording wants it.
     *
     * @param loop the loop's name
     * @param socket the connection
     */
    public static void record(String loop, SocketChannel socket) {
        new ConnectionClosedEvent().commitFor(loop, socket);
    }
}
