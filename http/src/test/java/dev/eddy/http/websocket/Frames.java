package dev.eddy.http.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support for the codec: builds raw frames byte by byte (including broken ones the encoder
 * would refuse to write) and feeds byte streams to a {@link FrameDecoder} cut at chosen points,
 * recording what it delivered as short strings ("text:Hello", "ping:", "close:1000:bye",
 * "error:1002").
 */
final class Frames {

    static final byte[] RFC_MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private Frames() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A frame as a client sends it (masked with the RFC's example key). */
    static byte[] client(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, RFC_MASK, payload);
    }

    /** A frame as a server sends it (unmasked). */
    static byte[] server(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, null, payload);
    }

    /** Any frame: {@code rsv} is the three RSV bits as 0..7 (RSV1 = 4), {@code mask} null for none. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] mask, byte[] payload) {
        int n = payload.length;
        int lengthBytes = n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
        return frame(fin, rsv, opcode, mask, payload, lengthBytes);
    }

    /** A frame whose length is encoded in {@code lengthBytes} extra bytes (0, 2 or 8), minimal or not. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] mask, byte[] payload, int lengthBytes) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        int m = mask != null ? 0x80 : 0;
        switch (lengthBytes) {
            case 0 -> b.put((byte) (m | payload.length));
            case 2 -> b.put((byte) (m | 126)).putShort((short) payload.length);
            default -> b.put((byte) (m | 127)).putLong(payload.length);
        }
        if (mask != null) {
            b.put(mask);
            for (int i = 0; i < payload.length; i++) {
                b.put((byte) (payload[i] ^ mask[i & 3]));
            }
        } else {
            b.put(payload);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Records what a decoder delivers. */
    static final class Recorder implements FrameDecoder.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onText(String text) {
            events.add("text:" + text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            events.add("binary:" + HexFormat.of().formatHex(bytesOf(data)));
        }

        @Override
        public void onPing(ByteBuffer payload) {
            events.add("ping:" + new String(bytesOf(payload), StandardCharsets.UTF_8));
        }

        @Override
        public void onPong(ByteBuffer payload) {
            events.add("pong:" + new String(bytesOf(payload), StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close:" + code + ":" + reason);
        }
    }

    static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /**
     * Feeds {@code input} to {@code decoder} in pieces cut at {@code cuts} (ascending), calling
     * decode until each piece is used up, the way a connection does. An error ends the list as
     * "error:CODE".
     */
    static List<String> decode(FrameDecoder decoder, byte[] input, int... cuts) {
        Recorder r = new Recorder();
        int prev = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int end = i < cuts.length ? cuts[i] : input.length;
                ByteBuffer piece = ByteBuffer.wrap(input, prev, end - prev).slice();
                while (decoder.decode(piece, r)) {
                    // each call delivers one thing; keep going while the piece has bytes
                }
                assertThat(piece.hasRemaining()).as("decode returned false with bytes left").isFalse();
                prev = end;
            }
        } catch (WebSocketProtocolException e) {
            r.events.add("error:" + e.closeCode());
        }
        return r.events;
    }

    /**
     * Decodes {@code input} whole, one byte at a time, and cut in two at every point, each time
     * with a fresh decoder, and checks every way gives {@code expected}.
     */
    static void assertDecodesAtEverySplit(Supplier<FrameDecoder> decoders, byte[] input, String... expected) {
        assertThat(decode(decoders.get(), input)).as("whole").containsExactly(expected);
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(decode(decoders.get(), input, everyByte)).as("one byte at a time").containsExactly(expected);
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(decode(decoders.get(), input, cut)).as("cut at %d", cut).containsExactly(expected);
        }
    }

    static Supplier<FrameDecoder> serverDecoder() {
        return () -> new FrameDecoder(Role.SERVER, 1 << 20, 1 << 20, null);
    }

    static Supplier<FrameDecoder> clientDecoder() {
        return () -> new FrameDecoder(Role.CLIENT, 1 << 20, 1 << 20, null);
    }
}
