package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Eight bytes at a time must give exactly what one byte at a time gives, wherever a piece starts. */
class MaskingTest {

    private static final int KEY = 0x37fa213d;
    private static final byte[] KEY_BYTES = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Test
    void everyOffsetLengthAndPhaseMatchesTheByteByByteRule() {
        SplittableRandom random = new SplittableRandom(3);
        for (int phase = 0; phase < 8; phase++) {
            for (int off = 0; off < 10; off++) {
                for (int n = 0; n <= 41; n++) {
                    byte[] bytes = new byte[off + n + 3];
                    random.nextBytes(bytes);
                    byte[] expected = bytes.clone();
                    for (int i = 0; i < n; i++) {
                        expected[off + i] ^= KEY_BYTES[(phase + i) & 3];
                    }
                    Masking.xor(bytes, off, n, KEY, phase);
                    assertThat(bytes).as("phase %d, offset %d, length %d", phase, off, n).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void maskingTwiceGivesTheBytesBackAndAPayloadMaskedInPiecesIsMaskedWhole() {
        byte[] original = new byte[1000];
        new SplittableRandom(5).nextBytes(original);
        byte[] whole = original.clone();
        Masking.xor(whole, 0, whole.length, KEY, 0);
        byte[] pieces = original.clone();
        int[] cuts = {0, 1, 6, 7, 300, 301, 999, 1000};
        for (int i = 0; i + 1 < cuts.length; i++) {
            Masking.xor(pieces, cuts[i], cuts[i + 1] - cuts[i], KEY, cuts[i]);
        }
        assertThat(pieces).isEqualTo(whole);
        Masking.xor(whole, 0, whole.length, KEY, 0);
        assertThat(whole).isEqualTo(original);
    }
}
