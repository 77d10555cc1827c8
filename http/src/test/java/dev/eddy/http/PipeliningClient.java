package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.Promise;
import dev.eddy.http.wire.HttpLimits;
import dev.eddy.http.wire.HttpProtocolException;
import dev.eddy.http.wire.ResponseHead;
import dev.eddy.http.wire.ResponseParser;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamClosedException;
import dev.eddy.net.StreamOptions;
import dev.eddy.testing.SimulatedNetwork;
import dev.eddy.testing.SimulatedTransport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * For {@link SimulatedHttpRun}: a client that does what Eddy's {@code HttpClient} never does,
 * so that the server's side of it is tested on the simulated network too. It writes several
 * requests on one connection in one go without waiting for answers (pipelining): GET, HEAD,
 * POST with a length, with {@code Expect: 100-continue} and the body right behind, or chunked
 * (chunks of random size, extensions, a trailer). It sometimes marks the last
 * {@code Connection: close}, sometimes shuts down its output after the last (a half-close: a
 * FIN while it still reads), and reads the answers in order with the wire parser. The server must answer each, in order, byte for byte, and then, after a close or a
 * FIN, end the connection.
 *
 * <p>Loop thread only; {@link #check} after {@link #done()} says what broke.
 */
final class PipeliningClient {

    private static final StreamOptions OPTIONS = StreamOptions.defaults();
    private static final byte[] CRLF = {'\r', '\n'};

    private final SimulatedNetwork net;
    private final String host;
    private final int port;
    private final List<String> methods = new ArrayList<>();
    private final List<byte[]> expected = new ArrayList<>();
    private final byte[] requests;
    private final boolean closeAfterLast;
    private final boolean halfClose;
    private final Promise<Void> done;
    private final List<byte[]> received = new ArrayList<>();
    private final ResponseParser parser = new ResponseParser(HttpLimits.defaults());
    private IOStream stream;
    /** Bytes read past the end of the last response, in read mode. */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private Throwable failure;
    private String broken;
    private boolean endSeen;

    PipeliningClient(SimulatedNetwork net, String host, int port, Random random) {
        this.net = net;
        this.host = host;
        this.port = port;
        this.done = new Promise<>(net.loop());
        this.closeAfterLast = random.nextInt(3) == 0;
        this.halfClose = random.nextInt(3) == 0;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int n = 2 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            long bodySeed = random.nextLong();
            int size = random.nextInt(3) == 0 ? random.nextInt(5000) : random.nextInt(100);
            byte[] body = SeededRoutes.bytes(bodySeed, Math.min(size, net.faults().minBuffer() * 200));
            String last = i == n - 1 && closeAfterLast ? "Connection: close\r\n" : "";
            String head;
            switch (random.nextInt(5)) {
                case 0 -> {
                    methods.add("GET");
                    expected.add(body);
                    head = "GET /bytes/" + body.length + "/" + bodySeed + " HTTP/1.1\r\nHost: " + host + "\r\n" + last + "\r\n";
                    body = new byte[0];
                }
                case 1 -> {
                    methods.add("HEAD");
                    expected.add(new byte[0]);
                    head = "HEAD /bytes/" + body.length + "/" + bodySeed + " HTTP/1.1\r\nHost: " + host + "\r\n" + last + "\r\n";
                    body = new byte[0];
                }
                case 2 -> {
                    methods.add("POST");
                    expected.add(body);
                    head = "POST /echo HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + body.length + "\r\n" + last + "\r\n";
                }
                case 3 -> {
                    // the body right behind the head, without waiting: the 100 Continue comes anyway
                    methods.add("POST");
                    expected.add(body);
                    head = "POST /echo HTTP/1.1\r\nHost: " + host + "\r\nExpect: 100-continue\r\nContent-Length: "
                            + body.length + "\r\n" + last + "\r\n";
                }
                default -> {
                    methods.add("POST");
                    expected.add(body);
                    head = "POST /echo HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: chunked\r\n" + last + "\r\n";
                    body = chunked(body, random);
                }
            }
            all.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            all.writeBytes(body);
        }
        this.requests = all.toByteArray();
    }

    /** {@code body} in chunks of random size, some with an extension, ending with a trailer or without. */
    private static byte[] chunked(byte[] body, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 2000));
            String extension = random.nextInt(4) == 0 ? ";name=value" : "";
            out.writeBytes((Integer.toHexString(n) + extension + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes(CRLF);
            at += n;
        }
        String trailer = random.nextInt(3) == 0 ? "X-Checksum: none\r\n" : "";
        out.writeBytes(("0\r\n" + trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Connects, sends every request at once (then the FIN, if so drawn), and reads the answers. */
    void start() {
        net.connectStream(host, port, OPTIONS).whenComplete((s, t) -> {
            if (t != null) {
                finish(t);
                return;
            }
            stream = s;
            s.write(requests).whenComplete((v, writeFailure) -> {
                if (writeFailure == null && halfClose) {
                    try {
                        ((SimulatedTransport) s.transport()).shutdownOutput();
                    } catch (ClosedChannelException e) {
                        // closed meanwhile (a reset): the reads say so
                    }
                }
            });
            readHead();
        });
    }

    /** Completes when every answer was read (and the end after them, where one is due), or reading failed. */
    Future<Void> done() {
        return done;
    }

    private void readHead() {
        int i = received.size();
        if (i == methods.size()) {
            readEnd();
            return;
        }
        ResponseHead head;
        try {
            head = parser.parse(pending, methods.get(i));
        } catch (HttpProtocolException e) {
            broken("answer " + i + " is malformed: " + e.getMessage());
            return;
        }
        if (head == null) {
            stream.readBytes(64 * 1024, true).whenComplete((bytes, t) -> {
                if (t != null) {
                    finish(t);
                } else {
                    pending = ByteBuffer.wrap(bytes);
                    readHead();
                }
            });
            return;
        }
        parser.reset();
        if (head.status() == 100) {
            readHead();             // the invitation to send a body (Expect: 100-continue): the answer follows
            return;
        }
        if (head.status() != 200 || head.chunked() || head.untilClose()) {
            broken("answer " + i + " to " + methods.get(i) + ": status " + head.status() + ", chunked " + head.chunked()
                    + ", until close " + head.untilClose());
            return;
        }
        int length = head.hasBody() ? (int) head.contentLength() : 0;     // a HEAD answer has none
        byte[] body = new byte[length];
        int have = Math.min(length, pending.remaining());
        pending.get(body, 0, have);
        if (have == length) {
            answered(body);
            return;
        }
        stream.readBytes(length - have).whenComplete((rest, t) -> {
            if (t != null) {
                finish(t);
            } else {
                System.arraycopy(rest, 0, body, have, rest.length);
                answered(body);
            }
        });
    }

    private void answered(byte[] body) {
        received.add(body);
        readHead();
    }

    /** After the last answer: a close or a FIN must end the connection; otherwise this side closes. */
    private void readEnd() {
        if (pending.hasRemaining()) {
            broken(pending.remaining() + " bytes after the last answer");
            return;
        }
        if (!closeAfterLast && !halfClose) {
            finish(null);
            return;
        }
        stream.readBytes(1, true).whenComplete((bytes, t) -> {
            if (t == null) {
                broken("a byte after the last answer, where the connection should end");
            } else {
                endSeen = t instanceof StreamClosedException && t.getCause() instanceof EOFException;
                finish(endSeen ? null : t);
            }
        });
    }

    private void broken(String what) {
        broken = what;
        finish(null);
    }

    private void finish(Throwable t) {
        failure = t;
        if (stream != null) {
            stream.close();
        }
        done.tryComplete(null);
    }

    /**
     * Throws an {@link AssertionError} unless every answer arrived right, in order (and the
     * connection ended where it should); or the answers that arrived were right and reading
     * then failed because the network reset the connection ({@code resetsPossible}), or the
     * server, shutting down ({@code shutdownBegan}), closed it or was no longer listening.
     */
    void check(boolean resetsPossible, boolean shutdownBegan) {
        String what = "pipelined " + methods + (closeAfterLast ? ", last with Connection: close" : "")
                + (halfClose ? ", then a FIN" : "");
        if (!done.isDone()) {
            throw new AssertionError(what + ": never ended");
        }
        if (broken != null) {
            throw new AssertionError(what + ": " + broken);
        }
        for (int i = 0; i < received.size(); i++) {
            if (!Arrays.equals(received.get(i), expected.get(i))) {
                throw new AssertionError(what + ": answer " + i + " has " + received.get(i).length
                        + " bytes that differ from the " + expected.get(i).length + " expected");
            }
        }
        if (failure != null) {
            Throwable cause = failure instanceof StreamClosedException ? failure.getCause() : failure;
            boolean reset = cause instanceof SocketException;
            boolean closedByShutdown = reset || cause instanceof EOFException || cause instanceof ConnectionRefusedException;
            if (!(resetsPossible && reset) && !(shutdownBegan && closedByShutdown)) {
                throw new AssertionError(what + ": failed after " + received.size() + " answers (resets "
                        + (resetsPossible ? "" : "im") + "possible" + (shutdownBegan ? ", the server shut down" : "") + ")",
                        failure);
            }
        } else if (received.size() != methods.size() || ((closeAfterLast || halfClose) && !endSeen)) {
            throw new AssertionError(what + ": " + received.size() + " answers, end seen: " + endSeen);
        }
    }
}
