package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.ResponseHead;
import dev.eddy.http.wire.ResponseParser;
import dev.eddy.net.ConnectTimeoutException;
import dev.eddy.net.ClientTransports;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.net.Transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A client connection before it is a WebSocket: connect, write the upgrade request, read and
 * check the answer. Then it creates the {@link WebSocket}, gives it the bytes that came right
 * behind the {@code 101} (they are frames), and from then on forwards the transport's readiness
 * to it: a transport is registered once, and this object is what it was registered with.
 *
 * <p>Loop thread only.
 */
final class ClientHandshake implements IOHandler {

    private final IOLoop loop;
    private final WebSocketOptions options;
    private final String hostHeader;
    private final String target;
    private final HttpHeaders extraHeaders;
    private final String key;
    private final Promise<WebSocket> result;
    private final Timeout deadline;
    private final ResponseParser parser = new ResponseParser(HttpLimits.defaults());
    private final ClientTransports transports;     // plain for ws://, a TLS config for wss://
    private Transport transport;
    private ByteBuffer request;
    private IOHandler open;           // the WebSocket's handler once the handshake is done

    /** @param transports wraps the socket: a TLS configuration for wss://, or null (plain) for ws:// */
    ClientHandshake(IOLoop loop, WebSocketOptions options, String hostHeader, String target, HttpHeaders extraHeaders,
                    ClientTransports transports) {
        this.loop = loop;
        this.transports = transports == null ? ClientTransports.PLAIN : transports;
        this.options = options;
        this.hostHeader = hostHeader;
        this.target = target;
        this.extraHeaders = extraHeaders;
        this.key = WebSocketHandshake.newKey(WebSocketClient.RANDOM);
        this.result = new Promise<>(loop);
        this.deadline = loop.callLater(options.handshakeTimeout(), () -> fail(new ConnectTimeoutException(
                "WebSocket connect and handshake to " + hostHeader + " took longer than " + options.handshakeTimeout())));
    }

    Future<WebSocket> result() {
        return result;
    }

    /** Connects to {@code address}; {@code host} is the name TLS checks the certificate against. */
    void connect(InetSocketAddress address, String host) {
        if (result.isDone()) {
            return;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            transport = transports.open(channel, host, address.getPort());
            transport.register(loop, this);
            if (channel.connect(address)) {
                connected();
            } else {
                transport.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            if (transport == null && channel != null) {
                closeQuietly(channel);          // no transport owns it yet
            }
            fail(e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // never connected: nothing to lose
        }
    }

    @Override
    public void onReady(int readyOps) throws Exception {
        if (open != null) {
            open.onReady(readyOps);
            return;
        }
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                if (!((SocketChannel) transport.channel()).finishConnect()) {
                    return;
                }
                connected();
            }
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                writeRequest();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                readAnswer();
            }
        } catch (ConnectException e) {
            fail(new ConnectionRefusedException("WebSocket connection to " + hostHeader + " refused", e));
        } catch (IOException e) {
            fail(e);
        }
    }

    private void connected() throws IOException {
        StringBuilder sb = new StringBuilder(256)
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: ").append(WebSocketHandshake.VERSION).append("\r\n");
        if (!options.subprotocols().isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", options.subprotocols())).append("\r\n");
        }
        if (options.compression()) {
            sb.append("Sec-WebSocket-Extensions: ").append(PerMessageDeflate.clientOffer()).append("\r\n");
        }
        extraHeaders.forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        request = ByteBuffer.wrap(sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        writeRequest();
    }

    private void writeRequest() throws IOException {
        transport.write(new ByteBuffer[]{request}, 0, 1);
        transport.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void readAnswer() throws IOException {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        int n = transport.read(buf);
        if (n < 0) {
            fail(new WebSocketHandshakeException(0, "the server closed the connection during the handshake"));
            return;
        }
        buf.flip();
        ResponseHead head;
        try {
            head = parser.parse(buf, "GET");
        } catch (HttpProtocolException e) {
            fail(new WebSocketHandshakeException(0, "malformed answer to the upgrade: " + e.getMessage()));
            return;
        }
        if (head == null) {
            return;
        }
        WebSocketHandshake.Agreement agreement;
        try {
            agreement = WebSocketHandshake.checkResponse(head.status(), head.headers(), key,
                    options.subprotocols(), options.compression());
        } catch (WebSocketHandshakeException e) {
            fail(e);
            return;
        }
        deadline.cancel();
        WebSocket ws = new WebSocket(loop, transport, Role.CLIENT, options, agreement, WebSocketClient.RANDOM);
        open = ws.handler();
        if (!result.tryComplete(ws)) {
            ws.close(CloseCodes.GOING_AWAY, "");
        }
        ws.start(buf);          // what follows the 101 is frames
    }

    void fail(Throwable cause) {
        deadline.cancel();
        if (result.tryFail(cause) && transport != null) {
            try {
                transport.close();
            } catch (IOException e) {
                // failing anyway
            }
        }
    }
}
