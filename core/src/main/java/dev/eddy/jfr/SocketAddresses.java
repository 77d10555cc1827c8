package dev.eddy.jfr;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/** A socket's addresses as an event's text fields: never throws, empty when there is none. */
final class SocketAddresses {

    private SocketAddresses() {
    }

    static String remote(SocketChannel socket) {
        try {
            return text(socket.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            return "";          // closed already: the address is gone with it
        }
    }

    static String local(SocketChannel socket) {
        try {
            return text(socket.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String text(SocketAddress a) {
        return a == null ? "" : a.toString();
    }
}
