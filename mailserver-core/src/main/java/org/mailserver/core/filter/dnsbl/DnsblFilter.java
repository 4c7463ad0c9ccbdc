package org.mailserver.core.filter.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy {@code rbl}: the client address against DNSBL zones (RFC 5782), at CONNECT. Every zone is
 * asked at once; the weights of the zones whose reply passes their filter are summed, as Postfix's
 * postscreen does, and a sum at or over the threshold is refused with 554 5.7.1 naming the zones.
 *
 * <p>Threading: runs on the blocking executor; waits at most {@link DnsblLookup#deadline()}.
 * Thread-safe. Failures: a DNS failure or timeout is never a listing (Continue, an INFO line per
 * check, and the servers' outage logged once by {@link DnsblLookup}).
 * Authenticated sessions are not checked.
 */
public final class DnsblFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(DnsblFilter.class);

    private final DnsblConfig config;
    private final DnsblLookup lookup;

    public DnsblFilter(DnsblConfig config, DnsblLookup lookup) {
        this.config = config;
        this.lookup = lookup;
    }

    @Override
    public String policy() {
        return "rbl";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.CONNECT);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext context) throws InterruptedException {
        if (context.authenticatedUser() != null || context.client() == null) {
            return FilterVerdict.CONTINUE;
        }
        List<ZoneQueries.Query> queries = new ArrayList<>();
        for (DnsblZone z : config.zones()) {
            queries.add(new ZoneQueries.Query(z, QueryNames.forAddress(context.client(), z.zone())));
        }
        ZoneQueries.Outcome outcome = ZoneQueries.run(lookup, queries);
        String client = context.client().getHostAddress();
        if (!outcome.failures().isEmpty()) {
            LOG.info("rbl: client [{}]: DNS lookups failed, not counted as listings: {}", client, outcome.failures());
        }
        int score = 0;
        List<ZoneQueries.Listing> named = new ArrayList<>();
        for (ZoneQueries.Listing l : outcome.listed()) {
            score += l.zone().weight();
            if (l.zone().weight() > 0) {
                named.add(l);
            }
        }
        if (score < config.threshold() || named.isEmpty()) {
            return FilterVerdict.CONTINUE;
        }
        String zones = named.stream().map(l -> l.zone().zone()).collect(Collectors.joining(", "));
        String reasons = named.stream().map(ZoneQueries.Listing::text).filter(t -> t != null && !t.isEmpty())
                .distinct().collect(Collectors.joining("; "));
        // the wording of Postfix's reject_rbl_client, so operators' existing log parsers still match
        String text = "Service unavailable; client [" + client + "] blocked using " + zones + " (policy rbl)"
                + (reasons.isEmpty() ? "" : "; " + reasons);
        String rule = named.stream().map(l -> l.zone().zone() + "=" + l.reply().getHostAddress())
                .collect(Collectors.joining(",")) + " score " + score + "/" + config.threshold();
        return new FilterVerdict.Reject(new Refusal(554, "5.7.1", text, policy(), rule));
    }
}
