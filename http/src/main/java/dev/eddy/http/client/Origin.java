package dev.eddy.http.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a connection goes: scheme, host and port. The pool keeps connections per origin,
 * and a redirect that changes the origin drops credentials (the same rule browsers follow),
 * because a connection to one origin must never carry another's secrets.
 *
 * @param scheme "http" or "https" (TLS); connections of the two never mix in the pool
 * @param host   the host as it appears in the URL, lower case; an IPv6 literal keeps its brackets
 * @param port   the port, the scheme's default when the URL has none
 */
public record Origin(String scheme, String host, int port) {

    /**
     * The origin of an absolute http(s) URL.
     *
     * @param uri an absolute http or https URL
     * @return the URL's origin, the default port filled in
     * @throws IllegalArgumentException without a scheme or host, or with a port outside 1-65535
     */
    public static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL with a host: " + uri);
        }
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equals(scheme) ? 443 : 80;
        } else if (port == 0 || port > 65535) {      // java.net.URI takes any number of digits
            throw new IllegalArgumentException("port " + port + " out of range (1-65535) in " + uri);
        }
        return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    /**
     * The value of the Host header: the port only when it is not the scheme's default.
     *
     * @return {@code host} or {@code host:port}
     */
    public String hostHeader() {
        boolean defaultPort = port == ("https".equals(scheme) ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    /**
     * The host name or address to connect to (an IPv6 literal without its brackets).
     *
     * @return the host to resolve or connect to
     */
    public String connectHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader();
    }
}
