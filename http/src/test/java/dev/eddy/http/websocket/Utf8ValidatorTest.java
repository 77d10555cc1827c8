package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static dev.eddy.http.websocket.Frames.hex;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Table 3-7 of the Unicode Standard, whole and cut at every point, and agreement with the JDK's strict decoder. */
class Utf8ValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "41", "7f", "c2 80", "df bf", "e0 a0 80", "e1 80 80", "ec bf bf", "ed 80 80", "ed 9f bf",
            "ee 80 80", "ef bf bf", "f0 90 80 80", "f1 80 80 80", "f3 bf bf bf", "f4 80 80 80", "f4 8f bf bf",
            "ce ba e1 bd b9 cf 83 ce bc ce b5"})
    void wellFormed(String hex) {
        assertValidAtEverySplit(hex(hex), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "80", "bf", "c0 80", "c1 bf", "c2", "c2 41", "e0 80 80", "e0 9f bf", "ed a0 80", "ed bf bf",
            "e1 80", "e1 41 80", "f0 80 80 80", "f0 8f bf bf", "f4 90 80 80", "f5 80 80 80", "f8 88 80 80 80",
            "fe", "ff", "f0 90 80", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"})
    void illFormed(String hex) {
        assertValidAtEverySplit(hex(hex), false);
    }

    @Test
    void everyCodePointRoundTrips() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp += 0x101) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                sb.appendCodePoint(cp);
            }
        }
        byte[] b = utf8(sb.toString());
        assertThat(Utf8Validator.isValid(b, 0, b.length)).isTrue();
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(1, 8)];
            for (int i = 0; i < b.length; i++) {
                // mostly bytes from the interesting ranges: leads and continuations
                b[i] = (byte) (random.nextBoolean() ? random.nextInt(0x80, 0x100) : random.nextInt(0x70, 0xF8));
            }
            assertThat(Utf8Validator.isValid(b, 0, b.length)).as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void aBadByteOrACharacterAnywhereInALongAsciiRunIsSeen() {
        // ASCII is skipped eight bytes at a time: whatever sits inside or across an eight-byte step counts
        for (int at = 0; at < 40; at++) {
            byte[] bad = utf8("a".repeat(40));
            bad[at] = (byte) 0xFF;
            assertThat(Utf8Validator.isValid(bad, 0, bad.length)).as("0xFF at %d", at).isFalse();
            byte[] good = utf8("a".repeat(at) + "é€😀" + "b".repeat(40 - at));
            assertThat(Utf8Validator.isValid(good, 0, good.length)).as("characters at %d", at).isTrue();
            byte[] cut = utf8("a".repeat(at) + "€" + "b".repeat(40 - at));
            assertThat(Utf8Validator.isValid(cut, 0, at + 2)).as("cut inside a character at %d", at).isFalse();
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnLongMostlyAsciiRuns() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] b = new byte[random.nextInt(8, 64)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(16) == 0 ? random.nextInt(0x80, 0x100) : random.nextInt(0x20, 0x7F));
            }
            assertThat(Utf8Validator.isValid(b, 0, b.length)).as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void resetForgetsAHalfReadCharacter() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.update(hex("e2 82"), 0, 2)).isTrue();
        assertThat(v.isComplete()).isFalse();
        v.reset();
        assertThat(v.isComplete()).isTrue();
        assertThat(v.update(hex("41"), 0, 1)).isTrue();
    }

    /** Whole, and cut in two at every point, with the state carried across. */
    private static void assertValidAtEverySplit(byte[] b, boolean valid) {
        assertThat(Utf8Validator.isValid(b, 0, b.length)).as("whole").isEqualTo(valid);
        for (int cut = 0; cut <= b.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.update(b, 0, cut) && v.update(b, cut, b.length - cut) && v.isComplete();
            assertThat(ok).as("cut at %d", cut).isEqualTo(valid);
        }
        Utf8Validator v = new Utf8Validator();
        boolean ok = true;
        for (int i = 0; i < b.length && ok; i++) {
            ok = v.update(b, i, 1);
        }
        assertThat(ok && v.isComplete()).as("byte by byte").isEqualTo(valid);
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
