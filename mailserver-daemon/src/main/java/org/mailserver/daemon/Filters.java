package org.mailserver.daemon;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.core.filter.clamd.ClamdFilter;
import org.mailserver.core.filter.content.ContentChecksFilter;
import org.mailserver.core.filter.content.DateFilter;
import org.mailserver.core.filter.dnsbl.DnsblFilter;
import org.mailserver.core.filter.dnsbl.RhsblFilter;
import org.mailserver.core.filter.greylist.GreylistFilter;
import org.mailserver.core.filter.rate.RateLimitFilter;
import org.mailserver.core.filter.spamd.SpamdFilter;
import org.mailserver.core.filter.spf.SpfEvaluator;
import org.mailserver.core.filter.spf.SpfFilter;
import org.mailserver.core.metrics.Metrics;
import org.slf4j.LoggerFactory;

/**
 * The two filter chains (issue 5): the MX runs every configured filter, cheapest first (DNSBL at
 * connect, RHSBL at HELO/MAIL, SPF at MAIL, greylisting at RCPT, then at the end of data the SPF
 * result headers, header/MIME/body checks, the Date check, spamd, clamd, then the per-client rate
 * limits); submission runs only the cheap content checks and the virus scan (authenticated users are
 * not greylisted, DNSBL- or SPF-checked, and not spam-scored).
 */
final class Filters implements AutoCloseable {
    final FilterChain mx;
    final FilterChain submission;
    /** Refusals by policy: {@link Metrics#rejections()}, exported as {@code mailserver_smtp_rejections_total}. */
    final RejectionCounters counters;
    private final GreylistFilter greylist;

    private Filters(FilterSettings f, Metrics metrics) throws IOException {
        counters = metrics.rejections();
        List<Filter> mxFilters = new ArrayList<>();
        List<Filter> submissionFilters = new ArrayList<>();
        f.dnsbl().map(lookup -> lookup.measuredBy(metrics)).ifPresent(lookup -> {
            f.rbl().ifPresent(c -> mxFilters.add(new DnsblFilter(c, lookup)));
            f.rhsbl().ifPresent(c -> mxFilters.add(new RhsblFilter(c, lookup)));
        });
        f.spf().ifPresent(c -> mxFilters.add(new SpfFilter(c,
                new SpfEvaluator(c.dnsServers(), c.timeout(), c.receiver(), metrics.dns("spf")))));
        greylist = f.greylist().isPresent() ? GreylistFilter.open(f.greylist().get()) : null;
        if (greylist != null) {
            mxFilters.add(greylist);
        }
        f.content().ifPresent(c -> {
            ContentChecksFilter content = new ContentChecksFilter(c);
            mxFilters.add(content);
            submissionFilters.add(content);
        });
        f.date().ifPresent(c -> mxFilters.add(new DateFilter(c, Clock.systemUTC())));
        f.spamd().ifPresent(c -> mxFilters.add(new SpamdFilter(c)));
        f.clamd().ifPresent(c -> {
            ClamdFilter clamd = new ClamdFilter(c);
            mxFilters.add(clamd);
            submissionFilters.add(clamd);
        });
        // last: the chain stops at the first refusal, so only messages every other filter passed count
        f.rate().ifPresent(c -> mxFilters.add(new RateLimitFilter(c)));
        mx = new FilterChain(mxFilters, counters);
        submission = new FilterChain(submissionFilters, counters);
    }

    /** Builds the chains; opens the greylist state (file I/O: call at start, not on an event loop). */
    static Filters build(FilterSettings f) throws IOException {
        return build(f, Metrics.none());
    }

    /** As above, counting refusals, DNS times and the DNSBL cache into {@code metrics}. */
    static Filters build(FilterSettings f, Metrics metrics) throws IOException {
        return new Filters(f, metrics);
    }

    @Override
    public void close() {
        if (greylist != null) {
            try {
                greylist.close();
            } catch (IOException e) {
                LoggerFactory.getLogger(Filters.class).warn("greylist: state not saved at stop: {}", e.toString());
            }
        }
    }
}
