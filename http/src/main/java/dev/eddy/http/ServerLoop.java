package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.http.wire.OutputBuffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link HttpServer} keeps per loop: the output buffer every connection of the loop
 * encodes its responses into (one, not one per connection, so an idle connection owns no
 * output memory), the set of open connections (for graceful shutdown), and a finished
 * future to return from writes that completed at once (no allocation per write).
 *
 * <p>The output buffer has an owner: a connection that finds another connection's bytes in
 * it (a handler of one connection writing to another's stream) flushes them first, so bytes
 * never reach the wrong socket. Loop thread only.
 */
final class ServerLoop {

    final IOLoop loop;
    final HttpServer server;
    final OutputBuffer out = new OutputBuffer(64 * 1024);
    /** The array every connection of the loop hands to its transport's gathering write (then clears). */
    final java.nio.ByteBuffer[] gather = new java.nio.ByteBuffer[2];
    final Future<Void> done;
    private HttpConnection outOwner;
    private final Set<HttpConnection> connections = new HashSet<>();
    private volatile boolean shutDown;

    ServerLoop(IOLoop loop, HttpServer server) {
        this.loop = loop;
        this.server = server;
        this.done = Future.succeeded(loop, null);
    }

    /** The output buffer, for {@code c} to append to. */
    OutputBuffer claim(HttpConnection c) {
        if (outOwner != c) {
            if (outOwner != null && !out.isEmpty()) {
                outOwner.output.flush();
            }
            out.clear();
            outOwner = c;
        }
        return out;
    }

    /** True when {@code c}'s bytes are in the output buffer. */
    boolean owns(HttpConnection c) {
        return outOwner == c && !out.isEmpty();
    }

    void release(HttpConnection c) {
        if (outOwner == c) {
            out.clear();
            outOwner = null;
        }
    }

    void added(HttpConnection c) {
        connections.add(c);
    }

    void removed(HttpConnection c) {
        connections.remove(c);
        release(c);
        server.connectionClosed(this);
    }

    int connectionCount() {
        return connections.size();
    }

    /** Closes idle connections and lets busy ones finish their current exchange. */
    void shutdown() {
        shutDown = true;
        for (HttpConnection c : new ArrayList<>(connections)) {
            c.shutdown();
        }
    }

    boolean isShutDown() {
        return shutDown;
    }

    /** Closes every connection now (the grace period is over). */
    void closeAll() {
        List<HttpConnection> all = new ArrayList<>(connections);
        for (HttpConnection c : all) {
            c.abort("server shut down");
        }
    }
}
