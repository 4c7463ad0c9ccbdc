package org.mailserver.core.filter.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code filter.rbl.zones} or {@code filter.rhsbl.zones} in Postfix's
 * {@code postscreen_dnsbl_sites} syntax: {@code zone[=filter][*weight]}, e.g.
 * {@code zen.spamhaus.org=127.0.0.[2..11]*3}. Without a filter any A record counts as a listing
 * (RFC 5782 2.1 uses 127.0.0.2 and up); without a weight the weight is 1. Weights may be negative
 * (an allow list lowers the sum). Immutable.
 *
 * @param zone the DNS zone, lower case, without a trailing dot
 * @param filter which replies count; {@link ReplyFilter#ANY} when none was given
 * @param weight added to the client's score when the zone lists it
 * @param text the entry as written, for logs
 */
public record DnsblZone(String zone, ReplyFilter filter, int weight, String text) {

    /** Parses one entry; throws {@link IllegalArgumentException} saying what is wrong. */
    public static DnsblZone parse(String entry) {
        String s = entry.strip();
        int weight = 1;
        int star = s.lastIndexOf('*');
        if (star >= 0) {
            try {
                weight = Integer.parseInt(s.substring(star + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad weight in " + entry + ": expected *<whole number>");
            }
            s = s.substring(0, star);
        }
        ReplyFilter filter = ReplyFilter.ANY;
        int eq = s.indexOf('=');
        if (eq >= 0) {
            filter = ReplyFilter.parse(s.substring(eq + 1).strip());
            s = s.substring(0, eq);
        }
        String zone = s.strip().toLowerCase(Locale.ROOT);
        if (zone.endsWith(".")) {
            zone = zone.substring(0, zone.length() - 1);
        }
        if (!zone.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
            throw new IllegalArgumentException("bad zone name in " + entry);
        }
        return new DnsblZone(zone, filter, weight, entry.strip());
    }

    /** Parses a comma-separated list (already split by Settings); problems go to {@code errors}. */
    public static List<DnsblZone> parseAll(List<String> entries, List<String> errors) {
        List<DnsblZone> out = new ArrayList<>();
        for (String e : entries) {
            try {
                out.add(parse(e));
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
        return out;
    }
}
