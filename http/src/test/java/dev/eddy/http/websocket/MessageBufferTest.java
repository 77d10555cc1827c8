package dev.eddy.http.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the buffer of a message being received grows: with what arrives, in as few steps as that allows. */
class MessageBufferTest {

    @Test
    void aFrameWhoseFirstReadBringsAQuarterOfItLandsInOneArrayOfItsSize() throws Exception {
        MessageBuffer m = new MessageBuffer(1 << 20);
        m.ensure(4096, 16384);
        byte[] first = m.array();
        assertThat(first).hasSize(16384);
        m.advance(4096);
        m.ensure(12288, 12288);
        assertThat(m.array()).isSameAs(first);      // no second array, no copy
        m.advance(12288);
        assertThat(m.take()).isSameAs(first);       // handed out as it is: exactly its size
        assertThat(m.length()).isZero();
    }

    @Test
    void anAnnouncementIsBelievedOnlyFourTimesWhatArrived() throws Exception {
        MessageBuffer m = new MessageBuffer(16 << 20);
        m.ensure(1, 16 << 20);
        assertThat(m.array()).hasSize(256);         // a 16 MiB header and one byte: 256 bytes, not 16 MiB
        MessageBuffer k = new MessageBuffer(16 << 20);
        k.ensure(1000, 1 << 20);
        assertThat(k.array()).hasSize(4000);
    }

    @Test
    void growingPastTheBoundIsMessageTooBig() throws Exception {
        MessageBuffer m = new MessageBuffer(100);
        m.ensure(60, 60);
        m.advance(60);
        assertThatThrownBy(() -> m.ensure(41, 41)).isInstanceOf(WebSocketProtocolException.class)
                .extracting(e -> ((WebSocketProtocolException) e).closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }
}
