package dev.eddy.examples;

import dev.eddy.LoopOptions;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.websocket.WebSocketUpgrade;
import dev.eddy.net.LoopGroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar examples/target/eddy-examples.jar chat [--port N]}: a chat room in a browser.
 * {@code GET /} is one HTML page (plain HTML, CSS and a script, no build step, no framework;
 * the file is {@code chat.html} beside this class); the page opens a WebSocket on
 * {@code /chat}, and every message anyone sends goes to every connected page. The page also
 * draws the server's loop at work, once a second: connections, messages per second, how late
 * the loop ran a timer, and callbacks per second ({@link ChatRoom} sends those).
 * Prints {@code listening on 127.0.0.1:PORT} when ready; open that address in a browser.
 *
 * <p>Browsers send their cookies with a WebSocket upgrade from any site, so the upgrade checks
 * the {@code Origin} header: only this server's own page (or a client that sends no origin,
 * like {@code wscat}) may join; another site's page gets 403.
 */
final class Chat {

    static final CommandLine CLI = new CommandLine("chat",
            "a chat room in the browser (one page and a WebSocket), with the loop's figures live")
            .text("--host", "ADDR", "127.0.0.1", "the address to listen on")
            .port(8080);

    /** A chat line is short: a longer message closes its sender's connection with 1009. */
    static final int MAX_MESSAGE_BYTES = 4096;

    private static final byte[] PAGE = page();

    private Chat() {
    }

    static void main(String[] args) throws Exception {
        RunningServer running = start(CLI.parse(args));
        running.announce();
        running.awaitSignal();
    }

    static RunningServer start(CommandLine.Values options) throws IOException {
        String host = options.text("--host");
        LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("chat"));
        ChatRoom room = new ChatRoom(group.loop(0));
        AtomicInteger port = new AtomicInteger();      // known once listening (--port 0 picks one)
        WebSocketOptions ws = WebSocketOptions.defaults()
                .withMaxMessageBytes(MAX_MESSAGE_BYTES)
                .withSendWaterMarks(16 << 10, 64 << 10)
                .withMaxSendBufferBytes(1 << 20)       // a page that far behind is dropped
                .withAllowedOrigin(origin -> origin == null || isOwnPage(origin, host, port.get()));
        Router router = new Router()
                .get("/", request -> request.respond(HttpResponse.bytes(200, "text/html; charset=utf-8", PAGE)))
                .get("/chat", WebSocketUpgrade.handler(ws, room::join));
        RunningServer running = RunningServer.listen(new HttpServer(router), group,
                new InetSocketAddress(host, options.integer("--port")));
        port.set(running.address().getPort());
        return running;
    }

    /** True for {@code http://H:PORT} where H is the address we listen on or a name for loopback. */
    static boolean isOwnPage(String origin, String listenHost, int port) {
        try {
            URI uri = URI.create(origin);
            String h = uri.getHost();
            return "http".equals(uri.getScheme()) && uri.getPort() == port && h != null
                    && (h.equals(listenHost) || Set.of("127.0.0.1", "localhost", "[::1]").contains(h));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] page() {
        try (InputStream in = Chat.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IllegalStateException("chat.html is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
