package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;
import dev.eddy.http.websocket.CloseCodes;
import dev.eddy.http.websocket.CloseStatus;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClient;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.wire.HttpHeaders;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsClientConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code java -jar examples/target/eddy-examples.jar wscat URL [--cacert CA.pem]}: a WebSocket
 * client for the terminal. Each line of stdin goes out as a text message; each text message that
 * arrives is printed as one line. When stdin ends it closes (1000) and exits 0 once the server's
 * close has arrived; a failed handshake or a broken connection is one line on stderr and a
 * non-zero exit status.
 *
 * <p>Two threads, each doing one simple thing: the loop (its own thread) owns the connection and
 * prints what arrives; the main thread reads stdin and hands each line to the loop, waiting for
 * the send to complete before reading the next one, so a slow server slows the reading of stdin
 * down instead of filling memory.
 */
final class Wscat {

    static final CommandLine CLI = new CommandLine("wscat",
            "WebSocket client: stdin lines out as text messages, text messages in as lines")
            .text("--cacert", "PEM", null, "for wss://: trust the certificate authorities in this PEM file")
            .arguments("URL", 1, 1, "a ws:// or wss:// URL")
            .note("""
                    exit status: 0 after a clean close (stdin ended, or the server closed normally);
                    1 when the handshake failed or the connection ended otherwise;
                    2 for a mistake on the command line.""");

    private Wscat() {
    }

    static void main(String[] args) throws Exception {
        CommandLine.Values options = CLI.parse(args);
        URI uri = uri(options.arguments().get(0));
        TlsClientConfig tls = options.text("--cacert") == null ? null : TlsClientConfig.trustingCaPem(Path.of(options.text("--cacert")));
        PrintStream out = System.out;
        try (LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("wscat"))) {
            IOLoop loop = group.loop(0);
            WebSocket ws;
            try {
                ws = onLoop(loop, () -> WebSocketClient.connect(loop, uri, new HttpHeaders(), WebSocketOptions.defaults(), tls));
            } catch (Exception e) {
                throw CLI.failure(1, ProgramExit.describe(e));
            }
            loop.addCallback(() -> print(ws, out));
            sendLines(loop, ws);
            CloseStatus status = onLoop(loop, () -> ws.close(CloseCodes.NORMAL, ""));
            out.flush();
            if (!status.isNormal()) {
                throw CLI.failure(1, "connection closed: " + status);
            }
        }
    }

    /** Prints every text message as a line, until the connection ends. */
    private static void print(WebSocket ws, PrintStream out) {
        ws.receive().whenComplete((message, closed) -> {
            if (closed == null) {
                if (message instanceof WebSocketMessage.Text t) {
                    out.println(t.text());
                }
                print(ws, out);
            }
        });
    }

    /** Each stdin line as a text message, one at a time; stops at the end of stdin or of the connection. */
    private static void sendLines(IOLoop loop, WebSocket ws) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String text = line;
            try {
                onLoop(loop, () -> ws.send(text));
            } catch (Exception closed) {
                return;             // the connection ended: the close status says how
            }
        }
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text);
            if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw CLI.error("not a ws:// or wss:// URL: " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CLI.error("malformed URL: " + text);
        }
    }

    /** Runs {@code task} on the loop and waits for the future it returns (60 s at most). */
    private static <T> T onLoop(IOLoop loop, Supplier<Future<T>> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.addCallback(() -> task.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        }));
        return result.get(60, TimeUnit.SECONDS);
    }
}
