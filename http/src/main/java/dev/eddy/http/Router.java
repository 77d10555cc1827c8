package dev.eddy.http;

import dev.eddy.Future;
import dev.eddy.http.internal.Ascii;

import java.util.ArrayList;
import java.util.HashSet;
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
 * <p>Any method can be routed: {@link #route} takes any token ({@code PROPFIND}, {@code QUERY},
 * {@code PURGE}...; methods are case-sensitive), {@link #any} takes every method.
 *
 * <p>No route for the path: 404. A route for the path but not the method: 405 with an
 * {@code Allow} header listing the methods that would work. A method no route serves for
 * any path, and which is not one of the standard methods, is 501 Not Implemented (RFC 9110
 * section 15.6.2: the server does not support it for any resource); the standard ones
 * ({@code GET HEAD POST PUT DELETE OPTIONS TRACE PATCH}) stay 405/404, because a client
 * sending them asks about this resource, not about the server's vocabulary. HEAD falls
 * back to the GET route (the server drops the body).
 *
 * <p>Build it before serving; matching is then read-only and safe on every loop.
 */
public final class Router implements HttpHandler {

    private record Route(String method, String[] segments, HttpHandler handler) {
    }

    /** A router with no routes yet: every request is a 404 until routes are added. */
    public Router() {
    }

    /** Methods answered with 405/404 rather than 501 even when no route names them. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH");
    /** What {@link #any} registers: the route matches every method. */
    private static final String ANY_METHOD = "*";

    private final List<Route> routes = new ArrayList<>();
    /** Every method some route serves; a method outside it (and the standard ones) is 501. */
    private final Set<String> routedMethods = new HashSet<>();
    private boolean anyMethodRouted;
    private HttpHandler notFound = r -> r.respond(HttpResponse.text(404, "Not Found"));

    /**
     * Adds a GET route; HEAD requests for the path use it too.
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router get(String pattern, HttpHandler handler) {
        return route("GET", pattern, handler);
    }

    /**
     * Adds a POST route.
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router post(String pattern, HttpHandler handler) {
        return route("POST", pattern, handler);
    }

    /**
     * Adds a PUT route.
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router put(String pattern, HttpHandler handler) {
        return route("PUT", pattern, handler);
    }

    /**
     * Adds a DELETE route.
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router delete(String pattern, HttpHandler handler) {
        return route("DELETE", pattern, handler);
    }

    /**
     * Adds a PATCH route.
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router patch(String pattern, HttpHandler handler) {
        return route("PATCH", pattern, handler);
    }

    /**
     * A route for every method (the handler looks at {@link HttpRequest#method()} itself).
     *
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router any(String pattern, HttpHandler handler) {
        return route(ANY_METHOD, pattern, handler);
    }

    /**
     * Adds a route for {@code method}: any method token, exactly as clients send it (methods
     * are case-sensitive: {@code GET}, {@code PROPFIND}, {@code M-SEARCH}), or "*" for every
     * method (as {@link #any}).
     *
     * @param method the method token, or "*" for every method
     * @param pattern the path pattern, e.g. {@code /users/{id}}
     * @param handler answers the requests that match
     * @return this router, for chaining
     */
    public Router route(String method, String pattern, HttpHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (!method.equals(ANY_METHOD) && !Ascii.isToken(method)) {
            throw new IllegalArgumentException("not a method token: '" + method + "'");
        }
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
        routedMethods.add(method);
        anyMethodRouted |= method.equals(ANY_METHOD);
        return this;
    }

    /**
     * What answers when no route matches the path (default: 404 text).
     *
     * @param handler answers the requests no route matches
     * @return this router, for chaining
     */
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
        for (int i = 0, n = routes.size(); i < n; i++) {     // indexed: an iterator per request is garbage
            Route r = routes.get(i);
            Map<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            if (r.method.equals(ANY_METHOD) || r.method.equals(request.method())) {
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
        if (!isServed(request.method())) {
            return request.respond(HttpResponse.text(501, "Not Implemented"));
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

    /** True when some route could serve {@code method}, or it is a standard method. */
    private boolean isServed(String method) {
        return anyMethodRouted || routedMethods.contains(method) || STANDARD_METHODS.contains(method);
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
