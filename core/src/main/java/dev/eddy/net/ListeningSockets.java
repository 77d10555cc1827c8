package dev.eddy.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opening and binding a {@link TcpServer}'s listening sockets: TCP ({@code SO_REUSEADDR},
 * and {@code SO_REUSEPORT} when asked) or a Unix-domain socket, and a bind failure that says
 * which address it was about.
 *
 * <p>A Unix-domain socket is a file, and the file outlives a process that dies without
 * removing it: the next bind then fails with "in use" although nobody listens. Such a stale
 * file (a socket nobody answers on) is removed and the bind tried again; a live server's
 * socket, or a file that is not a socket, is never touched. The file is removed when the
 * socket stops listening ({@link #removeSocketFile}). Stateless; any thread.
 */
final class ListeningSockets {

    private ListeningSockets() {
    }

    /** An unbound listening socket of the family {@code address} needs. */
    static ServerSocketChannel open(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                : ServerSocketChannel.open();
    }

    /** Binds {@code ssc}; a failure names the address (see {@link #named}). */
    static void bind(ServerSocketChannel ssc, SocketAddress address, int backlog, boolean reusePort)
            throws IOException {
        if (address instanceof UnixDomainSocketAddress path) {
            bindUnix(ssc, path, backlog);
            return;
        }
        ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (reusePort) {
            ssc.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        try {
            ssc.bind(address, backlog);
        } catch (BindException e) {
            throw named(address, e);
        }
    }

    private static void bindUnix(ServerSocketChannel ssc, UnixDomainSocketAddress address, int backlog)
            throws IOException {
        try {
            ssc.bind(address, backlog);
            return;
        } catch (BindException e) {
            if (!isSocketFile(address.getPath()) || isAnswered(address)) {
                throw named(address, e);
            }
        }
        Files.deleteIfExists(address.getPath());      // stale: its server is gone
        try {
            ssc.bind(address, backlog);
        } catch (BindException e) {
            throw named(address, e);
        }
    }

    private static boolean isSocketFile(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) mode & 0170000) == 0140000;         // S_IFSOCK
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {       // no "unix" attribute view: "other" is neither file nor directory nor link
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
            } catch (IOException notThere) {
                return false;
            }
        } catch (IOException notThere) {
            return false;
        }
    }

    /** True when a server accepts a connection on {@code address} (a blocking connect, instant on a local socket). */
    private static boolean isAnswered(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(address);
        } catch (IOException refused) {
            return false;
        }
    }

    /** After closing a listening socket: a Unix-domain socket's file goes too (the kernel leaves it). */
    static void removeSocketFile(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
        }
    }

    /**
     * A bind failure that names the address. The JDK's says only "Address already in use",
     * and the person reading it needs to know which address to free (or which to choose).
     * The JDK's exception is kept as the cause.
     */
    static BindException named(SocketAddress address, BindException e) {
        String where = address instanceof InetSocketAddress inet ? hostAndPort(inet)
                : address instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : String.valueOf(address);
        String why = e.getMessage();
        BindException named = new BindException(why != null && why.contains("in use")
                ? where + " is already in use"
                : "cannot listen on " + where + ": " + why);
        named.initCause(e);
        return named;
    }

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}: the way people write an address and port. */
    static String hostAndPort(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
