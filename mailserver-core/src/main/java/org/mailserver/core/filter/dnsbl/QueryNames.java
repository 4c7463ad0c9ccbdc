package org.mailserver.core.filter.dnsbl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/** The DNS names asked of a DNSBL or RHSBL zone (RFC 5782 2). Pure functions. */
public final class QueryNames {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private QueryNames() {
    }

    /**
     * The name listing {@code client} under {@code zone}: RFC 5782 2.1, the IPv4 octets reversed
     * ({@code 2.0.0.127.zone}); RFC 5782 2.4, the 32 nibbles of an IPv6 address reversed, as in
     * ip6.arpa ({@code 1.0.0.0....8.b.d.0.1.0.0.2.zone}). An IPv4-mapped IPv6 address is asked as IPv4.
     */
    public static String forAddress(InetAddress client, String zone) {
        byte[] b = client.getAddress();
        StringBuilder sb = new StringBuilder(72 + zone.length());
        if (client instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
        } else if (client instanceof Inet6Address) {
            for (int i = 15; i >= 0; i--) {
                sb.append(HEX[b[i] & 0x0f]).append('.').append(HEX[(b[i] >> 4) & 0x0f]).append('.');
            }
        }
        return sb.append(zone).append('.').toString();
    }

    /**
     * The name listing {@code domain} under an RHSBL {@code zone} (RFC 5782 2.3: the domain
     * prepended to the zone), or null when the result would not be a valid DNS name (a label over
     * 63 octets or a name over 253), or the domain is an address literal or has no dot.
     */
    public static String forDomain(String domain, String zone) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.startsWith("[") || d.indexOf('.') < 0 || d.startsWith(".") || d.contains("..")
                || d.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return null;
        }
        for (String label : d.split("\\.")) {
            if (label.length() > 63 || !label.matches("[a-z0-9_-]+")) {
                return null;
            }
        }
        String name = d + "." + zone;
        return name.length() > 253 ? null : name + ".";
    }

    /** The domain of an address ({@code user@domain}), or null for the null sender or no domain. */
    public static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1);
    }
}
