package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static dev.eddy.http.websocket.Frames.bytesOf;
import static dev.eddy.http.websocket.Frames.decode;
import static dev.eddy.http.websocket.Frames.hex;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames as RFC 6455 section 5.7 writes them, and what the encoder refuses to send. */
class FrameEncoderTest {

    /** Hands out the RFC's example mask key 37 fa 21 3d. */
    private static final RandomGenerator RFC_KEY = () -> 0x37fa213dL << 32;

    @Test
    void aServerSendsTheRfcsUnmaskedHello() {
        ByteBuffer frame = new FrameEncoder(Role.SERVER, null).encode(Opcodes.TEXT, false, utf8("Hello"));
        assertThat(bytesOf(frame)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
    }

    @Test
    void aClientSendsTheRfcsMaskedHelloAndLeavesThePayloadAlone() {
        byte[] payload = utf8("Hello");
        ByteBuffer frame = new FrameEncoder(Role.CLIENT, RFC_KEY).encode(Opcodes.TEXT, false, payload);
        assertThat(bytesOf(frame)).isEqualTo(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(payload).isEqualTo(utf8("Hello"));
    }

    @Test
    void framesAreAppendedAtTheLimitOfOneBufferWhileItsFrontStaysPut() {
        for (Role role : Role.values()) {
            FrameEncoder encoder = new FrameEncoder(role, new SplittableRandom(9));
            ByteBuffer out = ByteBuffer.allocate(400).position(3).limit(3);    // three bytes already written out
            ByteBuffer first = ByteBuffer.wrap(utf8("first"));
            encoder.encodeInto(out, Opcodes.TEXT, false, first);
            encoder.encodeInto(out, Opcodes.BINARY, false, ByteBuffer.wrap(new byte[200]));
            assertThat(first.hasRemaining()).as("the payload is consumed").isFalse();
            assertThat(out.position()).isEqualTo(3);
            assertThat(out.remaining()).isEqualTo(encoder.frameLength(5) + encoder.frameLength(200));
            var decoder = role == Role.CLIENT ? Frames.serverDecoder().get() : Frames.clientDecoder().get();
            assertThat(decode(decoder, bytesOf(out))).containsExactly("text:first", "binary:" + "00".repeat(200));
        }
    }

    @Test
    void lengthEncodingsAtTheirBoundaries() {
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        assertThat(header(server.encode(Opcodes.BINARY, false, new byte[125]), 2)).isEqualTo("827d");
        assertThat(header(server.encode(Opcodes.BINARY, false, new byte[126]), 4)).isEqualTo("827e007e");
        assertThat(header(server.encode(Opcodes.BINARY, false, new byte[65535]), 4)).isEqualTo("827effff");
        assertThat(header(server.encode(Opcodes.BINARY, false, new byte[65536]), 10)).isEqualTo("827f0000000000010000");
        assertThat(server.headerLength(65536)).isEqualTo(10);
        assertThat(new FrameEncoder(Role.CLIENT, RFC_KEY).headerLength(10)).isEqualTo(6);
    }

    @Test
    void roundTripsThroughTheOtherSidesDecoderAtEverySize() {
        SplittableRandom random = new SplittableRandom(7);
        FrameEncoder client = new FrameEncoder(Role.CLIENT, new SplittableRandom(1));
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        for (int n : new int[]{0, 1, 3, 4, 5, 125, 126, 127, 65535, 65536, 70000}) {
            byte[] payload = new byte[n];
            random.nextBytes(payload);
            String expected = "binary:" + HexFormat.of().formatHex(payload);
            assertThat(decode(Frames.serverDecoder().get(), bytesOf(client.encode(Opcodes.BINARY, false, payload))))
                    .containsExactly(expected);
            assertThat(decode(Frames.clientDecoder().get(), bytesOf(server.encode(Opcodes.BINARY, false, payload))))
                    .containsExactly(expected);
        }
    }

    @Test
    void clientMaskKeysChangeFromFrameToFrame() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, new SplittableRandom(3));
        byte[] a = bytesOf(client.encode(Opcodes.TEXT, false, utf8("x")));
        byte[] b = bytesOf(client.encode(Opcodes.TEXT, false, utf8("x")));
        assertThat(java.util.Arrays.copyOfRange(a, 2, 6)).isNotEqualTo(java.util.Arrays.copyOfRange(b, 2, 6));
    }

    @Test
    void rsv1MarksACompressedMessage() {
        ByteBuffer frame = new FrameEncoder(Role.SERVER, null).encode(Opcodes.TEXT, true, hex("f2 48 cd c9 c9 07 00"));
        assertThat(bytesOf(frame)).isEqualTo(hex("c1 07 f2 48 cd c9 c9 07 00"));
    }

    @Test
    void closeFrames() {
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        assertThat(bytesOf(server.close(1000, "bye"))).isEqualTo(hex("88 05 03 e8 62 79 65"));
        assertThat(bytesOf(server.close(CloseCodes.NO_STATUS, ""))).isEqualTo(hex("88 00"));
        assertThat(decode(Frames.clientDecoder().get(), bytesOf(server.close(4321, "é".repeat(61)))))
                .containsExactly("close:4321:" + "é".repeat(61));
    }

    @Test
    void refusesWhatThePeerWouldRefuse() {
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        assertThatThrownBy(() -> server.encode(Opcodes.PING, false, new byte[126])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.close(1005, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.close(999, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameEncoder(Role.CLIENT, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String header(ByteBuffer frame, int n) {
        return HexFormat.of().formatHex(bytesOf(frame), 0, n);
    }
}
