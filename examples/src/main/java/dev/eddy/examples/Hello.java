package dev.eddy.examples;

import dev.eddy.LoopOptions;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.net.LoopGroup;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The TechEmpower-style demo server:
 * {@code java -jar examples/target/eddy-examples.jar hello --port 8080 [--loops K]}.
 * {@code GET /plaintext} answers {@code Hello, World!} (text/plain), {@code GET /json}
 * answers {@code {"message":"Hello, World!"}} (application/json), keep-alive.
 */
public final class Hello {

    private static final byte[] PLAIN = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private Hello() {
    }

    /** The routes, shared by every loop. */
    static Router router() {
        return new Router()
                .get("/plaintext", r -> r.respond(HttpResponse.bytes(200, "text/plain", PLAIN)))
                .get("/json", r -> r.respond(HttpResponse.json(200, "{\"message\":\"Hello, World!\"}")));
    }

    public static void main(String[] args) throws Exception {
        int port = Args.intOption(args, "--port", 8080);
        int loops = Args.intOption(args, "--loops", 1);
        LoopGroup group = new LoopGroup(loops, LoopOptions.defaults().withName("hello"));
        HttpServer server = new HttpServer(router());
        InetSocketAddress bound = server.listen(group, new InetSocketAddress("0.0.0.0", port));
        System.out.println("hello: listening on " + bound + " with " + loops + " loop(s); try GET /plaintext or /json");
        Args.awaitShutdown(server, group);
    }
}
