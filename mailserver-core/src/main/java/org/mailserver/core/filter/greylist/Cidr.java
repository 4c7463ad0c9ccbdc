package org.mailserver.core.filter.greylist;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); a bare address is /32 or /128. */
public record Cidr(byte[] network, int bits, String text) {

    /** Parses a literal; throws {@link IllegalArgumentException} for anything else (no DNS lookup is made). */
    public static Cidr parse(String s) {
        String[] parts = s.strip().split("/", 2);
        if (!parts[0].matches("[0-9A-Fa-f:.]+") || !(parts[0].contains(":") || parts[0].matches("[0-9.]+"))) {
            throw new IllegalArgumentException("not a network: " + s);
        }
        try {
            byte[] a = InetAddress.getByName(parts[0]).getAddress();
            int max = a.length * 8;
            int bits = parts.length == 1 ? max : Integer.parseInt(parts[1]);
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length out of range: " + s);
            }
            return new Cidr(a, bits, s.strip());
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a network: " + s);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
