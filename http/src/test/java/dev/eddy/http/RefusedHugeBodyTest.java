package dev.eddy.http;

import dev.eddy.net.StreamOptions;
import dev.eddy.testing.NetworkFaults;
import dev.eddy.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that declares a body larger than the server accepts gets {@code 413} at once, while
 * its client is still sending. The server used to close right after the answer with the body's
 * bytes unread, and a socket closed with unread bytes is reset (the kernel sends RST, not FIN,
 * and may drop the answer it has not sent yet), so the client read a reset instead of the 413.
 * Now the connection lingers after the answer: it shuts its sending side, reads and drops what
 * still arrives, and closes when the client does, or after a bounded time.
 */
class RefusedHugeBodyTest {

    private static final String HUGE_HEAD =
            "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000000\r\n\r\n";

    @Test
    void overTcpAClientStillSendingReadsThe413() throws Exception {
        HttpHandler neverCalled = r -> r.respond(HttpResponse.text(200, "should not run"));
        try (ServerFixture f = new ServerFixture(neverCalled)) {
            byte[] piece = new byte[64 * 1024];
            for (int i = 0; i < 5; i++) {
                try (Socket s = new Socket("127.0.0.1", f.port)) {
                    s.setSoTimeout(5000);       // a server that hangs fails the test instead of hanging it
                    OutputStream out = s.getOutputStream();
                    out.write(HUGE_HEAD.getBytes(StandardCharsets.ISO_8859_1));
                    IOException sendFailure = null;
                    try {
                        for (int sent = 0; sent < (4 << 20); sent += piece.length) {
                            out.write(piece);   // 4 MB of the 10 GB announced; the 413 is on its way meanwhile
                        }
                    } catch (IOException e) {
                        sendFailure = e;
                    }
                    String answer;
                    try {
                        answer = readUntilClose(s.getInputStream());
                    } catch (IOException e) {
                        answer = "read failed: " + e;
                    }
                    assertThat(answer).as("attempt %d (send failure: %s)", i, sendFailure).startsWith("HTTP/1.1 413 ");
                    assertThat(answer).contains("Connection: close");
                    assertThat(sendFailure).as("attempt %d: the server reads what is still sent", i).isNull();
                }
            }
            f.awaitNoConnections();     // each lingering connection closed once its client did
        }
    }

    @Test
    void aClientThatKeepsTheConnectionOpenIsClosedAfterTheLingerTime() throws Exception {
        try (TestLoop test = TestLoop.onVirtualTime()) {
            SimulatedHttp s = new SimulatedHttp(test, 1, NetworkFaults.none(),
                    r -> r.respond(HttpResponse.text(200, "should not run")), HttpServerOptions.defaults());
            byte[] request = (HUGE_HEAD + "x".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1);
            long start = test.loop().time();
            // the simulated transport has no socket to half-close: the answer ends when the server closes
            byte[] answer = test.run(() -> s.net().connectStream("server", 80, StreamOptions.defaults()).flatMap(stream -> {
                stream.write(request).addDoneCallback(w -> { });
                return stream.readUntilClose().whenComplete((b, t) -> stream.close());
            }), Duration.ofMinutes(5));
            long lingered = test.loop().time() - start;
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 413 ");
            assertThat(Duration.ofNanos(lingered)).isGreaterThanOrEqualTo(ConnectionDeadline.LINGER_QUIET)
                    .isLessThan(ConnectionDeadline.LINGER_QUIET.plusSeconds(1));
            s.close();
        }
    }

    private static String readUntilClose(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
