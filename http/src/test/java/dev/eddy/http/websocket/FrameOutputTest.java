package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.net.BufferFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.http.websocket.Frames.clientDecoder;
import static dev.eddy.http.websocket.Frames.decode;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write side's queue against a transport that takes what a test allows: frames wait for the
 * flush and leave together, in order; a send's future follows the water marks; writability is
 * wanted only while the transport refuses bytes. Futures are only created and looked at here,
 * so the loop never runs.
 */
class FrameOutputTest {

    private final IOLoop loop = new IOLoop();
    private final RecordingTransport transport = new RecordingTransport();

    @AfterEach
    void close() {
        loop.close();
    }

    private FrameOutput output(WebSocketOptions options) {
        return new FrameOutput(loop, transport, new FrameEncoder(Role.SERVER, null), options);
    }

    @Test
    void framesWaitForTheFlushAndLeaveInOneWriteInOrder() throws IOException {
        FrameOutput out = output(WebSocketOptions.defaults());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assertThat(out.send(Opcodes.TEXT, false, ByteBuffer.wrap(utf8("m" + i)), false).isSucceeded()).isTrue();
            expected.add("text:m" + i);
        }
        out.send(Opcodes.BINARY, false, ByteBuffer.wrap(new byte[70_000]), false);    // a chunk of its own
        out.send(Opcodes.TEXT, false, ByteBuffer.wrap(utf8("last")), false);
        expected.add("binary:" + "00".repeat(70_000));
        expected.add("text:last");
        assertThat(transport.writeCalls).isZero();
        assertThat(out.isEmpty()).isFalse();

        assertThat(out.flush()).isTrue();
        assertThat(transport.writeCalls).isEqualTo(1);
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.isBlocked()).isFalse();
        assertThat(decode(clientDecoder().get(), transport.written.toByteArray())).containsExactlyElementsOf(expected);
    }

    @Test
    void sendsCompleteAtOnceBelowTheHighWaterMarkAndAboveItWaitForTheLowWaterMark() throws IOException {
        // frames of 1,004 bytes (4 of header): the fourth passes the high-water mark, the tenth the bound
        FrameOutput out = output(WebSocketOptions.defaults().withSendWaterMarks(1000, 4000).withMaxSendBufferBytes(10_000));
        transport.room = 0;
        List<Future<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sends.add(out.send(Opcodes.BINARY, false, ByteBuffer.allocate(1000), false));
        }
        assertThat(sends.subList(0, 3)).allMatch(Future::isSucceeded);
        assertThat(sends.subList(3, 9)).noneMatch(Future::isDone);
        assertThat(sends.get(9).cause()).isInstanceOf(BufferFullException.class);
        assertThat(out.send(Opcodes.PING, false, ByteBuffer.allocate(0), true).isFailed())
                .as("a control frame is never refused").isFalse();

        assertThat(out.flush()).isFalse();
        assertThat(out.isBlocked()).as("the transport took nothing").isTrue();
        transport.room = out.queuedBytes() - 1001;
        out.flush();
        assertThat(sends.subList(3, 9)).as("1,001 bytes queued: above the low-water mark").noneMatch(Future::isDone);
        transport.room = 1;
        out.flush();
        assertThat(sends.subList(3, 9)).as("drained to the low-water mark").allMatch(Future::isSucceeded);
        assertThat(out.isBlocked()).isTrue();
        transport.room = Long.MAX_VALUE;
        assertThat(out.flush()).isTrue();
        assertThat(out.isBlocked()).isFalse();
        assertThat(transport.written.size()).isEqualTo(9 * 1004 + 2);
    }

    @Test
    void theConnectionEndingFailsTheWaitingSends() throws IOException {
        FrameOutput out = output(WebSocketOptions.defaults().withSendWaterMarks(0, 100));
        transport.room = 0;
        Future<Void> waiting = out.send(Opcodes.BINARY, false, ByteBuffer.allocate(200), false);
        out.flush();
        IOException gone = new IOException("gone");
        out.failAll(gone);
        assertThat(waiting.cause()).isSameAs(gone);
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.isBlocked()).isFalse();
    }
}
