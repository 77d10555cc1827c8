package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.net.BufferFullException;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.testcerts.TestCertificates;
import dev.eddy.tls.TlsClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.http.websocket.Frames.client;
import static dev.eddy.http.websocket.Frames.server;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both ends of a connection over loopback sockets: messages, leftovers, closing, control frames, back-pressure. */
class WebSocketLoopbackTest {

    private HandUpgradeServer server;

    @BeforeEach
    void start() throws Exception {
        server = new HandUpgradeServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private WebSocket connect(WebSocketOptions options) throws Exception {
        return server.await(() -> WebSocketClient.connect(server.loop(), URI.create(server.url("/x")), new HttpHeaders(), options));
    }

    private WebSocket connect() throws Exception {
        return connect(WebSocketOptions.defaults());
    }

    @Test
    void textAndBinaryBothWays() throws Exception {
        WebSocket c = connect();
        WebSocket s = server.nextAccepted();
        server.await(() -> c.send("héllo"));
        server.await(() -> c.send(ByteBuffer.wrap(new byte[]{1, 2, 3})));
        assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("héllo"));
        assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Binary(ByteBuffer.wrap(new byte[]{1, 2, 3})));
        server.await(() -> s.send("back"));
        byte[] big = new byte[300_000];
        big[299_999] = 9;
        server.await(() -> s.send(ByteBuffer.wrap(big)));
        assertThat(server.await(c::receive)).isEqualTo(new WebSocketMessage.Text("back"));
        assertThat(((WebSocketMessage.Binary) server.await(c::receive)).data()).isEqualTo(ByteBuffer.wrap(big));
    }

    @Test
    void compressedMessagesBothWays() throws Exception {
        server.options = WebSocketOptions.defaults().withCompression(true);
        WebSocket c = connect(WebSocketOptions.defaults().withCompression(true));
        WebSocket s = server.nextAccepted();
        assertThat(server.onLoop(c::isCompressed)).isTrue();
        assertThat(server.onLoop(s::isCompressed)).isTrue();
        String text = "{\"type\":\"chat\",\"text\":\"hello\"}".repeat(100);
        for (int i = 0; i < 3; i++) {
            server.await(() -> c.send(text));
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text(text));
            server.await(() -> s.send(text));
            assertThat(server.await(c::receive)).isEqualTo(new WebSocketMessage.Text(text));
        }
    }

    @Test
    void framesThatArriveWithTheUpgradeRequestAreNotLost() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            String head = raw.handshake("/x", client(true, Opcodes.TEXT, utf8("first")), client(true, Opcodes.TEXT, utf8("second")));
            assertThat(head).startsWith("HTTP/1.1 101");
            WebSocket s = server.nextAccepted();
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("first"));
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("second"));
        }
    }

    @Test
    void framesThatArriveWithTheSwitchingProtocolsAnswerAreNotLost() throws Exception {
        server.afterAnswer = HandUpgradeServer.concat(server(true, Opcodes.TEXT, utf8("welcome")),
                server(true, Opcodes.PING, utf8("p")));
        WebSocket c = connect();
        assertThat(server.await(c::receive)).isEqualTo(new WebSocketMessage.Text("welcome"));
    }

    @Test
    void theClientMasksAndTheServerAnswersPingsWithPongs() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", client(true, Opcodes.PING, utf8("are you there")));
            RawWebSocketClient.Frame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(Opcodes.PONG);
            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void clientBeginsTheCloseHandshake() throws Exception {
        WebSocket c = connect();
        WebSocket s = server.nextAccepted();
        server.await(() -> c.send("last words"));
        Future<CloseStatus> clientSide = server.onLoop(() -> c.close(1000, "bye"));
        // the server answers the close without waiting for its application (which is not
        // receiving); the message sent before the close is still there to receive, and the
        // receive after it fails
        assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("last words"));
        assertThatThrownBy(() -> server.await(s::receive)).isInstanceOf(WebSocketClosedException.class)
                .extracting(e -> ((WebSocketClosedException) e).status()).isEqualTo(new CloseStatus(1000, "bye"));
        assertThat(server.await(() -> clientSide)).isEqualTo(new CloseStatus(1000, "bye"));
        assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(1000, "bye"));
        assertThatThrownBy(() -> server.await(() -> c.send("too late"))).isInstanceOf(WebSocketClosedException.class);
    }

    @Test
    void serverBeginsTheCloseHandshakeAndAPendingReceiveLearnsIt() throws Exception {
        WebSocket c = connect();
        WebSocket s = server.nextAccepted();
        Future<WebSocketMessage> pending = server.onLoop(c::receive);
        server.await(() -> s.close(4001, "shutting down"));
        assertThatThrownBy(() -> server.await(() -> pending)).isInstanceOf(WebSocketClosedException.class);
        assertThat(server.await(c::closed)).isEqualTo(new CloseStatus(4001, "shutting down"));
        assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(4001, "shutting down"));
    }

    @Test
    void theServerClosesTheTcpConnectionRightAfterTheHandshake() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            raw.send(FrameDecoderTest.closeFrame(1000, ""));
            RawWebSocketClient.Frame answer = raw.readFrame();
            assertThat(answer.opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(answer.closeCode()).isEqualTo(1000);
            assertThat(raw.atEndOfStream()).isTrue();
            assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(1000, ""));
        }
    }

    /** On the loop, an echo the way a program writes one: receive, send it back, receive again. */
    private static void echo(WebSocket ws) {
        ws.receive().whenComplete((m, closed) -> {
            if (closed == null) {
                ws.send("re: " + ((WebSocketMessage.Text) m).text()).whenComplete((v, failed) -> echo(ws));
            }
        });
    }

    @Test
    void anEchoStillSendsItsRepliesToTheMessagesThatCameWithThePeersClose() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            server.onLoop(() -> {
                echo(s);
                return null;
            });
            // Two messages and the close in one write, so in one read: the close is answered
            // once the echo has answered both, not before.
            raw.send(HandUpgradeServer.concat(HandUpgradeServer.concat(client(true, Opcodes.TEXT, utf8("one")),
                    client(true, Opcodes.TEXT, utf8("two"))), FrameDecoderTest.closeFrame(1000, "")));
            assertThat(raw.readFrame().text()).isEqualTo("re: one");
            assertThat(raw.readFrame().text()).isEqualTo("re: two");
            assertThat(raw.readFrame().opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(raw.atEndOfStream()).isTrue();
            assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(1000, ""));
        }
    }

    @Test
    void anApplicationThatClosesAfterThePeersCloseEndsTheConnectionAtOnce() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            // The application is handed the message that came with the peer's close (one read)
            // and, in that same step, before the close is answered, closes itself.
            Future<CloseStatus> closing = server.onLoop(() -> s.receive().flatMap(m -> s.close(1001, "leaving")));
            raw.send(HandUpgradeServer.concat(client(true, Opcodes.TEXT, utf8("pending")), FrameDecoderTest.closeFrame(1000, "")));
            RawWebSocketClient.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(raw.atEndOfStream()).isTrue();
            assertThat(server.await(() -> closing)).isEqualTo(new CloseStatus(1000, ""));
        }
    }

    @Test
    void anApplicationThatStopsReceivingHasThePeersCloseAnsweredLongBeforeTheTimeout() throws Exception {
        server.options = WebSocketOptions.defaults().withCloseTimeout(Duration.ofMinutes(10));
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", client(true, Opcodes.TEXT, utf8("one")));
            WebSocket s = server.nextAccepted();
            // The application takes one message, holds it, and asks for nothing more.
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("one"));
            raw.send(HandUpgradeServer.concat(client(true, Opcodes.TEXT, utf8("two")), FrameDecoderTest.closeFrame(4000, "bye")));
            // answered within the raw client's 5 s read deadline, not after ten minutes
            RawWebSocketClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(raw.atEndOfStream()).isTrue();
            assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(4000, "bye"));
            // the message that came before the close is not lost
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("two"));
            assertThatThrownBy(() -> server.await(s::receive)).isInstanceOf(WebSocketClosedException.class)
                    .extracting(e -> ((WebSocketClosedException) e).status()).isEqualTo(new CloseStatus(4000, "bye"));
        }
    }

    @Test
    void anApplicationThatNeverReceivesHasThePeersCloseAnsweredToo() throws Exception {
        server.options = WebSocketOptions.defaults().withCloseTimeout(Duration.ofMinutes(10));
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", client(true, Opcodes.TEXT, utf8("ignored")), FrameDecoderTest.closeFrame(4000, "bye"));
            WebSocket s = server.nextAccepted();
            RawWebSocketClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(server.await(s::closed)).isEqualTo(new CloseStatus(4000, "bye"));
            assertThat(server.await(s::receive)).isEqualTo(new WebSocketMessage.Text("ignored"));
        }
    }

    @Test
    void aPeerThatNeverAnswersTheCloseIsCutOffAfterTheTimeout() throws Exception {
        server.options = WebSocketOptions.defaults().withCloseTimeout(Duration.ofMillis(200));
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            server.onLoop(() -> s.close(1000, ""));
            assertThat(raw.readFrame().opcode()).isEqualTo(Opcodes.CLOSE);
            CloseStatus status = server.await(s::closed);
            assertThat(status.code()).isEqualTo(CloseCodes.ABNORMAL);
            assertThat(status.reason()).contains("did not answer");
            assertThat(raw.atEndOfStream()).isTrue();
        }
    }

    @Test
    void aProtocolViolationIsAnsweredWithItsCodeAndAClose() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", server(true, Opcodes.TEXT, utf8("unmasked")));
            WebSocket s = server.nextAccepted();
            RawWebSocketClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            assertThat(raw.atEndOfStream()).isTrue();
            assertThat(server.await(s::closed).code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void invalidUtf8And1009Too() throws Exception {
        server.options = WebSocketOptions.defaults().withMaxMessageBytes(10);
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", client(true, Opcodes.TEXT, utf8("more than ten bytes")));
            assertThat(raw.readFrame().closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x", client(true, Opcodes.TEXT, new byte[]{(byte) 0xC0, (byte) 0x80}));
            assertThat(raw.readFrame().closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void aConnectionThatEndsWithoutACloseIsAbnormal() throws Exception {
        WebSocket s;
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            s = server.nextAccepted();
        }
        CloseStatus status = server.await(s::closed);
        assertThat(status.code()).isEqualTo(CloseCodes.ABNORMAL);
    }

    @Test
    void keepAlivePingsAQuietPeerAndGivesUpOnASilentOne() throws Exception {
        server.options = WebSocketOptions.defaults().withKeepAlive(Duration.ofMillis(100), Duration.ofMillis(400));
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            assertThat(raw.readFrame().opcode()).isEqualTo(Opcodes.PING);
            raw.send(client(true, Opcodes.PONG, new byte[0]));        // alive: the silence starts again
            assertThat(raw.readFrame().opcode()).isEqualTo(Opcodes.PING);
            CloseStatus status = server.await(s::closed);             // no more answers
            assertThat(status.code()).isEqualTo(CloseCodes.ABNORMAL);
            assertThat(status.reason()).contains("nothing received");
        }
    }

    @Test
    void aSlowReaderPausesTheSenderAtTheHighWaterMarkAndTheBufferIsBounded() throws Exception {
        server.options = WebSocketOptions.defaults().withSendWaterMarks(64 << 10, 256 << 10).withMaxSendBufferBytes(4 << 20);
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.socket.setReceiveBufferSize(64 << 10);
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            // The reader reads nothing: sends complete until the kernel buffers and then the
            // high-water mark fill up; after that the futures wait, and past the bound sends fail.
            List<Future<Void>> sends = new ArrayList<>();
            ByteBuffer chunk = ByteBuffer.allocate(32 << 10);
            Throwable refused = server.onLoop(() -> {
                for (int i = 0; i < 1000; i++) {
                    Future<Void> f = s.send(chunk.duplicate());
                    if (f.isFailed()) {
                        return f.cause();
                    }
                    sends.add(f);
                }
                return null;
            });
            assertThat(refused).isInstanceOf(BufferFullException.class);
            assertThat(sends.size()).isLessThan(1000);
            assertThat(server.onLoop(() -> sends.get(sends.size() - 1).isDone())).isFalse();
            // Now read everything: every accepted send completes.
            for (int i = 0; i < sends.size(); i++) {
                assertThat(raw.readFrame().payload()).hasSize(32 << 10);
            }
            server.await(() -> sends.get(sends.size() - 1));
        }
    }

    @Test
    void aServerThatDoesNotReceiveStopsReadingAndTheClientIsThrottled() throws Exception {
        server.options = WebSocketOptions.defaults().withReceiveBufferBytes(64 << 10);
        WebSocket c = connect(WebSocketOptions.defaults().withSendWaterMarks(64 << 10, 128 << 10));
        WebSocket s = server.nextAccepted();
        byte[] chunk = new byte[16 << 10];
        int count = 600;        // 9.6 MiB: far more than the kernel buffers hold, less than the send bound
        Future<Void> last = server.onLoop(() -> {
            Future<Void> f = null;
            for (int i = 0; i < count; i++) {
                chunk[0] = (byte) i;
                f = c.send(ByteBuffer.wrap(chunk));
                if (f.isFailed()) {
                    throw new AssertionError("send " + i + " refused", f.cause());
                }
            }
            return f;
        });
        assertThat(server.onLoop(last::isDone)).isFalse();
        // The server fills its receive buffer and stops reading: what it holds stays bounded.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.onLoop(s::bufferedBytes) < (64 << 10)) {
            assertThat(System.nanoTime() - deadline).as("the receive buffer never filled").isNegative();
        }
        for (int turn = 0; turn < 20; turn++) {
            assertThat(server.onLoop(s::bufferedBytes)).isLessThanOrEqualTo((64 << 10) + (16 << 10));
        }
        assertThat(server.onLoop(last::isDone)).isFalse();
        for (int i = 0; i < count; i++) {
            WebSocketMessage m = server.await(s::receive);
            assertThat(((WebSocketMessage.Binary) m).data().get(0)).isEqualTo((byte) i);
        }
        server.await(() -> last);
    }

    @Test
    void aWrongAnswerFailsTheClientsHandshake() throws Exception {
        server.answer = key -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketHandshake.acceptFor("something else") + "\r\n\r\n";
        assertThatThrownBy(this::connect).isInstanceOf(WebSocketHandshakeException.class).hasMessageContaining("Accept");
        server.answer = key -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        assertThatThrownBy(this::connect).isInstanceOf(WebSocketHandshakeException.class)
                .extracting(e -> ((WebSocketHandshakeException) e).status()).isEqualTo(404);
    }

    @Test
    void wssWithTheTestCertificates() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (HandUpgradeServer tlsServer = new HandUpgradeServer(certs.server())) {
            URI uri = URI.create("wss://localhost:" + tlsServer.port + "/secure");
            WebSocket c = tlsServer.await(() -> WebSocketClient.connect(tlsServer.loop(), uri, new HttpHeaders(),
                    WebSocketOptions.defaults(), certs.client()));
            WebSocket s = tlsServer.nextAccepted();
            tlsServer.await(() -> c.send("over TLS"));
            assertThat(tlsServer.await(s::receive)).isEqualTo(new WebSocketMessage.Text("over TLS"));
            tlsServer.await(() -> s.send("back"));
            assertThat(tlsServer.await(c::receive)).isEqualTo(new WebSocketMessage.Text("back"));
            // The server's application waits for its next message, as an echo does: that
            // receive learns of the close.
            Future<WebSocketMessage> next = tlsServer.onLoop(s::receive);
            assertThat(tlsServer.await(() -> c.close(1000, "done"))).isEqualTo(new CloseStatus(1000, "done"));
            assertThatThrownBy(() -> tlsServer.await(() -> next)).isInstanceOf(WebSocketClosedException.class);
            // a client that trusts another root refuses the server
            assertThatThrownBy(() -> tlsServer.await(() -> WebSocketClient.connect(tlsServer.loop(), uri, new HttpHeaders(),
                    WebSocketOptions.defaults(), TlsClientConfig.trustingCaPem(certs.rogueCaPem))))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    @Test
    void aRefusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> server.await(() -> WebSocketClient.connect(server.loop(),
                URI.create("ws://127.0.0.1:" + closedPort + "/")))).isInstanceOf(ConnectionRefusedException.class);
        assertThatThrownBy(() -> server.await(() -> WebSocketClient.connect(server.loop(), URI.create("http://127.0.0.1/"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendingAfterCloseAndTwoReceivesAtOnce() throws Exception {
        WebSocket c = connect();
        server.onLoop(c::receive);
        assertThatThrownBy(() -> server.onLoop(c::receive)).isInstanceOf(IllegalStateException.class);
        server.await(c::close);
        assertThatThrownBy(() -> server.await(() -> c.send(ByteBuffer.allocate(1))))
                .isInstanceOf(WebSocketClosedException.class);
    }
}
