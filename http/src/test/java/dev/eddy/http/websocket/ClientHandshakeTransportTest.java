package dev.eddy.http.websocket;

import dev.eddy.IOLoop;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.net.ClientTransports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket client's socket when its transport cannot be made: the connect fails with why, and the socket is closed. */
class ClientHandshakeTransportTest {

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aTransportThatCannotBeMadeFailsTheConnectAndClosesTheSocket(boolean checked) {
        Exception broken = checked ? new IOException("no transport (expected by the test)")
                : new IllegalStateException("no transport (expected by the test)");
        SocketChannel[] socket = new SocketChannel[1];
        ClientTransports failing = (channel, host, port) -> {
            socket[0] = channel;
            if (broken instanceof IOException e) {
                throw e;
            }
            throw (RuntimeException) broken;
        };

        Throwable failure = loop.runSync(() -> {
            ClientHandshake handshake = new ClientHandshake(loop, WebSocketOptions.defaults(), "localhost", "/",
                    new HttpHeaders(), failing);
            // the transport is made before the socket connects: nothing is dialled
            handshake.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), "localhost");
            return handshake.result().<Throwable>map(ws -> null).recover(t -> t);
        }, Duration.ofSeconds(10));

        assertThat(failure).isSameAs(broken);
        assertThat(socket[0].isOpen()).isFalse();
    }
}
