package org.mailserver.core.filter.spf;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Client addresses as SPF sees them: parsing, network matching and the textual forms of the macros. Pure. */
final class SpfAddresses {
    /** RFC 7208 5.6: {@code qnum = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35}. */
    private static final Pattern QNUM = Pattern.compile("0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5]");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private SpfAddresses() {
    }

    /** RFC 7208 5/9/2 (5.6): an IPv4-mapped IPv6 client ({@code ::ffff:192.0.2.1}) is treated as IPv4. */
    static InetAddress normalize(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && Arrays.equals(Arrays.copyOf(b, 12), MAPPED_PREFIX)) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    /** An {@code ip4-network} in strict dotted-quad form (RFC 7208 5.6/4: no omitted parts), or null. */
    static byte[] parseIp4(String s) {
        String[] q = s.split("\\.", -1);
        if (q.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!QNUM.matcher(q[i]).matches()) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(q[i]);
        }
        return out;
    }

    /** An {@code ip6-network} (RFC 4291 2.2 text) as its 16 bytes, an IPv4-mapped one kept as IPv6; or null. */
    static byte[] parseIp6(String s) {
        if (s.isEmpty() || !s.matches("[0-9A-Fa-f:.]+") || !NetUtil.isValidIpV6Address(s)) {
            return null;
        }
        byte[] b;
        try {
            b = InetAddress.getByName(s).getAddress(); // a valid literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
        if (b.length == 4) { // Java turns ::ffff:a.b.c.d into IPv4; the network stays an IPv6 one
            byte[] mapped = Arrays.copyOf(MAPPED_PREFIX, 16);
            System.arraycopy(b, 0, mapped, 12, 4);
            return mapped;
        }
        return b;
    }

    /** Whether {@code ip} is in {@code network/prefix}; addresses of different families never match. */
    static boolean inNetwork(byte[] ip, byte[] network, int prefix) {
        if (ip.length != network.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < ip.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((ip[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code i} macro (RFC 7208 7.3): dotted quad, or 32 dot-separated lower-case nibbles for IPv6. */
    static String dotted(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        StringBuilder sb = new StringBuilder(63);
        for (byte x : a.getAddress()) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(HEX[(x >> 4) & 0x0f]).append('.').append(HEX[x & 0x0f]);
        }
        return sb.toString();
    }

    /** The reverse-mapping name (RFC 1035 3.5, RFC 3596 2.5) asked by the ptr mechanism and the p macro. */
    static String reverseName(InetAddress a) {
        String[] parts = dotted(a).split("\\.");
        StringBuilder sb = new StringBuilder(73);
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.append(a instanceof Inet4Address ? "in-addr.arpa" : "ip6.arpa").toString();
    }

    /** The {@code c} macro and {@code client-ip=}: dotted quad, or IPv6 in RFC 5952 form ({@code 2001:db8::1}). */
    static String readable(InetAddress a) {
        return NetUtil.toAddressString(a);
    }
}
