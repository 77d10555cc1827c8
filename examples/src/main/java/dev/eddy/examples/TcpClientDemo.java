package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.tls.TlsClientConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.eddy.gen.Coroutine.await;

/**
 * A client for {@code tcp-echo}: connects, sends each message as a line, prints what comes
 * back, and measures the round trips. One coroutine, so the conversation is a plain
 * {@code for} loop.
 *
 * <pre>java -jar examples/target/eddy-examples.jar tcp-client [--host 127.0.0.1] [--port 8007] [message ...]</pre>
 */
final class TcpClientDemo {

    static final CommandLine CLI = TlsFlags.client(new CommandLine("tcp-client",
            "talks to tcp-echo: sends each message as a line, prints the echoes")
            .text("--host", "HOST", "127.0.0.1", "the server's host name or address")
            .port(8007), "speak TLS, trusting exactly the CA certificates in this PEM file")
            .arguments("MESSAGE...", 0, Integer.MAX_VALUE, "the lines to send; without any: hello, streams, goodbye");

    private static final byte[] NEWLINE = {'\n'};

    private TcpClientDemo() {
    }

    static void main(String[] args) {
        CommandLine.Values options = CLI.parse(args);
        String host = options.text("--host");
        int port = options.integer("--port");
        TlsClientConfig tls = TlsFlags.clientConfig(CLI, options);
        List<String> lines = options.arguments().isEmpty() ? List.of("hello", "streams", "goodbye") : options.arguments();
        try (IOLoop loop = new IOLoop()) {
            long start = System.nanoTime();
            loop.runSync(() -> Coroutine.async(loop, () -> {
                try (IOStream stream = await(tls == null ? TcpClient.connect(loop, host, port, Duration.ofSeconds(5))
                        : TcpClient.connect(loop, host, port, Duration.ofSeconds(5), StreamOptions.defaults(), tls))) {
                    for (String line : lines) {
                        await(stream.write((line + "\n").getBytes(StandardCharsets.UTF_8)));
                        byte[] echo = await(stream.readUntil(NEWLINE, 64 * 1024));
                        System.out.print("echo: " + new String(echo, StandardCharsets.UTF_8));
                    }
                }
                return null;
            }), Duration.ofSeconds(30));
            System.out.printf("%d round trips in %.2f ms%n", lines.size(), (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
            throw CLI.failure(1, ProgramExit.describe(e));
        }
    }
}
