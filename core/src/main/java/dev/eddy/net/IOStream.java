package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A buffered, non-blocking byte stream over a connection (Tornado's {@code IOStream}):
 * reads and writes return {@link Future}s, so protocol code says "read until CRLF CRLF,
 * then read the body" instead of juggling readiness events.
 *
 * <h2>Reads</h2>
 * One read may be pending at a time (starting a second is an {@link IllegalStateException}).
 * A read is served from bytes already buffered first, then by reading the socket right
 * away, and only if that is not enough by waiting until the socket is readable.
 * The socket is read into the loop-wide {@link IOLoop#readBuffer()}; the stream copies out
 * only what the current read cannot take (the start of an incomplete message, or bytes that
 * arrived after the end of the one just read). When nothing is pending and nothing is left
 * over the stream holds no read buffer at all. Bytes the peer sends while nobody reads
 * stay in the kernel (that is TCP's own flow control), except when a {@link #closeFuture()}
 * is being watched: then they are read and kept, so the close is noticed.
 *
 * <h2>Writes</h2>
 * A write goes to the socket at once; only what the kernel did not take is queued (the
 * caller's buffers themselves: do not change them until the future completes). The future
 * completes when the transport took the bytes (for plain TCP: when they reached the kernel;
 * an encrypting transport may hold its last records a little longer, see Close). See
 * {@link WriteQueue} for back-pressure.
 *
 * <h2>Close</h2>
 * A stream closes when {@link #close()} is called, the peer closes (end of stream), the
 * socket fails (reset), or a timeout fires. Pending reads are then satisfied from buffered
 * bytes where possible and otherwise fail with a {@link StreamClosedException} whose cause
 * is the reason; queued writes fail the same way. Bytes buffered before the close stay
 * readable. {@link #closeFuture()} completes once, when the transport is closed.
 *
 * <p>A plain {@link #close()} is graceful towards bytes the transport has taken but not yet
 * sent ({@link Transport#hasPendingOutput()}: TLS records waiting for the socket): the
 * stream is closed for its user at once, but the transport is closed only when they are
 * out, or after {@link #CLOSE_LINGER} at most. A close with a reason (an error, a
 * timeout) closes the transport at once. Plain TCP never has pending output, so there the
 * two are the same.
 *
 * <h2>Where the parts are</h2>
 * This file is what users see, and the stream's life: reads, writes and connect as the
 * public API, and the close, which settles every part. Which readiness goes to which part,
 * the interest they ask for, and the connect in progress are {@code StreamReadiness}; the
 * end (closed or not, and why, which every part asks about; how the transport then ends:
 * lingering, the idle timer, the close future) is {@code StreamEnd}. The reading itself is
 * {@code StreamInput} (bytes received and not yet read, and how the three steps above serve
 * a read), with {@code PendingRead} (the one read in progress and how bytes satisfy it). The
 * writing is {@code StreamOutput} (the first try at the socket, and the flush when it is
 * writable again) over {@code WriteQueue} (bytes the kernel has not taken yet, and
 * back-pressure). {@code ByteBuffers} has the small buffer operations and {@link Transport}
 * is what is read and written: a socket, or anything that looks like one.
 *
 * <p>Loop thread only, except {@link #close()}, which may be called from any thread.
 */
public final class IOStream implements AutoCloseable {

    /** How long a graceful close waits for output the transport still holds. */
    public static final java.time.Duration CLOSE_LINGER = java.time.Duration.ofSeconds(5);

    private final IOLoop loop;
    private final Transport transport;
    private final StreamOptions options;

    /** The read side: bytes received but not yet read, and the read they serve. */
    private final StreamInput input = new StreamInput(this);

    /** The write side: the first try at the socket, and what the kernel did not take yet. */
    private final StreamOutput output = new StreamOutput(this);

    /** The stream's end: closed or not and why, the idle timer, lingering after a graceful close, the close future. */
    private final StreamEnd end = new StreamEnd(this);

    /** The transport's handler: readiness to the part it is for, interest, the connect in progress. */
    private final StreamReadiness readiness = new StreamReadiness(this);

    /**
     * A stream with {@link StreamOptions#defaults()} over a (connected or connecting) socket.
     *
     * @param loop the loop the stream belongs to; call on its thread
     * @param channel the socket, connected or connecting, not yet registered
     * @throws IOException when the socket cannot be made non-blocking or registered
     */
    public IOStream(IOLoop loop, SocketChannel channel) throws IOException {
        this(loop, new SocketTransport(channel), StreamOptions.defaults());
    }

    /**
     * A stream over a (connected or connecting) socket, switched to non-blocking mode and
     * registered with {@code loop}. Loop thread only.
     *
     * @param loop the loop the stream belongs to; call on its thread
     * @param channel the socket, connected or connecting, not yet registered
     * @param options buffering and timeouts
     * @throws IOException when the socket cannot be made non-blocking or registered
     */
    public IOStream(IOLoop loop, SocketChannel channel, StreamOptions options) throws IOException {
        this(loop, new SocketTransport(channel), options);
    }

    /**
     * A stream over any (not yet registered) {@link Transport}; registers it with
     * {@code loop}, so from here on the stream owns it. Loop thread only.
     *
     * @param loop the loop the stream belongs to; call on its thread
     * @param transport the transport to own, not yet registered
     * @param options buffering and timeouts
     * @throws IOException when the channel cannot be registered (it is closed, say)
     */
    public IOStream(IOLoop loop, Transport transport, StreamOptions options) throws IOException {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        loop.checkLoopThread("new IOStream");
        if (options.noDelay() && transport.channel() instanceof SocketChannel sc
                && sc.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {    // not on a Unix-domain socket
            sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        transport.register(loop, readiness);
        end.startIdleTimer();
    }

    /**
     * The loop this stream belongs to.
     *
     * @return the loop whose thread every call runs on
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * What the stream reads from and writes to.
     *
     * @return the transport the stream owns
     */
    public Transport transport() {
        return transport;
    }

    /**
     * The options this stream was made with.
     *
     * @return the stream's options
     */
    public StreamOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads up to and including {@code delimiter}. Fails with {@link DelimiterNotFoundException}
     * if it does not end within {@code maxBytes} bytes; the stream then stays open with
     * those bytes still buffered (see that exception for why). The delimiter array is used
     * as it is, not copied: pass a constant and don't change it while the read is pending.
     *
     * @param delimiter the bytes that end the read; not empty
     * @param maxBytes the most bytes to look through, delimiter included
     * @return a future completing with the bytes up to and including the delimiter, or failing with
     *     {@link DelimiterNotFoundException} or {@link StreamClosedException}
     */
    public Future<byte[]> readUntil(byte[] delimiter, int maxBytes) {
        return input.readUntil(delimiter, maxBytes);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many bytes to read; 0 or more
     * @return a future completing with exactly {@code n} bytes, or failing with
     *     {@link StreamClosedException} when the stream closes first
     */
    public Future<byte[]> readBytes(int n) {
        return readBytes(n, false);
    }

    /**
     * Reads {@code n} bytes, or with {@code partial} whatever is available as soon as there
     * is at least one byte (at most {@code n}). A read of 0 bytes completes at once with none.
     *
     * @param n how many bytes to read (at most, with {@code partial}); 0 or more
     * @param partial whether to complete with fewer than {@code n} bytes as soon as some arrived
     * @return a future completing with the bytes read, or failing with
     *     {@link StreamClosedException} when the stream closes first
     */
    public Future<byte[]> readBytes(int n, boolean partial) {
        return input.readBytes(n, partial);
    }

    /**
     * Reads into the caller's buffer until it is full (or, with {@code partial}, as soon as
     * some bytes arrived); the future's value is the number of bytes read. No copy of its
     * own is made: the bytes go from the loop's read buffer straight into {@code dst}. If the
     * stream closes first, the read fails but bytes already put in {@code dst} stay there.
     *
     * @param dst where the bytes go, from its position up to its limit
     * @param partial whether to complete as soon as some bytes arrived
     * @return a future completing with the number of bytes put in {@code dst}, or failing with
     *     {@link StreamClosedException} when the stream closes first
     */
    public Future<Integer> readInto(ByteBuffer dst, boolean partial) {
        return input.readInto(dst, partial);
    }

    /**
     * {@link #readInto(ByteBuffer, boolean)} that fills the whole buffer.
     *
     * @param dst where the bytes go, from its position up to its limit
     * @return a future completing with the number of bytes put in {@code dst} (all it had room
     *     for), or failing with {@link StreamClosedException} when the stream closes first
     */
    public Future<Integer> readInto(ByteBuffer dst) {
        return readInto(dst, false);
    }

    /**
     * Reads everything until the peer closes. More than {@link StreamOptions#maxReadBuffer()}
     * bytes close the stream (reason: {@link BufferFullException}), drop the bytes and fail
     * the read with a {@link StreamClosedException}.
     *
     * @return a future completing with every byte the peer sent, or failing with
     *     {@link StreamClosedException} when the stream closes for another reason
     */
    public Future<byte[]> readUntilClose() {
        return input.readUntilClose();
    }

    /**
     * True while a read is pending.
     *
     * @return whether a read is waiting for bytes
     */
    public boolean isReading() {
        return input.isReading();
    }

    /**
     * Bytes received and held by the stream, not yet read.
     *
     * @return how many received bytes wait for a read
     */
    public int bufferedBytes() {
        return input.bufferedBytes();
    }

    // ------------------------------------------------------------------ writes

    /**
     * Writes {@code bytes}; see {@link #write(ByteBuffer...)}.
     *
     * @param bytes the bytes to send; not copied, so leave them alone until the future completes
     * @return as for {@link #write(ByteBuffer...)}
     */
    public Future<Void> write(byte[] bytes) {
        return write(ByteBuffer.wrap(bytes));
    }

    /**
     * Writes the buffers' remaining bytes, in order, with one gathering system call when it
     * can. The future completes when every byte reached the kernel, and, when the queue
     * went above {@link StreamOptions#writeHighWater()}, not before it drained to
     * {@link StreamOptions#writeLowWater()}. It fails with {@link BufferFullException} (and
     * nothing is sent) when the queue would exceed {@link StreamOptions#maxWriteBuffer()},
     * and with {@link StreamClosedException} when the stream is or becomes closed.
     * The buffers are used as they are, not copied: leave them alone until the future completes.
     *
     * @param srcs the buffers to send, each from its position to its limit
     * @return a future completing (with null) once the bytes reached the kernel and the queue is
     *     below the high-water mark, or failing with {@link BufferFullException} or
     *     {@link StreamClosedException}
     */
    public Future<Void> write(ByteBuffer... srcs) {
        loop.checkLoopThread("IOStream.write");
        if (end.isClosed()) {
            return Future.failed(loop, closedException("write to a closed stream"));
        }
        return output.write(srcs);
    }

    /**
     * Bytes accepted by {@link #write} but not yet taken by the kernel.
     *
     * @return the bytes waiting in the write queue
     */
    public long queuedWriteBytes() {
        return output.queuedBytes();
    }

    /**
     * The socket refused a write: the stream closes with that error, but what the peer sent
     * before is read first and stays readable (see {@code StreamInput.keepWhatArrived}).
     */
    void writeFailed(IOException e) {
        input.keepWhatArrived();
        close(e);
    }

    // ------------------------------------------------------------------ connect

    /**
     * Connects the stream's (unconnected) socket to {@code address}. The future fails with
     * the socket's own exception ({@link java.net.ConnectException} when refused) and the
     * stream is then closed. {@link TcpClient} adds name resolution and a deadline.
     *
     * @param address the address to connect to
     * @return a future completing (with null) once connected, or failing with the connect error
     */
    public Future<Void> connect(SocketAddress address) {
        return readiness.connect(address);
    }

    // ------------------------------------------------------------------ close and timeouts

    /**
     * True once closed (by either side, an error or a timeout).
     *
     * @return whether the stream is closed
     */
    public boolean isClosed() {
        return end.isClosed();
    }

    /**
     * Why the stream closed: null while open and after a plain {@link #close()}.
     *
     * @return the error that closed the stream, or null
     */
    public Throwable closeReason() {
        return end.reason();
    }

    /**
     * A future that succeeds once the stream is closed, whoever closed it. Watching it makes
     * the stream notice a peer's close even while no read is pending.
     *
     * @return a future completing (with null) once the stream is closed; it does not fail
     */
    public Future<Void> closeFuture() {
        loop.checkLoopThread("IOStream.closeFuture");
        return end.closeFuture();
    }

    /** Closes the stream. Thread-safe; closing twice does nothing. */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the stream because of {@code reason}, which pending and later operations see
     * as the cause of their {@link StreamClosedException}. Thread-safe: from another
     * thread the close happens on the loop's next turn.
     *
     * @param reason why the stream is closed; null is a plain {@link #close()}
     */
    public void close(Throwable reason) {
        if (!loop.inLoopThread()) {
            try {
                loop.addCallback(() -> close(reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the loop is closed, and closing a loop closes every channel on it
            }
            return;
        }
        if (end.isClosed()) {
            return;
        }
        end.streamClosed(reason);
        readiness.streamClosed();
        if (input.isReading()) {
            input.settleOnClose();
        }
        output.failQueued();
        end.completeIfTransportClosed();
    }

    StreamClosedException closedException(String what) {
        return new StreamClosedException(what, end.reason());
    }

    /** Marks traffic now, for the idle timeout. */
    void touched() {
        end.touched();
    }

    // ------------------------------------------------------------------ the parts, for one another

    StreamInput input() {
        return input;
    }

    StreamOutput output() {
        return output;
    }

    StreamEnd end() {
        return end;
    }

    StreamReadiness readiness() {
        return readiness;
    }

    @Override
    public String toString() {
        return "IOStream[" + transport + (end.isClosed() ? ", closed" : "") + "]";
    }
}
