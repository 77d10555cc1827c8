package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import static dev.eddy.http.websocket.Frames.assertDecodesAtEverySplit;
import static dev.eddy.http.websocket.Frames.bytesOf;
import static dev.eddy.http.websocket.Frames.concat;
import static dev.eddy.http.websocket.Frames.decode;
import static dev.eddy.http.websocket.Frames.frame;
import static dev.eddy.http.websocket.Frames.hex;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7692: the examples of section 7.2.3, context takeover, the bound on inflated size, and negotiation. */
class PerMessageDeflateTest {

    private static final PerMessageDeflate TAKEOVER = new PerMessageDeflate(false, false, 0);
    private static final PerMessageDeflate NO_TAKEOVER = new PerMessageDeflate(true, true, 0);

    private static Supplier<FrameDecoder> client(PerMessageDeflate d) {
        return () -> new FrameDecoder(Role.CLIENT, 1 << 20, 1 << 20, d);
    }

    // --- the examples of RFC 7692 section 7.2.3, as a client receives them ---

    @Test
    void rfcHelloInOneCompressedFrame() {
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c1 07 f2 48 cd c9 c9 07 00"), "text:Hello");
    }

    @Test
    void rfcHelloCompressedAndFragmented() {
        assertDecodesAtEverySplit(client(TAKEOVER), hex("41 03 f2 48 cd 80 04 c9 c9 07 00"), "text:Hello");
    }

    @Test
    void rfcSecondHelloRefersBackIntoTheSharedWindow() {
        byte[] both = hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");
        assertDecodesAtEverySplit(client(TAKEOVER), both, "text:Hello", "text:Hello");
    }

    @Test
    void rfcStoredBlockFinalBlockAndTwoBlocks() {
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"), "text:Hello");
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c1 08 f3 48 cd c9 c9 07 00 00"), "text:Hello");
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00"), "text:Hello");
    }

    @Test
    void aFinalBlockEndsTheStreamAndTheNextMessageStartsANewOne() {
        byte[] both = hex("c1 08 f3 48 cd c9 c9 07 00 00 c1 07 f2 48 cd c9 c9 07 00");
        assertDecodesAtEverySplit(client(TAKEOVER), both, "text:Hello", "text:Hello");
    }

    @Test
    void uncompressedMessagesStillPassWhenDeflateIsAgreed() {
        byte[] in = concat(hex("81 05 48 65 6c 6c 6f"), hex("c1 07 f2 48 cd c9 c9 07 00"));
        assertDecodesAtEverySplit(client(TAKEOVER), in, "text:Hello", "text:Hello");
    }

    // --- this end's compressor ---

    @Test
    void theDeflaterWritesTheRfcsBytes() {
        MessageDeflater withTakeover = TAKEOVER.newDeflater(Role.SERVER, Deflater.DEFAULT_COMPRESSION);
        assertThat(withTakeover.compress(ByteBuffer.wrap(utf8("Hello")))).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(withTakeover.compress(ByteBuffer.wrap(utf8("Hello")))).isEqualTo(hex("f2 00 11 00 00"));

        MessageDeflater fresh = NO_TAKEOVER.newDeflater(Role.SERVER, Deflater.DEFAULT_COMPRESSION);
        assertThat(fresh.compress(ByteBuffer.wrap(utf8("Hello")))).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(fresh.compress(ByteBuffer.wrap(utf8("Hello")))).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(fresh.compress(ByteBuffer.wrap(new byte[0]))).isEqualTo(hex("00"));
        withTakeover.close();
        fresh.close();
    }

    @Test
    void largeAndRandomMessagesRoundTripBothWaysWithAndWithoutTakeover() {
        SplittableRandom random = new SplittableRandom(11);
        for (PerMessageDeflate agreement : List.of(TAKEOVER, NO_TAKEOVER)) {
            MessageDeflater deflater = agreement.newDeflater(Role.CLIENT, 6);
            FrameDecoder decoder = new FrameDecoder(Role.SERVER, 1 << 20, 1 << 20, agreement);
            FrameEncoder encoder = new FrameEncoder(Role.CLIENT, new SplittableRandom(5));
            for (int n : new int[]{0, 1, 100, 5000, 300_000}) {
                byte[] payload = new byte[n];
                for (int i = 0; i < n; i++) {
                    payload[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + i % 7);
                }
                byte[] wire = bytesOf(encoder.encode(Opcodes.BINARY, true, deflater.compress(ByteBuffer.wrap(payload))));
                assertThat(decode(decoder, wire, wire.length / 3)).as("%d bytes", n)
                        .containsExactly("binary:" + java.util.HexFormat.of().formatHex(payload));
            }
            deflater.close();
            decoder.release();
        }
    }

    @Test
    void withoutTakeoverTheDecoderDoesNotCarryTheWindowOver() {
        // The second frame refers back to the first message: only a decoder that kept the window
        // can read it, and the agreement said the server would not rely on that.
        byte[] both = hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");
        assertThat(decode(client(NO_TAKEOVER).get(), both)).containsExactly("text:Hello", "error:1007");
    }

    // --- violations ---

