package dev.eddy.http.websocket;

import dev.eddy.Future;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The write side of a {@link WebSocket}: messages become frames (compressed first when
 * permessage-deflate was agreed) queued in the {@link FrameOutput}, and this decides when they
 * are written.
 *
 * <ul>
 *   <li>Inside a batch of the connection's own work (a read, a step of the close handshake) it
 *       writes nothing: the batch flushes once at its end.</li>
 *   <li>A message the application sends from its own callback waits for the end of the
 *       application's batch of work ({@link DeferredFlush}), unless enough is queued to be
 *       worth a write now ({@link DeferredFlush#WRITE_AT}), or the send has to wait for the
 *       high-water mark (it must not wait for a flush that waits for it).</li>
 *   <li>A control frame outside a batch (a ping the application or the keep-alive sends) is
 *       written at once: they are rare, and a ping is timed.</li>
 * </ul>
 *
 * <p>Loop thread only.
 */
final class MessageSender {

    private final ConnectionDriver connection;
    private final FrameOutput output;
    private final MessageDeflater deflater;     // null without permessage-deflate
    private DeferredFlush deferredFlush;        // made on the first send from the application

    MessageSender(ConnectionDriver connection, FrameOutput output, MessageDeflater deflater) {
        this.connection = connection;
        this.output = output;
        this.deflater = deflater;
    }

    boolean isCompressing() {
        return deflater != null;
    }

    /** A text message; see {@link WebSocket#send(String)}. */
    Future<Void> sendText(String text, boolean inBatch) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return queued(deflater == null ? output.send(Opcodes.TEXT, false, utf8)
                : output.send(Opcodes.TEXT, true, deflater.compress(ByteBuffer.wrap(utf8))), inBatch);
    }

    /** A binary message of {@code data}'s remaining bytes (consumed); see {@link WebSocket#send(ByteBuffer)}. */
    Future<Void> sendBinary(ByteBuffer data, boolean inBatch) {
        return queued(deflater == null ? output.send(Opcodes.BINARY, false, data, false)
                : output.send(Opcodes.BINARY, true, deflater.compress(data)), inBatch);
    }

    /** A data frame was queued: write now, or leave it to the end of the application's batch. */
    private Future<Void> queued(Future<Void> sent, boolean inBatch) {
        if (!inBatch) {
            if (output.queuedBytes() >= DeferredFlush.WRITE_AT || !sent.isDone()) {
                connection.flushNow();
            } else if (!output.isEmpty()) {
                if (deferredFlush == null) {
                    deferredFlush = new DeferredFlush(connection.loop(), connection.inbox(), connection);
                }
                deferredFlush.frameQueued();
            }
        }
        return sent;
    }

    /** A ping or pong. */
    Future<Void> sendControl(int opcode, ByteBuffer payload, boolean inBatch) {
        Future<Void> sent = output.send(opcode, false, payload, true);
        if (!inBatch) {
            connection.flushNow();
        }
        return sent;
    }

    /** The close handshake's frame, encoded by {@link CloseHandshake}. */
    void sendClose(ByteBuffer frame, boolean inBatch) {
        output.sendEncoded(frame);
        if (!inBatch) {
            connection.flushNow();
        }
    }

    /** The connection has ended: frees the compressor's native memory. */
    void release() {
        if (deflater != null) {
            deflater.close();
        }
    }
}
