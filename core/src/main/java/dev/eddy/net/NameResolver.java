package dev.eddy.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses: the blocking lookup {@link TcpClient} runs on its
 * resolver executor, never on the loop. {@link #SYSTEM} asks the JDK (the hosts file, then
 * DNS). Supply another to resolve from a fixed table, or, in a test, to fail a lookup
 * without sending a single DNS query.
 *
 * <p>Called on an executor thread, possibly on several at once: it must be thread-safe.
 */
@FunctionalInterface
public interface NameResolver {

    /** The JDK's resolver: {@link InetAddress#getAllByName}. */
    NameResolver SYSTEM = InetAddress::getAllByName;

    /**
     * The addresses of {@code host}, in the order to try them.
     *
     * @param host the host name or address literal to resolve
     * @return the addresses, at least one
     * @throws UnknownHostException when the name does not resolve
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
