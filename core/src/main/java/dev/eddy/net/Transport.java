package dev.eddy.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * What an {@link IOStream} moves bytes through: a non-blocking byte channel that a loop can
 * watch. {@link SocketTransport} is plain TCP. The stream never touches the socket except
 * through this interface, so an encrypting transport (TLS over an
 * {@link javax.net.ssl.SSLEngine}) can slot in underneath later and everything above the
 * stream (the HTTP client, for one) keeps working unchanged: {@code read} would return
 * decrypted bytes, {@code write} would encrypt.
 *
 * <p>Called on the stream's loop thread only. Every method must return at once.
 */
public interface Transport {

    /** The channel the loop watches for readiness (registration is the stream's job). */
    SelectableChannel channel();

    /**
     * Reads what is available into {@code dst}: the number of bytes read, 0 when nothing is
     * available right now, -1 when the peer closed its side.
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes what fits from {@code srcs[offset..offset+length)} (a gathering write). */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Closes the connection. */
    void close() throws IOException;
}
