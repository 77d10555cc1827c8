package dev.eddy.http.websocket;

import dev.eddy.net.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of a {@link WebSocket}: bytes from the transport, through the
 * {@link FrameDecoder}, to messages in the {@link Inbox}; the peer's pings and close frame go to
 * the connection, which answers them (a pong arrives only to count as activity, noted when it
 * was read).
 *
 * <p>It reads into the loop's shared buffer and decodes in place, so a connection keeps no
 * input buffer of its own. Decoding pauses while the inbox holds
 * {@link WebSocketOptions#receiveBufferBytes()}: what is left of the read is then copied out of
 * the shared buffer and <em>held</em> until {@link #resume()}, and the connection stops reading
 * (the bytes stay in the kernel, so TCP slows the peer down). After the peer's close frame or a
 * protocol violation ({@link #stop()}) whatever arrives is dropped.
 *
 * <p>Loop thread only.
 */
final class FrameInput implements FrameDecoder.Listener {

    private final Transport transport;
    private final FrameDecoder decoder;
    private final Inbox inbox;
    private final int receiveBufferBytes;
    private final ConnectionDriver connection;
    /** Input left undecoded while the inbox is full. */
    private ByteBuffer held;
    private boolean stopped;

    FrameInput(Transport transport, FrameDecoder decoder, Inbox inbox, int receiveBufferBytes, ConnectionDriver connection) {
        this.transport = transport;
        this.decoder = decoder;
        this.inbox = inbox;
        this.receiveBufferBytes = receiveBufferBytes;
        this.connection = connection;
    }

    /**
     * Reads what the transport has into {@code buf} (the loop's read buffer) and decodes it.
     *
     * @return the bytes read: 0 when none were there, -1 at the end of the stream
     * @throws WebSocketProtocolException when the bytes break the protocol
     */
    int read(ByteBuffer buf) throws IOException, WebSocketProtocolException {
        buf.clear();
        int n = transport.read(buf);
        if (n > 0) {
            buf.flip();
            take(buf);
        }
        return n;
    }

    /**
     * Decodes {@code in} while the inbox has room; keeps a copy of the rest (the loop's buffer
     * is shared) until {@link #resume()}.
     */
    void take(ByteBuffer in) throws WebSocketProtocolException {
        decode(in);
        if (in.hasRemaining()) {
            held = ByteBuffer.allocate(in.remaining()).put(in).flip();
        }
    }

    /** True when input is held and the inbox has room for more of it: time for {@link #resume()}. */
    boolean canResume() {
        return held != null && hasRoom();
    }

    /** The application took messages: decodes what was held, as far as the inbox has room. */
    void resume() throws WebSocketProtocolException {
        if (canResume()) {
            ByteBuffer h = held;
            decode(h);
            if (!h.hasRemaining()) {
                held = null;
            }
        }
    }

    /** True while undecoded input is held: it comes before anything new is read. */
    boolean isHolding() {
        return held != null;
    }

    /** True when the socket should be read: nothing is held and the inbox has room. */
    boolean wantsBytes() {
        return held == null && hasRoom();
    }

    /** Nothing more is decoded (the peer's close frame came, or a violation): later bytes are dropped. */
    void stop() {
        stopped = true;
        held = null;
    }

    /** The connection has ended: drops what is held and the decoder's buffers and native memory. */
    void release() {
        stop();
        decoder.release();
    }

    private boolean hasRoom() {
        return inbox.bytes() < receiveBufferBytes;
    }

    private void decode(ByteBuffer in) throws WebSocketProtocolException {
        while (!stopped && hasRoom() && decoder.decode(in, this)) {
            // one message or control frame per call
        }
        if (stopped) {
            in.position(in.limit());        // nothing after a close frame counts
        }
    }

    // ---------------------------------------------------------------- what the decoder finds

    @Override
    public void onText(String text) {
        inbox.deliver(new WebSocketMessage.Text(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        inbox.deliver(new WebSocketMessage.Binary(data));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        connection.peerPinged(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        // activity was noted when the bytes were read; an unsolicited pong is allowed
    }

    @Override
    public void onClose(int code, String reason) {
        stop();
        connection.peerClosed(code, reason);
    }
}
