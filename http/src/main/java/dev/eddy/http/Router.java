package dev.eddy.http;

import dev.eddy.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small router: method + path pattern to handler. Patterns are literal segments and named
 * parameters: {@code /users/{id}/posts} matches {@code /users/42/posts} with
 * {@code request.pathParam("id")} = "42" (percent-decoded). Routes are tried in the order
 * they were added; the first match wins.
 *
 * <p>No route for the path: 404. A route for the path but not the method: 405 with an
 * {@code Allow} header listing the methods that would work. HEAD falls back to the GET
 * route (the server drops the body).
 *
 * <p>Build it before serving; matching is then read-only and safe on every loop.
 */
public final class Router implements HttpHandler {

    private record Route(String method, String[] segments, HttpHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private HttpHandler notFound = r -> r.respond(HttpResponse.text(404, "Not Found"));

    public Router get(String pattern, HttpHandler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, HttpHandler handler) {
        return route("POST", pattern, handler);
    }

    public Router put(String pattern, HttpHandler handler) {
        return route("PUT", pattern, handler);
    }

    public Router delete(String pattern, HttpHandler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Adds a route; {@code method} is upper case (GET, POST, ...) or "*" for any. */
    public Router route(String method, String pattern, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with '/': " + pattern);
        }
        String[] segments = split(pattern);
        for (String s : segments) {
            if (s.startsWith("{") != s.endsWith("}") || (s.startsWith("{") && s.length() < 3)) {
                throw new IllegalArgumentException("malformed parameter '" + s + "' in " + pattern);
            }
        }
        routes.add(new Route(method, segments, handler));
        return this;
    }

    /** What answers when no route matches the path (default: 404 text). */
    public Router notFound(HttpHandler handler) {
        this.notFound = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public Future<HttpResponse> handle(HttpRequest request) throws Exception {
        String path = request.path();
        Set<String> allowed = null;
        Route headFallback = null;
        Map<String, String> headParams = null;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            if (r.method.equals("*") || r.method.equals(request.method())) {
                request.pathParams(params);
                return r.handler.handle(request);
            }
            if (headFallback == null && r.method.equals("GET") && request.method().equals("HEAD")) {
                headFallback = r;
                headParams = params;
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(r.method);
        }
        if (headFallback != null) {
            request.pathParams(headParams);
            return headFallback.handler.handle(request);
        }
        if (allowed == null) {
            return notFound.handle(request);
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return request.respond(HttpResponse.text(405, "Method Not Allowed")
                .header("Allow", String.join(", ", allowed)));
    }

    /** The segments of a pattern: {@code /a/{id}} gives ["a", "{id}"]; "/" gives none. */
    private static String[] split(String path) {
        if (path.equals("/") || path.isEmpty()) {
            return new String[0];
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.split("/", -1);
    }

    /**
     * Matches {@code path} against the pattern's segments without splitting the path (no
     * allocation unless there are parameters): walks the path segment by segment.
     *
     * @return the decoded parameters (empty map when none), or null when it does not match
     */
    private static Map<String, String> match(String[] pattern, String path) {
        int pos = path.startsWith("/") ? 1 : 0;
        int n = path.length();
        if (pattern.length == 0) {
            return pos >= n ? Map.of() : null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            if (pos > n) {
                return null;            // the path has fewer segments
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = n;
            }
            String p = pattern[i];
            if (p.startsWith("{")) {
                if (end == pos) {
                    return null;        // an empty segment is not a parameter value
                }
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(p.substring(1, p.length() - 1), UrlEncoded.decode(path.substring(pos, end), false));
            } else if (end - pos != p.length() || !path.startsWith(p, pos)) {
                return null;
            }
            pos = end + 1;
        }
        return pos > n ? (params == null ? Map.of() : params) : null;   // no segments left over
    }
}
