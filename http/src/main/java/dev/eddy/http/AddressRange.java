package dev.eddy.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one
 * address ({@code 127.0.0.1} is {@code 127.0.0.1/32}). What {@link TrustedProxies} is made of.
 *
 * <p>Immutable. An IPv4 range never contains an IPv6 address and the other way round; an
 * IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) counts as the IPv4 address it maps, the
 * way the JDK reports such a peer.
 *
 * @param network      the first address of the block (host bits zero)
 * @param prefixLength how many leading bits every address of the block shares: 0-32 for IPv4,
 *                     0-128 for IPv6
 */
public record AddressRange(InetAddress network, int prefixLength) {

    /**
     * Checks the components and clears the host bits of {@code network}.
     *
     * @param network      an address of the block; its bits past the prefix are ignored
     * @param prefixLength 0-32 for an IPv4 network, 0-128 for IPv6
     * @throws IllegalArgumentException when the prefix is out of range for the address family
     */
    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-" + bits
                    + " for " + network.getHostAddress());
        }
        network = masked(network, prefixLength);
    }

    /**
     * Reads {@code ADDRESS} or {@code ADDRESS/PREFIX}; the address must be an IP literal (a
     * host name is refused: a range that changed with DNS would be no boundary of trust).
     *
     * @param text {@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}
     * @return the range
     * @throws IllegalArgumentException when {@code text} is not an IP literal with an optional
     *     prefix length in range
     */
    public static AddressRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int slash = t.indexOf('/');
        InetAddress address = IpLiterals.parse(slash < 0 ? t : t.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: \"" + text + "\"");
        }
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new AddressRange(address, bits);
        }
        String prefix = t.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a prefix length in \"" + text + "\"");
        }
        int length = Integer.parseInt(prefix);
        if (length > bits) {
            throw new IllegalArgumentException("prefix length out of range 0-" + bits + " in \"" + text + "\"");
        }
        return new AddressRange(address, length);
    }

    /**
     * True when {@code address} lies in this block.
     *
     * @param address any address; null is in no block
     * @return whether the first {@code prefixLength} bits of {@code address} are the network's
     */
    public boolean contains(InetAddress address) {
        if (address == null || (address instanceof Inet4Address) != (network instanceof Inet4Address)) {
            return false;
        }
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        return rest == 0 || ((a[full] ^ n[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