    @Test
    void aZipBombStopsAtTheMessageLimit() {
        byte[] zeros = new byte[10 << 20];
        byte[] bomb = TAKEOVER.newDeflater(Role.SERVER, 9).compress(ByteBuffer.wrap(zeros));
        assertThat(bomb.length).isLessThan(20_000);
        byte[] wire = frame(true, 4, Opcodes.BINARY, null, bomb);
        assertThat(decode(new FrameDecoder(Role.CLIENT, 1 << 20, 1 << 20, TAKEOVER), wire)).containsExactly("error:1009");
        assertThat(decode(new FrameDecoder(Role.CLIENT, 1 << 20, 1 << 20, TAKEOVER), wire, 1000, 5000))
                .containsExactly("error:1009");
    }

    @Test
    void aMessageExactlyAtTheLimitInflates() {
        byte[] payload = new byte[1000];
        byte[] compressed = TAKEOVER.newDeflater(Role.SERVER, 6).compress(ByteBuffer.wrap(payload));
        byte[] wire = frame(true, 4, Opcodes.BINARY, null, compressed);
        assertDecodesAtEverySplit(() -> new FrameDecoder(Role.CLIENT, 1000, 1000, TAKEOVER), wire, "binary:" + "00".repeat(1000));
        assertDecodesAtEverySplit(() -> new FrameDecoder(Role.CLIENT, 1000, 999, TAKEOVER), wire, "error:1009");
    }

    @Test
    void invalidDeflateData() {
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c1 03 ff ff ff"), "error:1007");
    }

    @Test
    void compressedTextThatInflatesToInvalidUtf8() {
        byte[] compressed = TAKEOVER.newDeflater(Role.SERVER, 6).compress(ByteBuffer.wrap(hex("41 c0 80")));
        assertDecodesAtEverySplit(client(TAKEOVER), frame(true, 4, Opcodes.TEXT, null, compressed), "error:1007");
    }

    @Test
    void rsv1IsOnlyForTheFirstFrameOfADataMessage() {
        assertDecodesAtEverySplit(client(TAKEOVER), concat(hex("41 03 f2 48 cd"), hex("c0 04 c9 c9 07 00")), "error:1002");
        assertDecodesAtEverySplit(client(TAKEOVER), hex("c9 00"), "error:1002");
        assertDecodesAtEverySplit(client(null), hex("c1 07 f2 48 cd c9 c9 07 00"), "error:1002");
    }

    // --- negotiation ---

    @Test
    void theServerAcceptsTheFirstOfferItCanHonour() {
        assertThat(accept("permessage-deflate")).isEqualTo(new PerMessageDeflate(false, false, 0));
        assertThat(accept("permessage-deflate; client_max_window_bits")).isEqualTo(new PerMessageDeflate(false, false, 0));
        assertThat(accept("permessage-deflate; server_no_context_takeover; client_no_context_takeover"))
                .isEqualTo(new PerMessageDeflate(true, true, 0));
        assertThat(accept("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover"))
                .isEqualTo(new PerMessageDeflate(false, true, 0));
        PerMessageDeflate full = accept("permessage-deflate; server_max_window_bits=15; client_max_window_bits=12");
        assertThat(full).isEqualTo(new PerMessageDeflate(false, false, 15));
        assertThat(full.responseHeader()).isEqualTo("permessage-deflate; server_max_window_bits=15");
        assertThat(new PerMessageDeflate(true, true, 0).responseHeader())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void theServerDeclinesOffersWithUnknownRepeatedOrMalformedParameters() {
        assertThat(accept("permessage-deflate; foo")).isNull();
        assertThat(accept("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isNull();
        assertThat(accept("permessage-deflate; server_no_context_takeover=1")).isNull();
        assertThat(accept("permessage-deflate; server_max_window_bits")).isNull();
        assertThat(accept("permessage-deflate; server_max_window_bits=08")).isNull();
        assertThat(accept("permessage-deflate; server_max_window_bits=16")).isNull();
        assertThat(accept("permessage-deflate; client_max_window_bits=7")).isNull();
        assertThat(accept("x-other")).isNull();
    }

    @Test
    void theClientChecksTheServersAnswer() {
        assertThat(PerMessageDeflate.checkResponse(List.of())).isNull();
        assertThat(PerMessageDeflate.checkResponse(parse("permessage-deflate; server_no_context_takeover; server_max_window_bits=9")))
                .isEqualTo(new PerMessageDeflate(true, false, 9));
        for (String bad : List.of("permessage-deflate; client_max_window_bits=10", "permessage-deflate; foo",
                "x-other", "permessage-deflate, permessage-deflate", "permessage-deflate; server_max_window_bits=20",
                "permessage-deflate; client_no_context_takeover; client_no_context_takeover")) {
            assertThatThrownBy(() -> PerMessageDeflate.checkResponse(parse(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(PerMessageDeflate.clientOffer()).isEqualTo("permessage-deflate");
    }

    private static PerMessageDeflate accept(String header) {
        return PerMessageDeflate.accept(parse(header));
    }

    private static List<WebSocketExtension> parse(String header) {
        return WebSocketExtension.parse(List.of(header));
    }
}
