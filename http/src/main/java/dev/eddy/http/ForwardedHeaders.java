package dev.eddy.http;

import dev.eddy.http.wire.HttpHeaders;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Works out who a request really came from when it arrived through proxies: reads the
 * headers a trusted proxy added ({@link ProxyHeader}) and walks the chain of hops they
 * describe from the nearest one outwards.
 *
 * <pre>
 *   X-Forwarded-For: 203.0.113.9, 198.51.100.4, 10.0.0.2        peer: 10.0.0.1 (trusted)
 *                    client?      proxy?        proxy?
 *   walk right to left: 10.0.0.2 trusted -> go on; 198.51.100.4 not trusted -> the client.
 * </pre>
 *
 * The walk stops at the first address that is not a trusted proxy: everything to its left
 * was written by that untrusted party and may be invented. It also stops at a hop it cannot
 * read (garbage, {@code unknown}, an obfuscated RFC 7239 name): then the client is the
 * nearest party it could name, the hop to the right of the unreadable one, or the peer
 * itself. A bad header never fails the request; at worst the proxy's address is reported.
 *
 * <p>Runs only when a handler asks ({@link HttpRequest#clientAddress()},
 * {@link HttpRequest#scheme()}) and only for a trusted peer; nothing on the path of a request
 * that never asks. Stateless; any thread.
 */
final class ForwardedHeaders {

    /** Where a request came from: the client's address (port 0 when unknown) and scheme. */
    record Client(InetSocketAddress address, String scheme) {
    }

    /** One hop of a chain: the address a proxy received the request from, and over which scheme. */
    private record Hop(InetSocketAddress address, String scheme) {
        static final Hop UNREADABLE = new Hop(null, null);
    }

    private ForwardedHeaders() {
    }

    /**
     * The client of a request whose connection's peer is {@code peer}.
     *
     * @param headers    the request's headers
     * @param peer       the peer's address, null when it is not an IP peer
     * @param unixPeer   true when the connection is a Unix-domain socket
     * @param peerScheme "https" over TLS, else "http"
     * @param trusted    whose headers to believe
     */
    static Client resolve(HttpHeaders headers, InetSocketAddress peer, boolean unixPeer, String peerScheme,
                          TrustedProxies trusted) {
        Client direct = new Client(peer, peerScheme);
        boolean peerTrusted = unixPeer ? trusted.unixPeers() : peer != null && trusted.trusts(peer.getAddress());
        if (!peerTrusted) {
            return direct;
        }
        for (ProxyHeader h : trusted.headers()) {
            List<String> values = headers.getAll(h.headerName());
            if (values.isEmpty()) {
                continue;
            }
            return switch (h) {
                case X_FORWARDED_FOR -> forwardedFor(values, headers, direct, trusted);
                case X_REAL_IP -> realIp(values.get(values.size() - 1), headers, direct);
                case FORWARDED -> walk(forwardedElements(values), direct, trusted);
            };
        }
        return direct;
    }

    // ------------------------------------------------------------------ the de facto headers

    /**
     * {@code X-Forwarded-For}, with schemes from {@code X-Forwarded-Proto}: one per hop when
     * the proxies appended one each (the counts match), else the nearest proxy's (the last).
     */
    private static Client forwardedFor(List<String> values, HttpHeaders headers, Client direct,
                                       TrustedProxies trusted) {
        List<String> addresses = commaList(values);
        List<String> protos = commaList(headers.getAll("X-Forwarded-Proto"));
        boolean onePerHop = protos.size() == addresses.size();
        List<Hop> hops = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = node(addresses.get(i));
            hops.add(a == null ? Hop.UNREADABLE : new Hop(a, onePerHop ? scheme(protos.get(i)) : null));
        }
        Client start = onePerHop ? direct : withScheme(direct, protos);
        return walk(hops, start, trusted);
    }

    /** {@code X-Real-IP}: one address, set by the proxy; the scheme from {@code X-Forwarded-Proto}. */
    private static Client realIp(String value, HttpHeaders headers, Client direct) {
        Client viaProxy = withScheme(direct, commaList(headers.getAll("X-Forwarded-Proto")));
        InetSocketAddress a = node(value.strip());
        return a == null ? viaProxy : new Client(a, viaProxy.scheme());
    }

    private static Client withScheme(Client c, List<String> protos) {
        String s = protos.isEmpty() ? null : scheme(protos.get(protos.size() - 1));
        return s == null ? c : new Client(c.address(), s);
    }

    /** The comma-separated items of every line of a header, trimmed, empty ones kept (as unreadable hops). */
    private static List<String> commaList(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String v : values) {
            int start = 0;
            for (int i = 0; i <= v.length(); i++) {
                if (i == v.length() || v.charAt(i) == ',') {
                    items.add(v.substring(start, i).strip());
                    start = i + 1;
                }
            }
        }
        return items;
    }

    // ------------------------------------------------------------------ the walk

    /**
     * From the nearest hop outwards: a trusted proxy's hop is passed, the first untrusted
     * address is the client, an unreadable hop ends the walk at the last party named.
     */
    private static Client walk(List<Hop> hops, Client direct, TrustedProxies trusted) {
        Client last = direct;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Hop hop = hops.get(i);
            if (hop.address() == null) {
                return last;
            }
            last = new Client(hop.address(), hop.scheme() != null ? hop.scheme() : last.scheme());
            if (!trusted.trusts(hop.address().getAddress())) {
                return last;
            }
        }
        return last;        // every hop a trusted proxy: the farthest one is all we know
    }

    // ------------------------------------------------------------------ RFC 7239 Forwarded

    /**
     * The elements of every {@code Forwarded} line, in order: {@code for=...;proto=...},
     * separated by commas outside quoted strings. An element that does not parse, or has no
     * {@code for}, is unreadable.
     */
    private static List<Hop> forwardedElements(List<String> values) {
        List<Hop> hops = new ArrayList<>();
        for (String v : values) {
            int i = 0;
            while (i <= v.length()) {
                int end = elementEnd(v, i);
                hops.add(element(v.substring(i, end)));
                i = end + 1;
            }
        }
        return hops;
    }

    /** The index of the comma ending the element that starts at {@code from} (or the length). */
    private static int elementEnd(String v, int from) {
        boolean quoted = false;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return v.length();
    }

    /** One element: {@code pair *( ";" pair )}, a pair being {@code token "=" ( token / quoted-string )}. */
    private static Hop element(String e) {
        String forValue = null;
        String proto = null;
        int i = 0;
        int n = e.length();
        while (true) {
            while (i < n && (e.charAt(i) == ' ' || e.charAt(i) == '\t')) {
                i++;
            }
            int eq = e.indexOf('=', i);
            if (eq < 0) {
                return Hop.UNREADABLE;
            }
            String name = e.substring(i, eq).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !isToken(name)) {
                return Hop.UNREADABLE;
            }
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < n && e.charAt(i) == '"') {
                i++;
                while (i < n && e.charAt(i) != '"') {
                    if (e.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(e.charAt(i++));
                }
                if (i == n) {
                    return Hop.UNREADABLE;      // no closing quote
                }
                i++;
            } else {
                while (i < n && e.charAt(i) != ';' && e.charAt(i) != ' ' && e.charAt(i) != '\t') {
                    value.append(e.charAt(i++));
                }
                if (value.length() == 0 || !isToken(value)) {
                    return Hop.UNREADABLE;
                }
            }
            if (name.equals("for")) {
                if (forValue != null) {
                    return Hop.UNREADABLE;      // twice in one element: which one?
                }
                forValue = value.toString();
            } else if (name.equals("proto")) {
                proto = scheme(value.toString());
            }
            while (i < n && (e.charAt(i) == ' ' || e.charAt(i) == '\t')) {
                i++;
            }
            if (i == n) {
                break;
            }
            if (e.charAt(i) != ';') {
                return Hop.UNREADABLE;
            }
            i++;
        }
        InetSocketAddress a = forValue == null ? null : node(forValue);
        return a == null ? Hop.UNREADABLE : new Hop(a, proto);
    }

    /** RFC 9110 token characters. */
    private static boolean isToken(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ one address

    /**
     * An address as proxies write it: {@code 192.0.2.7}, {@code 192.0.2.7:4711},
     * {@code 2001:db8::1}, {@code [2001:db8::1]}, {@code [2001:db8::1]:4711}; an obfuscated
     * port ({@code _abc}) reads as 0. Null for anything else ({@code unknown}, {@code _hidden},
     * garbage).
     */
    static InetSocketAddress node(String s) {
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || s.indexOf(':') < 0) {
                return null;
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    return null;
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && colon == s.lastIndexOf(':')) {      // one colon: IPv4 and a port
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
        }
        InetAddress address = IpLiterals.parse(host);
        if (address == null) {
            return null;
        }
        int p = port == null ? 0 : port(port);
        return p < 0 ? null : new InetSocketAddress(address, p);
    }

    /** A port 0-65535, 0 for an obfuscated one ({@code _x}), -1 when unreadable. */
    private static int port(String s) {
        if (s.startsWith("_") && s.length() > 1 && isToken(s)) {
            return 0;
        }
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p <= 65535 ? p : -1;
    }

    /** "http" or "https" (any case in the header), else null: other values are not believed. */
    private static String scheme(String s) {
        String t = s.strip();
        if (t.equalsIgnoreCase("https")) {
            return "https";
        }
        return t.equalsIgnoreCase("http") ? "http" : null;
    }
}
