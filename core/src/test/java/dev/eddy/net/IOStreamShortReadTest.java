package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.SelectionKey;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static dev.eddy.net.StreamPair.when;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket read that came back short means the kernel had nothing more: the stream does not
 * ask again (a system call that finds nothing) until the socket is reported readable. The
 * transport here counts the reads the stream makes; the peer is a plain blocking socket.
 */
class IOStreamShortReadTest {

    private StreamOverTransport<CountingTransport> rig;
    private IOLoop loop;
    private CountingTransport transport;
    private IOStream stream;

    @BeforeEach
    void connect() throws IOException {
        rig = new StreamOverTransport<>(CountingTransport::new);
        loop = rig.loop;
        transport = rig.transport;
        stream = rig.stream;
    }

    @AfterEach
    void close() throws IOException {
        rig.close();
    }

    private void peerSends(String s) {
        rig.peerSends(s);
    }

    /** The peer sends {@code s} while a partial read waits; returns what the read got. */
    private String readPartialWhilePeerSends(String s) {
        return loop.runSync(() -> {
            Future<byte[]> read = stream.readBytes(100, true);
            peerSends(s);
            return read.map(StreamPair::str);
        }, WAIT);
    }

    @Test
    void aReadStartedAfterAShortReadWaitsForReadinessInsteadOfAskingTheSocket() {
        assertThat(readPartialWhilePeerSends("request")).isEqualTo("request");   // a short read: 7 of 64 KiB
        transport.reads = 0;
        transport.emptyReads = 0;

        int[] readsWhenStarted = new int[1];
        byte[] got = loop.runSync(() -> {
            Future<byte[]> read = stream.readBytes(100, true);
            readsWhenStarted[0] = transport.reads;
            peerSends("answer");
            return read;
        }, WAIT);

        assertThat(str(got)).isEqualTo("answer");
        assertThat(readsWhenStarted[0]).as("socket reads when the read started").isZero();
        assertThat(transport.emptyReads).as("socket reads that found nothing").isZero();
        assertThat(transport.reads).as("socket reads in all").isEqualTo(1);
    }

    @Test
    void aReadShortOfItsMessageWaitsForMoreInsteadOfReadingAgainAtOnce() {
        byte[] line = loop.runSync(() -> {
            Future<byte[]> read = stream.readUntil(bytes("\n"), 100);
            int emptyBefore = transport.emptyReads;         // the first look, before anything was sent
            peerSends("hel");
            return when(loop, () -> transport.bytesRead == 3).flatMap(v -> {
                assertThat(read.isDone()).isFalse();
                assertThat(transport.emptyReads).as("reads that found nothing after the first bytes")
                        .isEqualTo(emptyBefore);
                peerSends("lo\n");
                return read;
            });
        }, WAIT);
        assertThat(str(line)).isEqualTo("hello\n");
    }

    @Test
    void bytesReportedWhileNobodyReadsAreReadByTheNextRead() {
        assertThat(readPartialWhilePeerSends("first")).isEqualTo("first");
        peerSends("second");
        // nobody reads: the stream drops OP_READ when the bytes are reported, and leaves them in the kernel
        loop.runSync(() -> when(loop, () -> (transport.interestOps() & SelectionKey.OP_READ) == 0), WAIT);
        byte[] got = loop.runSync(() -> stream.readBytes(100, true), WAIT);
        assertThat(str(got)).isEqualTo("second");
    }
}
