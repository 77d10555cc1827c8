package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpClient;

import java.time.Duration;

/**
 * A tiny curl: fetches one URL and prints the status line, the headers and the body.
 *
 * <pre>java -jar examples/target/eddy-examples.jar fetch [-X METHOD] [-H 'Name: value']... [-d body]
 *       [--timeout-ms N] [--no-redirects] URL</pre>
 *
 * The whole program is one {@link IOLoop#runSync} around one {@link HttpClient#fetch}; errors
 * (refused, timed out, malformed) are printed with their class name, which says which one it was.
 */
final class Fetch {

    private Fetch() {
    }

    static void main(String[] args) {
        String method = "GET";
        String url = null;
        String data = null;
        long timeoutMs = 30_000;
        boolean redirects = true;
        java.util.List<String[]> headers = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-X" -> method = args[++i];
                case "-d" -> data = args[++i];
                case "-H" -> {
                    String h = args[++i];
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("-H needs 'Name: value', not '" + h + "'");
                    }
                    headers.add(new String[]{h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
                }
                case "--timeout-ms" -> timeoutMs = Long.parseLong(args[++i]);
                case "--no-redirects" -> redirects = false;
                default -> url = args[i];
            }
        }
        if (url == null) {
            System.err.println("usage: fetch [-X METHOD] [-H 'Name: value']... [-d body] [--timeout-ms N] [--no-redirects] URL");
            System.exit(2);
        }
        ClientRequest.Builder b = ClientRequest.request(data != null && method.equals("GET") ? "POST" : method, url)
                .timeout(Duration.ofMillis(timeoutMs)).followRedirects(redirects);
        headers.forEach(h -> b.header(h[0], h[1]));
        if (data != null) {
            b.body(data);
        }
        ClientRequest request = b.build();
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop);
            ClientResponse r = loop.runSync(() -> client.fetch(request), Duration.ofMillis(timeoutMs + 1000));
            System.out.println("HTTP/1.1 " + r.status() + " " + r.reason()
                    + (r.redirects() > 0 ? "   (after " + r.redirects() + " redirects: " + r.url() + ")" : ""));
            r.headers().forEach((name, value) -> System.out.println(name + ": " + value));
            System.out.println();
            System.out.println(r.bodyText());
        } catch (RuntimeException e) {
            System.err.println("fetch failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
