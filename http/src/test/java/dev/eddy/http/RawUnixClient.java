package dev.eddy.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends raw bytes to a Unix-domain socket and reads until the server closes: the
 * {@link RawClient} of a socket path, for requests that end in {@code Connection: close}.
 * Blocking, with a 5 s deadline: past it the channel is closed, the read fails, and so does the test.
 */
final class RawUnixClient {

    private RawUnixClient() {
    }

    static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            java.util.concurrent.CompletableFuture.delayedExecutor(5, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> {
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // the read below fails either way
                        }
                    });
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder out = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.append(StandardCharsets.ISO_8859_1.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }
}
