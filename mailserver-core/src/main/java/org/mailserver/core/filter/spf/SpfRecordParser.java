package org.mailserver.core.filter.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of an SPF record (RFC 7208 4.6.1, 5, 6 and 12): terms separated by spaces, each a
 * directive or a modifier. The whole record is checked before anything is evaluated, so a syntax
 * error anywhere is a permerror (RFC 7208 4.6). Pure; no I/O.
 */
final class SpfRecordParser {
    /** {@code modifier = name "=" ...}, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (RFC 7208 4.6.1). */
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)", Pattern.DOTALL);
    /** {@code dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]} after a domain-spec (RFC 7208 5.3). */
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/([0-9]+))?(?://([0-9]+))?", Pattern.DOTALL);
    private static final Pattern NETWORK = Pattern.compile("([^/]*)(?:/([0-9]+))?");

    private SpfRecordParser() {
    }

    /** True for the records check_host() selects (RFC 7208 4.5): {@code v=spf1}, any case, then a space or the end. */
    static boolean isSpf1(String txt) {
        return txt.regionMatches(true, 0, "v=spf1", 0, 6) && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    /** Parses a selected record. @throws SpfError a permerror naming the first problem */
    static SpfRecord parse(String txt) throws SpfError {
        if (!isSpf1(txt)) {
            throw SpfError.perm("not a v=spf1 record");
        }
        List<SpfRecord.Directive> directives = new ArrayList<>();
        MacroString redirect = null;
        MacroString exp = null;
        // RFC 7208 4.6.1: terms = *( 1*SP ( directive / modifier ) ), record = version terms *SP
        for (String term : txt.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher m = MODIFIER.matcher(term);
            if (m.matches()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (name.equals("redirect") || name.equals("exp")) {
                    // RFC 7208 6/2: each at most once in a record
                    if ((name.equals("redirect") ? redirect : exp) != null) {
                        throw SpfError.perm(name + "= appears twice");
                    }
                    MacroString spec = MacroString.domainSpec(m.group(2));
                    if (name.equals("redirect")) {
                        redirect = spec;
                    } else {
                        exp = spec;
                    }
                } else {
                    MacroString.modifierValue(m.group(2)); // RFC 7208 6/3: unknown modifiers are ignored, once valid
                }
                continue;
            }
            directives.add(directive(term));
        }
        return new SpfRecord(directives, redirect, exp);
    }

    private static SpfRecord.Directive directive(String term) throws SpfError {
        char qualifier = '+';
        String rest = term;
        if ("+-~?".indexOf(term.charAt(0)) >= 0) {
            qualifier = term.charAt(0);
            rest = term.substring(1);
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != '/') {
            end++;
        }
        String name = rest.substring(0, end).toLowerCase(Locale.ROOT);
        String arg = rest.substring(end);
        SpfRecord.Mechanism mechanism = switch (name) {
            case "all" -> {
                requireEmpty(arg, term);
                yield new SpfRecord.All();
            }
            case "include" -> new SpfRecord.Include(requiredDomain(arg, term));
            case "exists" -> new SpfRecord.Exists(requiredDomain(arg, term));
            case "ptr" -> new SpfRecord.Ptr(arg.isEmpty() ? null : requiredDomain(arg, term));
            case "a", "mx" -> addresses(name, arg, term);
            case "ip4" -> ip(true, arg, term);
            case "ip6" -> ip(false, arg, term);
            default -> throw SpfError.perm("unknown mechanism: " + term);
        };
        return new SpfRecord.Directive(qualifier, mechanism, term);
    }

    private static void requireEmpty(String arg, String term) throws SpfError {
        if (!arg.isEmpty()) {
            throw SpfError.perm("no argument allowed: " + term);
        }
    }

    /** {@code ":" domain-spec}, required (include, exists) or after ptr. */
    private static MacroString requiredDomain(String arg, String term) throws SpfError {
        if (!arg.startsWith(":")) {
            throw SpfError.perm("':' and a domain-spec expected: " + term);
        }
        return MacroString.domainSpec(arg.substring(1));
    }

    /** {@code a} and {@code mx}: {@code [ ":" domain-spec ] [ dual-cidr-length ]} (RFC 7208 5.3, 5.4). */
    private static SpfRecord.Mechanism addresses(String name, String arg, String term) throws SpfError {
        MacroString domain = null;
        String cidrs = arg;
        if (arg.startsWith(":")) {
            Matcher m = DUAL_CIDR.matcher(arg.substring(1));
            m.matches(); // always: every part is optional
            domain = MacroString.domainSpec(m.group(1));
            cidrs = (m.group(2) == null ? "" : "/" + m.group(2)) + (m.group(3) == null ? "" : "//" + m.group(3));
        }
        Matcher c = DUAL_CIDR.matcher(cidrs);
        if (!c.matches() || !c.group(1).isEmpty()) {
            throw SpfError.perm("bad CIDR length: " + term);
        }
        int cidr4 = c.group(2) == null ? 32 : cidr(c.group(2), 32, term);
        int cidr6 = c.group(3) == null ? 128 : cidr(c.group(3), 128, term);
        return name.equals("a") ? new SpfRecord.A(domain, cidr4, cidr6) : new SpfRecord.Mx(domain, cidr4, cidr6);
    }

    /** {@code ip4:network[/len]} and {@code ip6:network[/len]} (RFC 7208 5.6). */
    private static SpfRecord.Mechanism ip(boolean v4, String arg, String term) throws SpfError {
        Matcher m = NETWORK.matcher(arg.startsWith(":") ? arg.substring(1) : "/");
        if (!arg.startsWith(":") || !m.matches()) {
            throw SpfError.perm("network expected: " + term);
        }
        byte[] network = v4 ? SpfAddresses.parseIp4(m.group(1)) : SpfAddresses.parseIp6(m.group(1));
        if (network == null) {
            throw SpfError.perm("not an IPv" + (v4 ? "4" : "6") + " network: " + term);
        }
        int max = v4 ? 32 : 128;
        int prefix = m.group(2) == null ? max : cidr(m.group(2), max, term);
        return v4 ? new SpfRecord.Ip4(network, prefix) : new SpfRecord.Ip6(network, prefix);
    }

    /** RFC 7208 5.6/2: a CIDR length in range, without leading zeros (as ip4-network forbids them). */
    private static int cidr(String digits, int max, String term) throws SpfError {
        if (digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0') || Integer.parseInt(digits) > max) {
            throw SpfError.perm("bad CIDR length: " + term);
        }
        return Integer.parseInt(digits);
    }
}
