package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static dev.eddy.http.websocket.Frames.RFC_MASK;
import static dev.eddy.http.websocket.Frames.assertDecodesAtEverySplit;
import static dev.eddy.http.websocket.Frames.client;
import static dev.eddy.http.websocket.Frames.clientDecoder;
import static dev.eddy.http.websocket.Frames.concat;
import static dev.eddy.http.websocket.Frames.decode;
import static dev.eddy.http.websocket.Frames.frame;
import static dev.eddy.http.websocket.Frames.hex;
import static dev.eddy.http.websocket.Frames.server;
import static dev.eddy.http.websocket.Frames.serverDecoder;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame rules of RFC 6455 section 5, each fed whole, byte by byte and cut at every point. */
class FrameDecoderTest {

    // --- the examples of RFC 6455 section 5.7 ---

    @Test
    void rfcUnmaskedHelloFromAServer() {
        assertDecodesAtEverySplit(clientDecoder(), hex("81 05 48 65 6c 6c 6f"), "text:Hello");
    }

    @Test
    void rfcMaskedHelloFromAClient() {
        assertDecodesAtEverySplit(serverDecoder(), hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), "text:Hello");
    }

    @Test
    void rfcFragmentedUnmaskedText() {
        assertDecodesAtEverySplit(clientDecoder(), hex("01 03 48 65 6c 80 02 6c 6f"), "text:Hello");
    }

    @Test
    void rfcUnmaskedPingAndMaskedPong() {
        assertDecodesAtEverySplit(clientDecoder(), hex("89 05 48 65 6c 6c 6f"), "ping:Hello");
        assertDecodesAtEverySplit(serverDecoder(), hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), "pong:Hello");
    }

    @Test
    void rfc256ByteAnd64KiBBinaryWithExtendedLengths() {
        byte[] small = new byte[256];
        Arrays.fill(small, (byte) 7);
        byte[] frame = concat(hex("82 7e 01 00"), small);
        assertThat(decode(clientDecoder().get(), frame)).containsExactly("binary:" + "07".repeat(256));

        byte[] large = new byte[65536];
        byte[] frame64 = concat(hex("82 7f 00 00 00 00 00 01 00 00"), large);
        assertThat(decode(clientDecoder().get(), frame64)).containsExactly("binary:" + "00".repeat(65536));
        // cut inside the 8-byte length and inside the payload
        assertThat(decode(clientDecoder().get(), frame64, 5, 9, 40_000)).containsExactly("binary:" + "00".repeat(65536));
    }

    @Test
    void decodeStopsAfterEachMessageAndLeavesTheRestInTheBuffer() throws Exception {
        byte[] two = concat(server(true, Opcodes.TEXT, utf8("a")), server(true, Opcodes.TEXT, utf8("b")));
        FrameDecoder d = clientDecoder().get();
        Frames.Recorder r = new Frames.Recorder();
        ByteBuffer in = ByteBuffer.wrap(two);
        assertThat(d.decode(in, r)).isTrue();
        assertThat(r.events).containsExactly("text:a");
        assertThat(in.remaining()).isEqualTo(3);
        assertThat(d.decode(in, r)).isTrue();
        assertThat(d.decode(in, r)).isFalse();
        assertThat(r.events).containsExactly("text:a", "text:b");
    }

    // --- messages ---

    @Test
    void emptyTextBinaryAndControlFrames() {
        byte[] in = concat(client(true, Opcodes.TEXT, new byte[0]), client(true, Opcodes.BINARY, new byte[0]),
                client(true, Opcodes.PING, new byte[0]), client(true, Opcodes.PONG, new byte[0]),
                client(true, Opcodes.CLOSE, new byte[0]));
        assertDecodesAtEverySplit(serverDecoder(), in, "text:", "binary:", "ping:", "pong:", "close:1005:");
    }

    @Test
    void fragmentedBinaryWithEmptyFragments() {
        byte[] in = concat(client(false, Opcodes.BINARY, new byte[0]), client(false, Opcodes.CONTINUATION, hex("0102")),
                client(false, Opcodes.CONTINUATION, new byte[0]), client(true, Opcodes.CONTINUATION, hex("03")));
        assertDecodesAtEverySplit(serverDecoder(), in, "binary:010203");
    }

    @Test
    void controlFramesMayArriveBetweenFragments() {
        byte[] in = concat(client(false, Opcodes.TEXT, utf8("Hel")), client(true, Opcodes.PING, utf8("p1")),
                client(false, Opcodes.CONTINUATION, utf8("l")), client(true, Opcodes.PONG, utf8("p2")),
                client(true, Opcodes.CONTINUATION, utf8("o")), client(true, Opcodes.TEXT, utf8("next")));
        assertDecodesAtEverySplit(serverDecoder(), in, "ping:p1", "pong:p2", "text:Hello", "text:next");
    }

    @Test
    void closeInsideAFragmentedMessageEndsEverything() {
        byte[] in = concat(client(false, Opcodes.TEXT, utf8("Hel")), closeFrame(1000, "bye"),
                client(true, Opcodes.CONTINUATION, utf8("lo")));
        assertDecodesAtEverySplit(serverDecoder(), in, "close:1000:bye");
    }

    @Test
    void nothingIsDeliveredAfterAClose() {
        byte[] in = concat(closeFrame(1001, ""), client(true, Opcodes.TEXT, utf8("late")), hex("ff ff ff"));
        assertDecodesAtEverySplit(serverDecoder(), in, "close:1001:");
    }

    @Test
    void maximalControlPayloadOf125Bytes() {
        byte[] payload = utf8("x".repeat(125));
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.PING, payload), "ping:" + "x".repeat(125));
    }

    // --- framing violations: 1002 ---

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void reservedBitsWithoutAnExtension(int rsv) {
        assertDecodesAtEverySplit(serverDecoder(), frame(true, rsv, Opcodes.TEXT, RFC_MASK, utf8("x")), "error:1002");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodes(int opcode) {
        assertDecodesAtEverySplit(serverDecoder(), client(true, opcode, utf8("x")), "error:1002");
    }

    @Test
    void aServerRejectsUnmaskedFramesAndAClientMaskedOnes() {
        assertDecodesAtEverySplit(serverDecoder(), server(true, Opcodes.TEXT, utf8("x")), "error:1002");
        assertDecodesAtEverySplit(clientDecoder(), client(true, Opcodes.TEXT, utf8("x")), "error:1002");
    }

    @Test
    void fragmentedControlFrames() {
        for (int op : new int[]{Opcodes.PING, Opcodes.PONG, Opcodes.CLOSE}) {
            assertDecodesAtEverySplit(serverDecoder(), client(false, op, new byte[0]), "error:1002");
        }
    }

    @Test
    void controlFramesOver125Bytes() {
        for (int op : new int[]{Opcodes.PING, Opcodes.PONG, Opcodes.CLOSE}) {
            assertDecodesAtEverySplit(serverDecoder(), client(true, op, new byte[126]), "error:1002");
        }
    }

    @Test
    void continuationWithoutAMessage() {
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.CONTINUATION, utf8("x")), "error:1002");
        byte[] afterEnd = concat(client(true, Opcodes.TEXT, utf8("a")), client(true, Opcodes.CONTINUATION, utf8("b")));
        assertDecodesAtEverySplit(serverDecoder(), afterEnd, "text:a", "error:1002");
    }

    @Test
    void newMessageBeforeTheLastOneEnded() {
        byte[] in = concat(client(false, Opcodes.TEXT, utf8("a")), client(true, Opcodes.BINARY, utf8("b")));
        assertDecodesAtEverySplit(serverDecoder(), in, "error:1002");
    }

    @Test
    void lengthsNotInTheirShortestForm() {
        assertDecodesAtEverySplit(serverDecoder(), frame(true, 0, Opcodes.TEXT, RFC_MASK, utf8("x"), 2), "error:1002");
        assertDecodesAtEverySplit(serverDecoder(), frame(true, 0, Opcodes.BINARY, RFC_MASK, new byte[200], 8), "error:1002");
        // 126 bytes in the 16-bit form is the shortest form
        assertThat(decode(serverDecoder().get(), frame(true, 0, Opcodes.BINARY, RFC_MASK, new byte[126], 2)))
                .containsExactly("binary:" + "00".repeat(126));
    }

    @Test
    void sixtyFourBitLengthWithTheHighBitSet() {
        assertDecodesAtEverySplit(serverDecoder(), hex("82 ff 80 00 00 00 00 00 00 00 37 fa 21 3d"), "error:1002");
    }

    // --- close frames ---

    @Test
    void closeWithCodeAndUtf8Reason() {
        assertDecodesAtEverySplit(serverDecoder(), closeFrame(4000, "ça va"), "close:4000:ça va");
        assertDecodesAtEverySplit(serverDecoder(), closeFrame(1000, ""), "close:1000:");
    }

    @Test
    void closeWithOneBytePayload() {
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.CLOSE, hex("03")), "error:1002");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void closeCodesThatMayNotBeSent(int code) {
        byte[] payload = ByteBuffer.allocate(2).putShort((short) code).array();
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.CLOSE, payload), "error:1002");
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void closeCodesThatMayBeSent(int code) {
        assertDecodesAtEverySplit(serverDecoder(), closeFrame(code, ""), "close:" + code + ":");
    }

    @Test
    void closeReasonThatIsNotUtf8() {
        byte[] payload = concat(hex("03 e8"), hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.CLOSE, payload), "error:1007");
    }

    // --- text validation: 1007 ---

    @Test
    void textThatIsNotUtf8() {
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.TEXT, hex("48 c0 80")), "error:1007");
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsFine() {
        byte[] euro = utf8("€");          // e2 82 ac
        byte[] in = concat(client(false, Opcodes.TEXT, new byte[]{euro[0]}), client(true, Opcodes.PING, new byte[0]),
                client(false, Opcodes.CONTINUATION, new byte[]{euro[1]}),
                client(true, Opcodes.CONTINUATION, new byte[]{euro[2]}));
        assertDecodesAtEverySplit(serverDecoder(), in, "ping:", "text:€");
    }

    @Test
    void textEndingInsideACharacter() {
        byte[] in = concat(client(false, Opcodes.TEXT, hex("41 e2")), client(true, Opcodes.CONTINUATION, hex("82")));
        assertDecodesAtEverySplit(serverDecoder(), in, "error:1007");
    }

    @Test
    void invalidUtf8FailsAtTheBadByteNotAtTheEndOfTheMessage() {
        // The first fragment already holds a byte that can never be UTF-8; the rest never arrives.
        byte[] first = client(false, Opcodes.TEXT, hex("41 42 f8"));
        assertDecodesAtEverySplit(serverDecoder(), first, "error:1007");
    }

    @Test
    void binaryIsNotCheckedForUtf8() {
        assertDecodesAtEverySplit(serverDecoder(), client(true, Opcodes.BINARY, hex("c0 80 ff")), "binary:c080ff");
    }

    // --- limits: 1009, before the payload is buffered ---

    @Test
    void frameOverTheLimitFailsOnItsHeader() {
        FrameDecoder d = new FrameDecoder(Role.SERVER, 100, 1000, null);
        byte[] header = Arrays.copyOf(client(true, Opcodes.BINARY, new byte[101]), 4);   // 82 fe 00 65
        assertThat(decode(d, header)).containsExactly("error:1009");
        assertDecodesAtEverySplit(() -> new FrameDecoder(Role.SERVER, 100, 1000, null),
                client(true, Opcodes.BINARY, new byte[101]), "error:1009");
        assertDecodesAtEverySplit(() -> new FrameDecoder(Role.SERVER, 100, 1000, null),
                client(true, Opcodes.BINARY, new byte[100]), "binary:" + "00".repeat(100));
    }

    @Test
    void messageOverTheLimitFailsOnTheHeaderOfTheFragmentThatCrossesIt() {
        byte[] first = client(false, Opcodes.TEXT, utf8("x".repeat(60)));
        byte[] secondHeader = Arrays.copyOf(client(true, Opcodes.CONTINUATION, utf8("y".repeat(41))), 2);
        assertThat(decode(new FrameDecoder(Role.SERVER, 100, 100, null), concat(first, secondHeader)))
                .containsExactly("error:1009");
        byte[] exactly = concat(first, client(true, Opcodes.CONTINUATION, utf8("y".repeat(40))));
        assertDecodesAtEverySplit(() -> new FrameDecoder(Role.SERVER, 100, 100, null), exactly,
                "text:" + "x".repeat(60) + "y".repeat(40));
    }

    @Test
    void aHugeAnnouncedFrameAllocatesOnlyWhatArrives() throws Exception {
        // 1 GiB announced, 10 bytes sent: the decoder holds 10 bytes, not a gigabyte.
        FrameDecoder d = new FrameDecoder(Role.CLIENT, Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 8, null);
        ByteBuffer in = ByteBuffer.wrap(concat(hex("82 7f 00 00 00 00 40 00 00 00"), new byte[10]));
        assertThat(d.decode(in, new Frames.Recorder())).isFalse();
        assertThat(d.isInsideMessage()).isTrue();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new FrameDecoder(Role.SERVER, 0, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] closeFrame(int code, String reason) {
        return client(true, Opcodes.CLOSE, concat(ByteBuffer.allocate(2).putShort((short) code).array(), utf8(reason)));
    }
}
