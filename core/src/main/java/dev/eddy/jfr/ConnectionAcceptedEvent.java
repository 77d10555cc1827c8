package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
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
public final class ConnectionAcceptedEvent extends Event {

    /** The loop that serves the connection. */
    @Label("Loop")
    public String loop;

    /** The peer's address, e.g. "/127.0.0.1:50312". */
    @Label("Remote Address")
    public String remoteAddress;

    /** The server's address the connection came in on. */
    @Label("Local Address")
    public String localAddress;

    /** An event to fill in and commit. */
    public ConnectionAcceptedEvent() {
    }

    /**
     * True when a recording wants this event now.
     *
     * @return whether the recorder runs and this event is enabled
     */
    public static boolean recorded() {
        return Flight.active() && Type.ACCEPTED.isEnabled();
    }

    /**
     * Commits one for {@code socket} if a recording wants it.
     *
     * @param loop the loop's name
     * @param socket the connection
     */
    public static void record(String loop, SocketChannel socket) {
        if (recorded()) {
            ConnectionAcceptedEvent e = new ConnectionAcceptedEvent();
            e.loop = loop;
            e.remoteAddress = SocketAddresses.remote(socket);
            e.localAddress = SocketAddresses.local(socket);
            e.commit();
        }
    }

    private static final class Type {
        static final EventType ACCEPTED = EventType.getEventType(ConnectionAcceptedEvent.class);
    }
}
