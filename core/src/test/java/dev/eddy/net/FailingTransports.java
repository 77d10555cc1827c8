package dev.eddy.net;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a way of wrapping sockets that cannot make a transport for the first few it is
 * given. For those it remembers the socket (so a test can check that it was closed) and throws
 * its failure, an {@link IOException} or a runtime exception as the test chose; after them it
 * makes plain transports. A server's and a client's. Loop thread only.
 */
final class FailingTransports implements ServerTransports, ClientTransports {

    private final Exception failure;
    private final List<SocketChannel> refused = new ArrayList<>();
    private int failuresLeft;

    /**
     * @param checked an {@link IOException} when true, else an {@link IllegalStateException}
     * @param times how many sockets get no transport before plain ones are made
     */
    FailingTransports(boolean checked, int times) {
        this.failure = checked ? new IOException("no transport (expected by the test)")
                : new IllegalStateException("no transport (expected by the test)");
        this.failuresLeft = times;
    }

    /** What it throws. */
    Exception failure() {
        return failure;
    }

    /** The sockets it made no transport for, in order. */
    List<SocketChannel> refused() {
        return refused;
    }

    @Override
    public Transport open(SocketChannel accepted) throws IOException {
        if (failuresLeft == 0) {
            return new SocketTransport(accepted);
        }
        failuresLeft--;
        refused.add(accepted);
        if (failure instanceof IOException e) {
            throw e;
        }
        throw (RuntimeException) failure;
    }

    @Override
    public Transport open(SocketChannel channel, String host, int port) throws IOException {
        return open(channel);
    }
}
