package dev.eddy.examples;

import dev.eddy.LoopOptions;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.websocket.WebSocketUpgrade;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@code java -jar examples/target/eddy-examples.jar ws-echo [--port N]}: a WebSocket server
 * that sends every message it receives on {@code /echo} straight back, text as text and binary
 * as binary. Prints {@code listening on 127.0.0.1:PORT} when ready.
 *
 * <p>The route is an ordinary route of the HTTP server; {@link WebSocketUpgrade} answers the
 * upgrade there, and each accepted connection gets the little loop in {@link #echo}: receive,
 * send back, and only then receive again, so a client that does not read what comes back
 * soon stops being read itself (back-pressure, not a growing buffer).
 */
final class WsEcho {

    static final CommandLine CLI = TlsFlags.server(new CommandLine("ws-echo",
            "WebSocket echo server: every message on /echo comes back as it came (wss:// with --tls-cert)")
            .text("--host", "ADDR", "127.0.0.1", "the address to listen on")
            .port(8080));

    private WsEcho() {
    }

    /** Receives, sends the message back, and again, until the connection ends. */
    static void echo(WebSocket ws) {
        ws.receive().whenComplete((message, closed) -> {
            if (closed != null) {
                return;         // the peer closed (or broke the protocol): closed() has the details
            }
            var sent = message instanceof WebSocketMessage.Text t ? ws.send(t.text())
                    : ws.send(((WebSocketMessage.Binary) message).data());
            sent.whenComplete((v, failure) -> {
                if (failure == null) {
                    echo(ws);
                }
            });
        });
    }

    static void main(String[] args) throws Exception {
        RunningServer running = start(CLI.parse(args));
        running.announce();
        running.awaitSignal();
    }

    static RunningServer start(CommandLine.Values options) throws IOException {
        TlsServerConfig tls = TlsFlags.serverConfig(CLI, options);      // before the loop: a bad file starts nothing
        Router router = new Router().get("/echo", WebSocketUpgrade.handler(WebSocketOptions.defaults(), WsEcho::echo));
        LoopGroup group = new LoopGroup(1, LoopOptions.defaults().withName("ws-echo"));
        return RunningServer.listen(new HttpServer(router), group,
                new InetSocketAddress(options.text("--host"), options.integer("--port")), tls);
    }
}
