package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.net.IOStream;
import dev.eddy.net.TcpClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client for {@code tcp-echo}: connects, sends each message as a line, prints what comes
 * back, and measures the round trips.
 *
 * <pre>java -jar examples/target/eddy-examples.jar tcp-client [--host 127.0.0.1] [--port 8007] [message ...]</pre>
 */
final class TcpClientDemo {

    private TcpClientDemo() {
    }

    static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 8007;
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> messages.add(args[i]);
            }
        }
        if (messages.isEmpty()) {
            messages = List.of("hello", "streams", "goodbye");
        }
        String h = host;
        int p = port;
        List<String> lines = messages;
        try (IOLoop loop = new IOLoop()) {
            long start = System.nanoTime();
            loop.runSync(() -> TcpClient.connect(loop, h, p, Duration.ofSeconds(5))
                    .flatMap(stream -> talk(stream, lines, 0).map(v -> {
                        stream.close();
                        return v;
                    })), Duration.ofSeconds(30));
            System.out.printf("%d round trips in %.2f ms%n", lines.size(), (System.nanoTime() - start) / 1e6);
        }
    }

    /** Sends lines[i], prints the echo, then the next one. */
    private static Future<Void> talk(IOStream stream, List<String> lines, int i) {
        if (i == lines.size()) {
            return Future.succeeded(stream.loop(), null);
        }
        byte[] line = (lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
        return stream.write(line)
                .flatMap(v -> stream.readUntil(new byte[]{'\n'}, 64 * 1024))
                .flatMap(echo -> {
                    System.out.print("echo: " + new String(echo, StandardCharsets.UTF_8));
                    return talk(stream, lines, i + 1);
                });
    }
}
