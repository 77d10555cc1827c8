package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.ClientOptions;
import dev.eddy.http.client.HttpClient;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A tiny curl: fetches one URL and writes the response body to stdout, byte for byte (an
 * image comes out as the image; nothing is decoded as text, nothing is appended).
 *
 * <pre>java -jar examples/target/eddy-examples.jar fetch [-X METHOD] [-H 'Name: value']... [-d body]
 *       [-i] [-f] [--timeout-ms N] [--no-redirects] URL</pre>
 *
 * Like curl, a response is a success whatever its status unless {@code -f} is given; every
 * failure is one line on stderr and a non-zero exit status (the {@code --help} text lists
 * them). The whole program is one {@link IOLoop#runSync} around one {@link HttpClient#fetch}.
 */
final class Fetch {

    /** curl's exit status for {@code -f} and a status of 400 or more; scripts know it. */
    static final int HTTP_ERROR_STATUS = 22;

    static final CommandLine CLI = TlsFlags.client(new CommandLine("fetch",
            "a tiny curl: writes the body of a URL to stdout as raw bytes")
            .text("-X", "METHOD", null, "the request method; default GET, or POST with -d")
            .repeatable("-H", "'NAME: VALUE'", "a request header", Fetch::header)
            .text("-d", "DATA", null, "send DATA as the request body")
            .flag("-i", "write the status line and headers before the body, like curl -i")
            .flag("-f", "fail (status 22, no body) when the status is 400 or more, like curl -f")
            .integer("--timeout-ms", 30_000, 1, 3_600_000, "the limit for the whole exchange, in milliseconds")
            .flag("--no-redirects", "return a redirect instead of following it"),
            "for https, trust exactly the CA certificates in this PEM file (default: the JDK's trust store)")
            .arguments("URL", 1, 1, "an http:// or https:// URL")
            .note("""
                    exit status: 0 when a response arrived, whatever its status (like curl without -f);
                    1 when none did (refused, unknown host, timeout, malformed response);
                    2 for a mistake on the command line, including a malformed URL;
                    22 with -f when the status is 400 or more.""");

    private Fetch() {
    }

    static void main(String[] args) throws Exception {
        CommandLine.Values options = CLI.parse(args);
        ClientRequest request = request(options);
        ClientResponse response;
        try (IOLoop loop = new IOLoop()) {
            HttpClient client = new HttpClient(loop, ClientOptions.defaults(), TlsFlags.clientConfig(CLI, options));
            Duration limit = request.timeout().plusSeconds(1);     // the client's own timeout speaks first
            response = loop.runSync(() -> client.fetch(request), limit);
        } catch (RuntimeException e) {
            throw CLI.failure(1, ProgramExit.describe(e));
        }
        if (options.flag("-f") && response.status() >= 400) {
            throw CLI.failure(HTTP_ERROR_STATUS, "the server answered " + response.status() + " " + response.reason());
        }
        PrintStream out = System.out;
        if (options.flag("-i")) {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                    .append(response.reason()).append("\r\n");
            response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(response.body());
        out.flush();
    }

    /** The request the options describe; a URL or method the client refuses is a usage error. */
    private static ClientRequest request(CommandLine.Values options) {
        String data = options.text("-d");
        String method = options.text("-X") != null ? options.text("-X") : data != null ? "POST" : "GET";
        URI url = url(CLI, options.arguments().get(0));
        try {
            ClientRequest.Builder b = ClientRequest.request(method, url.toString())
                    .timeout(Duration.ofMillis(options.integer("--timeout-ms")))
                    .followRedirects(!options.flag("--no-redirects"));
            for (String[] h : options.<String[]>all("-H")) {
                b.header(h[0], h[1]);
            }
            if (data != null) {
                b.body(data);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw CLI.error(e.getMessage());
        }
    }

    /** Checks a URL before anything starts (scheme, host, a port that can exist); else a usage error of {@code cli}. */
    static URI url(CommandLine cli, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw cli.error("malformed URL '" + text + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("http", "https").contains(scheme)) {
            throw cli.error("URL '" + text + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw cli.error("URL '" + text + "' has no host (or a malformed one)");
        }
        if (uri.getPort() > 65_535) {
            throw cli.error("URL '" + text + "' has port " + uri.getPort() + ", above 65535");
        }
        return uri;
    }

    /** {@code -H 'Name: value'} as {name, value}. */
    private static String[] header(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("needs 'Name: value'");
        }
        return new String[]{text.substring(0, colon).trim(), text.substring(colon + 1).trim()};
    }
}
