package dev.eddy.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The proxies whose word an {@link HttpServer} takes about who the client is (Tornado's
 * {@code xheaders}). Behind nginx or HAProxy every connection comes from the proxy; the real
 * client's address and scheme arrive in headers the proxy adds ({@link ProxyHeader}). A
 * server believes those headers only when the connection's peer is in one of these ranges (or
 * is a Unix-domain socket peer and {@code unixPeers} is set); from anyone else they are
 * ignored, so a client cannot claim to be someone else by writing the header itself.
 *
 * <pre>{@code
 * HttpServerOptions.defaults().withTrustedProxies(TrustedProxies.of("127.0.0.1", "::1", "10.0.0.0/8"))
 * }</pre>
 *
 * <p>Through a chain of proxies the client is the rightmost address that is not itself a
 * trusted proxy: every address to its left was written by someone the server cannot vouch
 * for. See {@link HttpRequest#clientAddress()} for the details, malformed values included.
 *
 * <p>Immutable.
 *
 * @param ranges    the addresses and CIDR blocks of the proxies; empty trusts no one
 * @param unixPeers whether a peer on a Unix-domain socket is a trusted proxy (whoever may open
 *                  the socket file: its permissions decide)
 * @param headers   the headers read, in order of preference: the first one present in a
 *                  request is used alone (default {@code X-Forwarded-For}, {@code X-Real-IP},
 *                  {@code Forwarded})
 */
public record TrustedProxies(List<AddressRange> ranges, boolean unixPeers, List<ProxyHeader> headers) {

    private static final List<ProxyHeader> DEFAULT_HEADERS =
            List.of(ProxyHeader.X_FORWARDED_FOR, ProxyHeader.X_REAL_IP, ProxyHeader.FORWARDED);
    private static final TrustedProxies NONE = new TrustedProxies(List.of(), false, DEFAULT_HEADERS);

    /**
     * Copies the lists.
     *
     * @param ranges    the proxies' addresses and blocks; not null
     * @param unixPeers whether Unix-domain socket peers are trusted
     * @param headers   the headers read, in order of preference; not empty, no repeats
     * @throws IllegalArgumentException when {@code headers} is empty or names one twice
     */
    public TrustedProxies {
        ranges = List.copyOf(ranges);
        headers = List.copyOf(headers);
        if (headers.isEmpty() || headers.stream().distinct().count() != headers.size()) {
            throw new IllegalArgumentException("headers must name each proxy header at most once, and one at least: "
                    + headers);
        }
    }

    /**
     * Trusts no one: forwarding headers are never read (the default of a server).
     *
     * @return the empty set of proxies
     */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Trusts the given addresses and blocks; {@code "unix"} stands for every peer on a
     * Unix-domain socket.
     *
     * @param addressesOrRanges {@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code ::1},
     *                          {@code fd00::/8}, {@code unix}
     * @return proxies reading the default headers
     * @throws IllegalArgumentException when an entry is neither an IP literal, a CIDR block nor
     *     {@code unix}
     */
    public static TrustedProxies of(String... addressesOrRanges) {
        List<AddressRange> ranges = new ArrayList<>();
        boolean unix = false;
        for (String s : addressesOrRanges) {
            if (Objects.requireNonNull(s, "address").strip().equals("unix")) {
                unix = true;
            } else {
                ranges.add(AddressRange.parse(s));
            }
        }
        return new TrustedProxies(ranges, unix, DEFAULT_HEADERS);
    }

    /**
     * A copy that reads only {@code headers}, in that order: name exactly the ones your proxy
     * sets (see {@link ProxyHeader} for why).
     *
     * @param headers the headers to read, most preferred first
     * @return the copy
     */
    public TrustedProxies withHeaders(ProxyHeader... headers) {
        return new TrustedProxies(ranges, unixPeers, List.of(headers));
    }

    /**
     * True when no peer is trusted: the server need not look at any header.
     *
     * @return whether the set is empty
     */
    public boolean isEmpty() {
        return ranges.isEmpty() && !unixPeers;
    }

    /**
     * True when {@code address} is one of the proxies.
     *
     * @param address an address; null is never trusted
     * @return whether a range contains it
     */
    public boolean trusts(InetAddress address) {
        for (AddressRange r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
