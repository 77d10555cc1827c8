package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.LoopOptions;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.net.LoopGroup;
import dev.eddy.tls.TlsServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The TechEmpower-style demo server:
 * {@code java -jar examples/target/eddy-examples.jar hello [--host 127.0.0.1] [--port 8080] [--loops K] [--tls-cert CHAIN.pem --tls-key KEY.pem]}.
 * {@code GET /plaintext} answers {@code Hello, World!} (text/plain), {@code GET /json}
 * answers {@code {"message":"Hello, World!"}} (application/json), keep-alive. It listens on
 * loopback unless {@code --host} says otherwise: a demo should not be reachable from the
 * network by surprise.
 */
public final class Hello {

    static final CommandLine CLI = TlsFlags.server(new CommandLine("hello",
            "HTTP demo server: GET /plaintext and GET /json")
            .text("--host", "ADDR", "127.0.0.1", "the address to listen on (0.0.0.0 for every interface)")
            .port(8080)
            .integer("--loops", 1, 1, 256, "event loops, one thread each"));

    private static final byte[] PLAIN = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private Hello() {
    }

    /** The routes, shared by every loop. */
    static Router router() {
        return new Router()
                .get("/plaintext", Hello::plaintext)
                .get("/json", r -> r.respond(HttpResponse.json(200, "{\"message\":\"Hello, World!\"}")));
    }

    /** {@code Hello, World!} as text/plain (the {@code echo} example answers it too). */
    static Future<HttpResponse> plaintext(HttpRequest request) {
        return request.respond(HttpResponse.bytes(200, "text/plain", PLAIN));
    }

    public static void main(String[] args) throws Exception {
        RunningServer running = start(CLI.parse(args));
        System.out.println("hello: listening on " + running.address() + " with " + running.group().size()
                + " loop(s); try GET /plaintext or /json");
        running.awaitSignal();
    }

    /** Listens as the options say; returns once the socket is bound. */
    static RunningServer start(CommandLine.Values options) throws IOException {
        TlsServerConfig tls = TlsFlags.serverConfig(CLI, options);      // before the loops: a bad file starts nothing
        LoopGroup group = new LoopGroup(options.integer("--loops"), LoopOptions.defaults().withName("hello"));
        return RunningServer.listen(new HttpServer(router()), group,
                new InetSocketAddress(options.text("--host"), options.integer("--port")), tls);
    }
}
