package dev.eddy.http;

import dev.eddy.http.wire.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a request came from, read from proxy headers: spoofing, chains, malformed values, IPv6. */
class ForwardedHeadersTest {

    private static final TrustedProxies LOCAL_PROXIES = TrustedProxies.of("10.0.0.0/8", "fd00::/8");
    private static final InetSocketAddress PROXY = peer("10.0.0.1", 40000);
    private static final InetSocketAddress STRANGER = peer("198.51.100.7", 40000);

    private static InetSocketAddress peer(String ip, int port) {
        return new InetSocketAddress(IpLiterals.parse(ip), port);
    }

    private static ForwardedHeaders.Client resolve(InetSocketAddress peer, TrustedProxies trusted, String... headers) {
        return ForwardedHeaders.resolve(HttpHeaders.of(headers), peer, false, "http", trusted);
    }

    private static String ip(ForwardedHeaders.Client c) {
        return c.address().getAddress().getHostAddress();
    }

    // ---------------------------------------------------------------- who is believed

    @Test
    void anUntrustedPeerCannotSpoofItsAddressOrScheme() {
        ForwardedHeaders.Client c = resolve(STRANGER, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5",
                "X-Real-IP", "203.0.113.6", "Forwarded", "for=203.0.113.7;proto=https", "X-Forwarded-Proto", "https");
        assertThat(c.address()).isEqualTo(STRANGER);
        assertThat(c.scheme()).isEqualTo("http");
    }

    @Test
    void withNoTrustedProxyTheHeadersAreNeverRead() {
        ForwardedHeaders.Client c = resolve(PROXY, TrustedProxies.none(), "X-Forwarded-For", "203.0.113.5");
        assertThat(c.address()).isEqualTo(PROXY);
    }

