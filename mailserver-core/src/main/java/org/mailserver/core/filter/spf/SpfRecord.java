package org.mailserver.core.filter.spf;

import java.util.List;

/**
 * One parsed {@code v=spf1} record (RFC 7208 4.6.1): its directives in order and its two known
 * modifiers; unknown modifiers are checked for syntax and dropped (RFC 7208 6). Immutable.
 *
 * @param directives the mechanisms with their qualifiers, in the record's order
 * @param redirect the {@code redirect=} domain-spec, or null (RFC 7208 6.1)
 * @param explanation the {@code exp=} domain-spec, or null (RFC 7208 6.2)
 */
record SpfRecord(List<Directive> directives, MacroString redirect, MacroString explanation) {
    SpfRecord {
        directives = List.copyOf(directives);
    }

    /**
     * {@code directive = [ qualifier ] mechanism} (RFC 7208 4.6.1).
     *
     * @param qualifier one of {@code + - ~ ?}
     * @param mechanism what is matched
     * @param text the directive as written, for the {@code mechanism=} key of Received-SPF
     */
    record Directive(char qualifier, Mechanism mechanism, String text) {
    }

    /** The mechanisms of RFC 7208 5. A null domain-spec means the current {@code <domain>}. */
    sealed interface Mechanism {
    }

    /** RFC 7208 5.1: always matches. */
    record All() implements Mechanism {
    }

    /** RFC 7208 5.2: matches when check_host() of the target passes. */
    record Include(MacroString domain) implements Mechanism {
    }

    /** RFC 7208 5.3: the target's A or AAAA records, within the CIDR lengths. */
    record A(MacroString domain, int cidr4, int cidr6) implements Mechanism {
    }

    /** RFC 7208 5.4: the addresses of the target's MX hosts, within the CIDR lengths. */
    record Mx(MacroString domain, int cidr4, int cidr6) implements Mechanism {
    }

    /** RFC 7208 5.5: a validated reverse name of the client in the target domain (do not use). */
    record Ptr(MacroString domain) implements Mechanism {
    }

    /** RFC 7208 5.6: an IPv4 network. */
    record Ip4(byte[] network, int prefix) implements Mechanism {
    }

    /** RFC 7208 5.6: an IPv6 network. */
    record Ip6(byte[] network, int prefix) implements Mechanism {
    }

    /** RFC 7208 5.7: matches when the target has any A record. */
    record Exists(MacroString domain) implements Mechanism {
    }
}
