package org.mailserver.core.filter.greylist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The greylisting key: the client's network (IPv4 /24, IPv6 /64, so a sender's pool of outgoing
 * servers retrying from a neighbouring address still matches), the sender lower-cased ({@code ""}
 * for the null sender) and the recipient lower-cased. Control characters, which RFC 5321 4.1.2
 * does not allow in addresses anyway, become {@code ?} so a key is always one line of the state file.
 */
record Triplet(String network, String sender, String recipient) {

    static Triplet of(InetAddress client, String sender, String recipient) {
        return new Triplet(network(client), clean(sender), clean(recipient));
    }

    static String network(InetAddress client) {
        byte[] a = client.getAddress();
        if (client instanceof Inet4Address) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
        }
        return HexFormat.of().formatHex(a, 0, 8) + "/64";
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 0 : s.length());
        if (s != null) {
            for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
                sb.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return network + " <" + sender + "> -> <" + recipient + ">";
    }
}
