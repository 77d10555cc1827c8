package dev.eddy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One blocking loopback TCP connection for tests that write exactly the bytes they are given
 * and read the answer strictly: the part {@link RawClient} (HTTP) and the WebSocket tests'
 * {@code RawWebSocketClient} share. Public so that the test packages below
 * {@code dev.eddy.http} can use it; it is test code and never leaves the test tree.
 *
 * <p>Every read has a 5 s deadline (SO_TIMEOUT), so a server that hangs fails the test
 * instead of hanging it; it must never read without one.
 */
public final class RawConnection implements AutoCloseable {

    /** The socket, for a test that changes its buffers, timeouts or shuts down a side. */
    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to {@code 127.0.0.1:port} with a 5 s read deadline and no Nagle delay.
     *
     * @param port the server's port
     * @throws IOException when the connection cannot be made
     */
    public RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * The connection's input, for reads beyond a head.
     *
     * @return the socket's input stream
     */
    public InputStream in() {
        return in;
    }

    /**
     * Writes {@code bytes} at once, exactly as given.
     *
     * @param bytes what to write
     * @throws IOException when the write fails
     */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads a response head up to and including the blank line (CRLF CRLF).
     *
     * @return the head as ISO-8859-1 text, or null when the connection ended before any byte
     * @throws IOException when the connection ends inside the head, or the read deadline passes
     */
    public String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a response head: " + b);
            }
            b.write(c);
            last4 = (last4 << 8) | c;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
