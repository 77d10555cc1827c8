package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import java.nio.channels.SocketChannel;

/**
 * {@code dev.eddy.ConnectionAccepted}: a server accepted a TCP connection and handed it to
 * the loop that will serve it (HTTP, HTTPS or a stream server alike). Its end is a
 * {@link ConnectionClosedEvent}. Only touched once {@link Flight#active()}.
 */
@Name("dev.eddy.ConnectionAccepted")
@Category("Eddy")
@Label("Connection Accepted")
@Description("A server accepted a TCP connection and handed it to a loop")
@StackTrace(false)
public final class ConnectionAcceptedEvent extends ConnectionEvent {

    /** An event to fill in and commit. */
    public ConnectionAcceptedEvent() {
    }

    /**
     * Commits one for {@code socket}; call only when {@link Flight} says a recording wants it.
     *
     * @param loop the loop's name
     * @param socket the connection
     */
    public static void record(String loop, SocketChannel socket) {
        new ConnectionAcceptedEvent().commitFor(loop, socket);
    }
}
