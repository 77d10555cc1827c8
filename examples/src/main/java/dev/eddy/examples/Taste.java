package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.http.HttpResponse;
import dev.eddy.http.HttpServer;
import dev.eddy.http.Router;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The README's "taste" (kept here so it always compiles): one loop serves HTTP, a handler is
 * a coroutine that awaits a backend call and a timer, and the same loop's client asks it.
 * {@code java -jar examples/target/eddy-examples.jar taste}
 */
public final class Taste {

    static final CommandLine CLI = new CommandLine("taste",
            "the README example: a coroutine handler awaiting a backend through the client");

    public static void main(String[] args) throws Exception {
        CLI.parse(args);
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            Router router = new Router()
                    .get("/backend", r -> r.respond(HttpResponse.text(200, "42")))
                    .get("/hello/{name}", r -> Coroutine.async(loop, () -> {
                        ClientResponse answer = Coroutine.await(           // suspends, loop serves others
                                client.fetch("http://" + r.header("Host") + "/backend"));
                        Coroutine.sleep(Duration.ofMillis(10));            // a timer, not a blocked thread
                        return HttpResponse.text(200, "hello " + r.pathParam("name")
                                + ", the answer is " + answer.bodyText());
                    }));
            int port = new HttpServer(router).listen(loop, new InetSocketAddress("127.0.0.1", 0)).getPort();
            String body = loop.runSync(() -> client.fetch("http://127.0.0.1:" + port + "/hello/reader")
                    .map(ClientResponse::bodyText), Duration.ofSeconds(5));
            System.out.println(body);                                      // hello reader, the answer is 42
        }
    }
}
