package org.mailserver.daemon;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.core.filter.authres.ForgedResultsFilter;
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
import org.mailserver.core.filter.dnsbl.DnsblLookup;
import org.mailserver.core.filter.rate.RateLimitConfig;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.smtp.server.FilterHooks;
import org.slf4j.LoggerFactory;

/**
 * The two filter chains (issue 5): the MX runs every configured filter, cheapest first (DNSBL at
 * connect, RHSBL at HELO/MAIL, SPF at MAIL, greylisting at RCPT, then at the end of data the SPF
 * result headers, header/MIME/body checks, the Date check, spamd, clamd, then the per-client rate
 * limits); submission runs only the cheap content checks and the virus scan (authenticated users are
 * not greylisted, DNSBL- or SPF-checked, and not spam-scored).
 *
 * <p>On reload a new set is built beside the running one ({@link #rebuild}), keeping the state that
 * outlives a configuration: the greylist's triplets, the rate limits' counters and the DNSBL cache,
 * each when its settings did not change. Sessions read the set once per connection.
 */
final class Filters implements AutoCloseable {
    final FilterChain mx;
    final FilterChain submission;
    /** Refusals by policy: {@link Metrics#rejections()}, exported as {@code mailserver_smtp_rejections_total}. */
    final RejectionCounters counters;
    /** The hooks of the MX and of submission, over {@link #mx} and {@link #submission}. */
    final FilterHooks mxHooks;
    final FilterHooks submissionHooks;
    private final FilterSettings settings;
    private final DnsblLookup dnsbl;
    private final RateLimitFilter rate;
    private final GreylistFilter greylist;
    /** Whether {@link #close()} closes the greylist: false while it is shared with the set that replaces this one. */
    private volatile boolean ownsGreylist;

    private Filters(FilterSettings f, Metrics metrics, Filters previous) throws IOException {
        settings = f;
        counters = metrics.rejections();
        List<Filter> mxFilters = new ArrayList<>();
        List<Filter> submissionFilters = new ArrayList<>();
        // the previous lookup keeps its cache (dns.servers needs a restart, so the servers are the same)
        dnsbl = previous != null && previous.dnsbl != null && f.dnsbl().isPresent() ? previous.dnsbl
                : f.dnsbl().map(lookup -> lookup.measuredBy(metrics)).orElse(null);
        if (dnsbl != null) {
            f.rbl().ifPresent(c -> mxFilters.add(new DnsblFilter(c, dnsbl)));
            f.rhsbl().ifPresent(c -> mxFilters.add(new RhsblFilter(c, dnsbl)));
        }
        // RFC 8601 5: whatever else runs, no forged Authentication-Results with our name gets through
        mxFilters.add(new ForgedResultsFilter(f.authResults()));
        f.spf().ifPresent(c -> mxFilters.add(new SpfFilter(c,
                new SpfEvaluator(c.dnsServers(), c.timeout(), c.receiver(), metrics.dns("spf")))));
        if (previous != null && previous.greylist != null && f.greylist().equals(previous.settings.greylist())) {
            greylist = previous.greylist; // owned by previous until takeOver()
            ownsGreylist = false;
        } else {
            greylist = f.greylist().isPresent() ? GreylistFilter.open(f.greylist().get()) : null;
            ownsGreylist = true;
        }
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
        Optional<RateLimitConfig> sameRate = previous == null ? Optional.empty()
                : f.rate().filter(c -> c.equals(previous.settings.rate().orElse(null)));
        rate = sameRate.isPresent() ? previous.rate : f.rate().map(RateLimitFilter::new).orElse(null);
        if (rate != null) {
            mxFilters.add(rate);
        }
        mx = new FilterChain(mxFilters, counters);
        submission = new FilterChain(submissionFilters, counters);
        mxHooks = new FilterHooks(mx);
        submissionHooks = new FilterHooks(submission);
    }

    /** Builds the chains; opens the greylist state (file I/O: call at start, not on an event loop). */
    static Filters build(FilterSettings f) throws IOException {
        return build(f, Metrics.none());
    }

    /** As above, counting refusals, DNS times and the DNSBL cache into {@code metrics}. */
    static Filters build(FilterSettings f, Metrics metrics) throws IOException {
        return new Filters(f, metrics, null);
    }

    /**
     * A new set for a reload, sharing with {@code previous} the greylist (when its settings are the
     * same), the rate limits (the same) and the DNSBL lookup. Until {@link #takeOver} the shared
     * greylist stays {@code previous}'s: closing a set given up closes nothing it shares.
     */
    static Filters rebuild(FilterSettings f, Metrics metrics, Filters previous) throws IOException {
        return new Filters(f, metrics, previous);
    }

    /**
     * Called once this set has replaced {@code previous}: takes over a shared greylist, or else closes
     * the previous greylist now (its last snapshot written), so that two never write one state file.
     * Sessions still on the previous set go on deciding in its memory. Blocks (file I/O).
     */
    void takeOver(Filters previous) {
        if (previous.greylist == greylist) {
            previous.ownsGreylist = false;
            ownsGreylist = true;
        } else {
            previous.close();
            previous.ownsGreylist = false;
        }
    }

    @Override
    public void close() {
        if (greylist != null && ownsGreylist) {
            ownsGreylist = false;
            try {
                greylist.close();
            } catch (IOException e) {
                LoggerFactory.getLogger(Filters.class).warn("greylist: state not saved at stop: {}", e.toString());
            }
        }
    }
}
