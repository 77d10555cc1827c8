package dev.eddy.http.websocket;

import dev.eddy.http.RawConnection;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking WebSocket client for tests that writes exactly the frames it is told (masked or
 * not, broken or not) and reads frames one by one. Every read has a 5 s deadline (SO_TIMEOUT,
 * from {@link RawConnection}), so a server that hangs fails the test instead of hanging it.
 */
final class RawWebSocketClient implements AutoCloseable {

    /** One frame as read: FIN bit, opcode, unmasked payload. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final RawConnection connection;
    final Socket socket;
    private final DataInputStream in;

    RawWebSocketClient(int port) throws IOException {
        connection = new RawConnection(port);
        socket = connection.socket;
        in = new DataInputStream(connection.in());
    }

    static String upgradeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    /** Sends the upgrade request followed, in the same write, by {@code frames}; reads the answer head. */
    String handshake(String path, byte[]... frames) throws IOException {
        byte[] all = upgradeRequest(path).getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] f : frames) {
            all = HandUpgradeServer.concat(all, f);
        }
        send(all);
        return readHead();
    }

    /** The response head up to the blank line, as text. */
    String readHead() throws IOException {
        String head = connection.readHead();
        if (head == null) {
            throw new EOFException("connection ended before the response head");
        }
        return head;
    }

    RawWebSocketClient send(byte[] bytes) throws IOException {
        connection.send(bytes);
        return this;
    }

    /** The next frame from the server (which must not be masked). */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** True when the server has closed the connection (the next read is the end of stream). */
    boolean atEndOfStream() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
