package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * The one byte path under every connection: an {@link IOStream}, the HTTP server's
 * connection, the HTTP client and TCP streams all read and write through a transport and
 * never touch the socket themselves. {@link SocketTransport} is plain TCP; an encrypting
 * transport (TLS over a {@link javax.net.ssl.SSLEngine}) implements the same contract,
 * returning decrypted bytes from {@code read} and encrypting in {@code write}.
 *
 * <h2>Why the transport owns the registration</h2>
 * An encrypting transport has work of its own underneath its owner: a handshake to drive,
 * encrypted records to flush when the socket becomes writable, delegated tasks to resume
 * after. So the transport registers the channel with the loop ({@link #register}) and
 * translates the socket's readiness into the readiness its owner asked for
 * ({@link #interestOps(int)}). A plain transport passes both straight through, with no
 * object and no call of its own per event.
 *
 * <h2>Readiness</h2>
 * The owner's handler is called with {@code OP_READ} when {@link #read} may return bytes
 * (or -1, or throw), {@code OP_WRITE} when {@link #write} may take bytes, {@code OP_CONNECT}
 * when the socket's connect can be finished. A transport may also call it without a socket
 * event (decrypted bytes already buffered, a handshake that finished, a delegated task
 * done): owners must tolerate spurious calls, where {@code read} or {@code write} returns 0.
 *
 * <h2>Ready for application bytes</h2>
 * A transport with set-up of its own (the TLS handshake) carries no application bytes until
 * it is done: reads and writes return 0 meanwhile, and the owner is told when they can go on,
 * so most owners need not care. An owner that must not call the connection made before then
 * ({@link TcpClient}) waits for {@link #ready()}, which treats every transport alike.
 *
 * <h2>Closing after the last write</h2>
 * {@code write} may take bytes that have not reached the socket yet (TLS records waiting for
 * writability). An owner that closes after its last write asks for {@code OP_WRITE} and
 * closes only once {@link #hasPendingOutput()} is false.
 *
 * <p>Loop thread only: every method is called on the loop the transport was registered
 * with, and returns at once (none blocks).
 */
public interface Transport {

    /**
     * The channel underneath: for socket options, addresses and connecting. Null for a
     * transport with no channel under it (the in-memory connections of
     * {@code dev.eddy.testing.SimulatedNetwork}): owners check before they use it.
     *
     * @return the socket channel this transport reads and writes, or null when there is none
     */
    SelectableChannel channel();

    /**
     * Registers the channel with {@code loop}; called once, on the loop thread. From then on
     * the transport calls {@code handler.onReady(ops)} on the loop thread with the readiness
     * the owner asked for through {@link #interestOps(int)}. Interest starts at 0.
     *
     * @param loop the loop whose selector the channel joins; its thread makes every later call
     * @param handler told of the readiness the owner asked for
     * @throws IOException           when the channel cannot be registered (it is closed, say)
     * @throws IllegalStateException when the transport is already registered
     */
    void register(IOLoop loop, IOHandler handler) throws IOException;

    /**
     * Sets the readiness ({@code SelectionKey.OP_*} bits) the owner wants reported. Cheap
     * when unchanged; does nothing before {@link #register} or after {@link #close}.
     *
     * @param ops the {@code SelectionKey.OP_READ} and {@code OP_WRITE} bits wanted; 0 for none
     */
    void interestOps(int ops);

    /**
     * The readiness the owner currently wants reported (0 before registration).
     *
     * @return the {@code SelectionKey.OP_*} bits last set through {@link #interestOps(int)}
     */
    int interestOps();

    /**
     * Reads application bytes into {@code dst}: the number read, 0 when there is nothing
     * right now, -1 when the peer ended the stream cleanly. Any {@link IOException} means the
     * connection is gone (a TLS transport throws one for a stream cut short without
     * close_notify, so a truncated body is an error, never a silent end). Owners read into
     * the loop's read buffer (64 KiB), which is large enough for a whole TLS record.
     *
     * @param dst where the application bytes go, from its position up to its limit
     * @return the number of bytes read, 0 when none are available now, -1 at a clean end of stream
     * @throws IOException when the connection is broken, reset or (TLS) cut short
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes application bytes from {@code srcs[offset..offset+length)} and returns how
     * many it took. It may take 0 while earlier output is still held by the transport
     * (back-pressure); the owner then asks for {@code OP_WRITE} and tries again when it is
     * reported.
     *
     * @param srcs the buffers holding the bytes, each from its position to its limit
     * @param offset the index of the first buffer to write from
     * @param length how many buffers, from {@code offset}, to write from
     * @return how many bytes were taken (the buffers' positions moved past them); 0 when none could
     *     be now
     * @throws IOException when the connection is broken or reset
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Completes when the transport can carry application bytes: a plain transport at once,
     * a TLS transport when its handshake is done. Fails, with the reason, when it never will
     * (the handshake failed, or the transport closed first). Asking starts nothing that
     * registering and connecting would not start anyway.
     *
     * <p>The default answers "ready now", on the calling loop: right for any transport with
     * no set-up of its own. A transport that wraps another passes the question on.
     *
     * @return a future completing (with null) once application bytes can flow; call on the
     *     loop thread, after {@link #register}
     */
    default Future<Void> ready() {
        return Future.succeeded(IOLoop.current(), null);
    }

    /**
     * True while bytes taken by {@link #write} have not all reached the socket. A plain
     * transport hands every byte to the kernel in {@code write}: always false.
     *
     * @return whether output is still held by the transport
     */
    default boolean hasPendingOutput() {
        return false;
    }

    /**
     * Removes the registration and closes the channel; closing twice does nothing. A TLS
     * transport first sends close_notify (and any held records) as far as the socket takes
     * them right now.
     *
     * @throws IOException when closing the channel fails; the transport counts as closed anyway
     */
    void close() throws IOException;
}
