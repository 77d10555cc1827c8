package dev.eddy.net;

import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.ZoneId;

/**
 * Does, once per JVM, the JDK's own lazy initializations that need a free file descriptor,
 * so that they do not happen for the first time at the descriptor limit.
 *
 * <p>Why it exists: a server reaches its descriptor limit when many connections arrive at
 * once, which is also when it writes to a socket for the first time. On JDK 17 the first
 * write or close of a socket initializes a JDK class that opens a descriptor of its own; at
 * the limit that fails, the JVM marks the class as failed for good, and from then on no
 * socket in the process can be written to or even closed: the descriptors are never given
 * back and the server stays deaf after the load has gone. Likewise the first log record of
 * the JVM reads the time-zone file. Doing both while a {@link TcpServer} starts, when
 * descriptors are plentiful, makes them load once, harmlessly.
 *
 * <p>It never throws: a warm-up that fails is logged (at DEBUG) and the server starts anyway.
 */
final class JdkWarmUp {

    static {
        try {
            SocketChannel.open().close();       // the socket dispatcher (and its spare descriptor)
            ZoneId.systemDefault().getRules();  // the time-zone data a log formatter needs
        } catch (IOException | RuntimeException | Error e) {
            SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "JDK warm-up failed", e);
        }
    }

    private JdkWarmUp() {
    }

    /** Runs the warm-up if this JVM has not run it yet (a class is initialized once). */
    static void ensureDone() {
    }
}
