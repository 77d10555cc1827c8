package dev.eddy.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trusted proxies as addresses and CIDR blocks, IPv4 and IPv6. */
class TrustedProxiesTest {

    @Test
    void singleAddressesAndBlocks() {
        TrustedProxies t = TrustedProxies.of("127.0.0.1", "10.0.0.0/8", "192.168.4.0/22", "::1", "fd00::/8");
        assertThat(t.trusts(IpLiterals.parse("127.0.0.1"))).isTrue();
        assertThat(t.trusts(IpLiterals.parse("127.0.0.2"))).isFalse();
        assertThat(t.trusts(IpLiterals.parse("10.255.1.2"))).isTrue();
        assertThat(t.trusts(IpLiterals.parse("11.0.0.1"))).isFalse();
        assertThat(t.trusts(IpLiterals.parse("192.168.7.255"))).isTrue();
        assertThat(t.trusts(IpLiterals.parse("192.168.8.0"))).isFalse();
        assertThat(t.trusts(IpLiterals.parse("::1"))).isTrue();
        assertThat(t.trusts(IpLiterals.parse("::2"))).isFalse();
        assertThat(t.trusts(IpLiterals.parse("fdab:1::3"))).isTrue();
        assertThat(t.trusts(IpLiterals.parse("fe00::3"))).isFalse();
        assertThat(t.trusts(null)).isFalse();
        assertThat(t.unixPeers()).isFalse();
        assertThat(TrustedProxies.of("unix").unixPeers()).isTrue();
    }

    @Test
    void familiesNeverMix() {
        assertThat(TrustedProxies.of("0.0.0.0/0").trusts(IpLiterals.parse("::1"))).isFalse();
        assertThat(TrustedProxies.of("::/0").trusts(IpLiterals.parse("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.of("::/0").trusts(IpLiterals.parse("2001:db8::1"))).isTrue();
    }

    @Test
    void aRangeKeepsOnlyItsNetworkBits() {
        assertThat(AddressRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(AddressRange.parse("2001:db8:ffff::1/33")).hasToString("2001:db8:8000:0:0:0:0:0/33");
        assertThat(AddressRange.parse(" 192.0.2.7 ")).isEqualTo(AddressRange.parse("192.0.2.7/32"));
    }

    @Test
    void badEntriesAreRefusedWithTheirText() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8",
                "1.2.3.4/x", "", "300.1.1.1"}) {
            assertThatThrownBy(() -> TrustedProxies.of(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.isEmpty() ? "\"\"" : bad);
        }
    }

    @Test
    void headersMustBeNamedOnceAndAtLeastOnce() {
        assertThatThrownBy(() -> TrustedProxies.of("::1").withHeaders()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.of("::1").withHeaders(ProxyHeader.X_REAL_IP, ProxyHeader.X_REAL_IP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TrustedProxies.none().isEmpty()).isTrue();
        assertThat(TrustedProxies.of("unix").isEmpty()).isFalse();
    }
}
