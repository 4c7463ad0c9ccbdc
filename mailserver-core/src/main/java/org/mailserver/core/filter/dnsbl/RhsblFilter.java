package org.mailserver.core.filter.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy {@code rhsbl}: domain names against RHSBL zones (RFC 5782 2.3): the HELO name at HELO
 * (when it is a domain, not an address literal) and the sender's domain at MAIL (not for the null
 * sender). Any listing is refused with 554 5.7.1 naming the zone.
 *
 * <p>Threading: runs on the blocking executor; waits at most {@link DnsblLookup#deadline()}.
 * Thread-safe. Failures: a DNS failure or timeout is never a listing (Continue, an INFO line per
 * check, and the servers' outage logged once by {@link DnsblLookup}).
 * Authenticated sessions are not checked.
 */
public final class RhsblFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RhsblFilter.class);

    private final RhsblConfig config;
    private final DnsblLookup lookup;

    public RhsblFilter(RhsblConfig config, DnsblLookup lookup) {
        this.config = config;
        this.lookup = lookup;
    }

    @Override
    public String policy() {
        return "rhsbl";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.HELO, Stage.MAIL);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext context) throws InterruptedException {
        if (context.authenticatedUser() != null) {
            return FilterVerdict.CONTINUE;
        }
        String domain;
        String what;
        if (stage == Stage.HELO) {
            domain = context.helo();
            what = "HELO name";
        } else if (stage == Stage.MAIL) {
            domain = QueryNames.domainOf(context.sender());
            what = "sender domain";
        } else {
            return FilterVerdict.CONTINUE;
        }
        if (domain == null) {
            return FilterVerdict.CONTINUE;
        }
        List<ZoneQueries.Query> queries = new ArrayList<>();
        for (DnsblZone z : config.zones()) {
            String qname = QueryNames.forDomain(domain, z.zone());
            if (qname != null) {
                queries.add(new ZoneQueries.Query(z, qname));
            }
        }
        if (queries.isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        ZoneQueries.Outcome outcome = ZoneQueries.run(lookup, queries);
        if (!outcome.failures().isEmpty()) {
            LOG.info("rhsbl: {} {}: DNS lookups failed, not counted as listings: {}", what, domain, outcome.failures());
        }
        if (outcome.listed().isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        ZoneQueries.Listing l = outcome.listed().get(0);
        String text = "Service unavailable; " + what + " " + ZoneQueries.printable(domain) + " blocked using "
                + l.zone().zone() + " (policy rhsbl)" + (l.text() == null || l.text().isEmpty() ? "" : "; " + l.text());
        return new FilterVerdict.Reject(new Refusal(554, "5.7.1", text, policy(),
                l.zone().zone() + "=" + l.reply().getHostAddress() + " " + what + " " + domain));
    }
}
