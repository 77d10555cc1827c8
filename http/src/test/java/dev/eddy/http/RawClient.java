package dev.eddy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately dumb blocking HTTP/1.1 client for tests: writes exactly the bytes it is
 * given (so tests can send malformed, split or pipelined requests) and reads responses
 * strictly. Every read has a 5 s deadline (SO_TIMEOUT, from {@link RawConnection}), so a
 * server that hangs fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {

    /** One response as read off the wire; header names lower case. */
    record Response(int status, Map<String, String> headers, byte[] body, String head) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private final RawConnection connection;
    final Socket socket;
    private final InputStream in;

    RawClient(int port) throws IOException {
        connection = new RawConnection(port);
        socket = connection.socket;
        in = connection.in();
    }

    RawClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] b) throws IOException {
        connection.send(b);
        return this;
    }

    /** Sends a GET with keep-alive and reads its response. */
    Response get(String target) throws IOException {
        send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        return read();
    }

    /** Reads one response to a non-HEAD request. */
    Response read() throws IOException {
        return read(false);
    }

    Response read(boolean toHead) throws IOException {
        String head = readHead();
        if (head == null) {
            throw new IOException("connection closed before a response");
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).toLowerCase(), lines[i].substring(c + 1).trim());
        }
        byte[] body;
        if (toHead || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            body = readChunked(headers);
        } else if (headers.containsKey("content-length")) {
            body = readN(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body, head);
    }

    /** The head up to CRLFCRLF, or null when the connection closed before any byte. */
    String readHead() throws IOException {
        return connection.readHead();
    }

    private byte[] readChunked(Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            int semi = line.indexOf(';');
            int size = Integer.parseInt(semi < 0 ? line : line.substring(0, semi), 16);
            if (size == 0) {
                String t;
                while (!(t = readLine()).isEmpty()) {
                    int c = t.indexOf(':');
                    headers.put("trailer:" + t.substring(0, c).toLowerCase(), t.substring(c + 1).trim());
                }
                return body.toByteArray();
            }
            body.write(readN(size));
            if (!readLine().isEmpty()) {
                throw new IOException("chunk data longer than its size");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed inside a line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    byte[] readN(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("closed after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    /** True when the server closes the connection (EOF or reset) within the read deadline. */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;        // reset: closed too
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
