package org.mailserver.core.filter.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code =filter} part of a postscreen DNSBL entry: a dotted-quad pattern whose octets are a
 * number, or a {@code [..]} list of numbers and {@code a..b} ranges separated by {@code ;}, e.g.
 * {@code 127.0.0.[2..11]} or {@code 127.0.[0;1].[2;4..6]}. Several whole patterns may be given
 * separated by {@code ;} outside brackets ({@code 127.0.0.2;127.0.0.4}); any of them matching is a
 * match. Immutable.
 */
public final class ReplyFilter {
    /** Matches every reply. */
    public static final ReplyFilter ANY = new ReplyFilter(List.of(), "any");

    /** One alternative: for each of the four octets, the allowed ranges as {lo, hi} pairs. */
    private final List<int[][]> patterns;
    private final String text;

    private ReplyFilter(List<int[][]> patterns, String text) {
        this.patterns = patterns;
        this.text = text;
    }

    public static ReplyFilter parse(String s) {
        List<int[][]> patterns = new ArrayList<>();
        for (String alt : splitOutsideBrackets(s, ';')) {
            List<String> octets = splitOutsideBrackets(alt.strip(), '.');
            if (octets.size() != 4) {
                throw new IllegalArgumentException("bad reply filter " + s + ": expected four octets such as 127.0.0.[2..11]");
            }
            int[][] ranges = new int[4][];
            for (int i = 0; i < 4; i++) {
                ranges[i] = octet(octets.get(i), s);
            }
            patterns.add(ranges);
        }
        return new ReplyFilter(List.copyOf(patterns), s);
    }

    /** Encodes the octet's allowed values as pairs lo,hi,lo,hi,... */
    private static int[] octet(String o, String whole) {
        String body = o;
        if (o.startsWith("[") && o.endsWith("]")) {
            body = o.substring(1, o.length() - 1);
        } else if (o.contains("[") || o.contains("]") || o.contains(";") || o.contains("..")) {
            throw new IllegalArgumentException("bad reply filter " + whole + ": lists and ranges go in [ ]");
        }
        List<Integer> pairs = new ArrayList<>();
        for (String item : body.split(";", -1)) {
            String[] ab = item.strip().split("\\.\\.", -1);
            try {
                int lo = Integer.parseInt(ab[0].strip());
                int hi = ab.length == 2 ? Integer.parseInt(ab[1].strip()) : lo;
                if (ab.length > 2 || lo < 0 || hi > 255 || lo > hi) {
                    throw new NumberFormatException();
                }
                pairs.add(lo);
                pairs.add(hi);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad reply filter " + whole + ": octets are 0..255, ranges a..b");
            }
        }
        return pairs.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> splitOutsideBrackets(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == sep && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** Whether this A record answer counts as a listing. */
    public boolean matches(InetAddress reply) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (!(reply instanceof Inet4Address)) {
            return false;
        }
        byte[] b = reply.getAddress();
        for (int[][] p : patterns) {
            boolean all = true;
            for (int i = 0; i < 4 && all; i++) {
                all = inRanges(b[i] & 0xff, p[i]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRanges(int v, int[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (v >= pairs[i] && v <= pairs[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