    @Test
    void aTrustedPeerNamesTheClientAndTheScheme() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5",
                "X-Forwarded-Proto", "https");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
        assertThat(c.address().getPort()).isZero();
        assertThat(c.scheme()).isEqualTo("https");
    }

    @Test
    void aTrustedPeerWithoutHeadersIsTheClient() {
        assertThat(resolve(PROXY, LOCAL_PROXIES).address()).isEqualTo(PROXY);
    }

    // ---------------------------------------------------------------- chains

    @Test
    void theClientIsTheRightmostUntrustedHop() {
        // the client wrote "1.1.1.1" itself; the proxy appended the address it really saw
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES,
                "X-Forwarded-For", "1.1.1.1, 203.0.113.5, 10.0.0.2");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
    }

    @Test
    void severalHeaderLinesAreOneList() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES,
                "X-Forwarded-For", "1.1.1.1", "X-Forwarded-For", "203.0.113.5, 10.0.0.9");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
    }

    @Test
    void whenEveryHopIsTrustedTheFarthestIsTheClient() {
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "10.1.1.1, 10.0.0.2"))).isEqualTo("10.1.1.1");
    }

    @Test
    void oneProtoPerHopGivesTheSchemeOfTheClientsHop() {
        // the first proxy terminated TLS (https), the second spoke plain HTTP to the first
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES,
                "X-Forwarded-For", "203.0.113.5, 10.0.0.2", "X-Forwarded-Proto", "https, http");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
        assertThat(c.scheme()).isEqualTo("https");
    }

    @Test
    void withoutOneProtoPerHopTheNearestProxysProtoCounts() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES,
                "X-Forwarded-For", "1.1.1.1, 203.0.113.5", "X-Forwarded-Proto", "HTTPS");
        assertThat(c.scheme()).isEqualTo("https");
    }

    @Test
    void rfc7239ForwardedWalksItsElementsWithTheirProtos() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES, "Forwarded",
                "for=1.1.1.1;proto=http, For=\"203.0.113.5:4711\";Proto=https;by=10.0.0.2, for=10.0.0.3;proto=http");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
        assertThat(c.address().getPort()).isEqualTo(4711);
        assertThat(c.scheme()).isEqualTo("https");
    }

    @Test
    void theFirstHeaderPresentInTheConfiguredOrderIsUsedAlone() {
        String[] headers = {"X-Forwarded-For", "203.0.113.5", "X-Real-IP", "203.0.113.6", "Forwarded", "for=203.0.113.7"};
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES, headers))).isEqualTo("203.0.113.5");
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES.withHeaders(ProxyHeader.X_REAL_IP), headers))).isEqualTo("203.0.113.6");
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES.withHeaders(ProxyHeader.FORWARDED, ProxyHeader.X_REAL_IP), headers)))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void aHeaderTheProxyDoesNotSetIsNotRead() {
        // the proxy sets only X-Real-IP; the client's own X-Forwarded-For passes through unread
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES.withHeaders(ProxyHeader.X_REAL_IP),
                "X-Forwarded-For", "1.1.1.1");
        assertThat(c.address()).isEqualTo(PROXY);
    }

    @Test
    void xRealIpWithXForwardedProto() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES, "X-Real-IP", " 203.0.113.6 ",
                "X-Forwarded-Proto", "https");
        assertThat(ip(c)).isEqualTo("203.0.113.6");
        assertThat(c.scheme()).isEqualTo("https");
    }

    // ---------------------------------------------------------------- malformed values

    @Test
    void garbageAtTheNearestHopLeavesThePeer() {
        for (String bad : new String[] {"", "   ", "unknown", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4", "1.2.3.4:", "1.2.3.4:99999", "[::1", "[1.2.3.4]", "fe80::1%eth0", "::1::2", ".:1"}) {
            assertThat(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5, " + bad).address())
                    .as("X-Forwarded-For ending in \"%s\"", bad).isEqualTo(PROXY);
        }
    }

    @Test
    void garbageFartherOutStopsTheWalkAtTheLastAddressNamed() {
        // 10.0.0.2 is a trusted proxy that reported an unreadable client: 10.0.0.2 is all we know
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5, bogus, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5,, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
    }

    @Test
    void malformedForwardedElementsAreUnreadableHops() {
        for (String bad : new String[] {"for=", "for", "for=\"203.0.113.5", "for=unknown", "for=_hidden",
                "for=[2001:db8::1]", "proto=https", "for=1.1.1.1;for=2.2.2.2", "for=1.1.1.1 junk", "=1.1.1.1",
                "f o r=1.1.1.1"}) {
            assertThat(resolve(PROXY, LOCAL_PROXIES, "Forwarded", bad).address())
                    .as("Forwarded: %s", bad).isEqualTo(PROXY);
        }
    }

    @Test
    void unknownProtosAreIgnored() {
        assertThat(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "gopher")
                .scheme()).isEqualTo("http");
        assertThat(resolve(PROXY, LOCAL_PROXIES, "Forwarded", "for=203.0.113.5;proto=ftp").scheme()).isEqualTo("http");
    }

    @Test
    void anObfuscatedPortIsZeroAndAQuotedPairMayHoldCommasAndEscapes() {
        ForwardedHeaders.Client c = resolve(PROXY, LOCAL_PROXIES,
                "Forwarded", "for=\"203.0.113.5:_p1\";ext=\"a,b\\\"c\"");
        assertThat(ip(c)).isEqualTo("203.0.113.5");
        assertThat(c.address().getPort()).isZero();
    }

    // ---------------------------------------------------------------- IPv6

    @Test
    void ipv6InEveryWritingAndIpv6Proxies() {
        InetSocketAddress v6Proxy = peer("fd00::1", 40000);
        assertThat(ip(resolve(v6Proxy, LOCAL_PROXIES, "X-Forwarded-For", "2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(ip(resolve(v6Proxy, LOCAL_PROXIES, "X-Forwarded-For", "[2001:db8::5]"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        ForwardedHeaders.Client c = resolve(v6Proxy, LOCAL_PROXIES, "Forwarded", "for=\"[2001:db8::5]:443\", for=\"[fd00::2]\"");
        assertThat(ip(c)).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(c.address().getPort()).isEqualTo(443);
        assertThat(ip(resolve(v6Proxy, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5, fd12::9"))).isEqualTo("203.0.113.5");
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Address() {
        assertThat(ip(resolve(PROXY, LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5, ::ffff:10.0.0.2")))
                .isEqualTo("203.0.113.5");
        assertThat(resolve(peer("::ffff:10.0.0.1", 1), LOCAL_PROXIES, "X-Forwarded-For", "203.0.113.5").address()
                .getAddress()).isEqualTo(IpLiterals.parse("203.0.113.5"));
    }

    // ---------------------------------------------------------------- Unix-domain peers

    @Test
    void aUnixPeerIsTrustedOnlyWhenSaidSo() {
        HttpHeaders h = HttpHeaders.of("X-Forwarded-For", "203.0.113.5");
        assertThat(ForwardedHeaders.resolve(h, null, true, "http", TrustedProxies.of("unix")).address().getAddress())
                .isEqualTo(IpLiterals.parse("203.0.113.5"));
        assertThat(ForwardedHeaders.resolve(h, null, true, "http", TrustedProxies.of("127.0.0.1")).address()).isNull();
    }

    @Test
    void literalsNeverResolveNames() throws Exception {
        assertThat(IpLiterals.parse("localhost")).isNull();
        assertThat(IpLiterals.parse("cafe")).isNull();                    // hex digits, but no colon: not IPv6
        assertThat(IpLiterals.parse("::1")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(IpLiterals.parse("0.0.0.0")).isEqualTo(InetAddress.getByName("0.0.0.0"));
    }
}
