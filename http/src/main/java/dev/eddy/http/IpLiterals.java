package dev.eddy.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads an IP address written as text ({@code 192.0.2.7}, {@code 2001:db8::1}) without ever
 * asking DNS. The text comes from configuration and, worse, from request headers a client
 * wrote: {@link InetAddress#getByName} would look a name up (a DNS query per request, chosen by
 * the client), so only text that can be nothing but a literal reaches the JDK's parser.
 *
 * <p>Stateless; any thread.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /**
     * The address {@code text} writes, or null when it is not an IP literal. IPv4 is four
     * decimal parts 0-255 without leading zeros (so {@code 010.0.0.1} is not read as octal by
     * one program and as decimal by another); IPv6 is the usual colon form, without brackets
     * and without a zone ({@code %eth0}). An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7})
     * comes back as the IPv4 address, as the JDK reports peers.
     */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            byte[] v4 = parseIpv4(text);
            return v4 == null ? null : byAddress(v4);
        }
        if (text.charAt(0) == '.') {
            return null;        // the JDK parses a literal only when it starts with a hex digit or ':'
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            return InetAddress.getByName(text);     // has a colon: the JDK parses it as IPv6 or throws, never resolves
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;         // -1: no digit yet in this part
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;        // a leading zero
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
