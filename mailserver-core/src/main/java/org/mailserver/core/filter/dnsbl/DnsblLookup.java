package org.mailserver.core.filter.dnsbl;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.config.Settings;
import org.mailserver.core.log.OutageLog;
import org.mailserver.core.metrics.Latency;
import org.mailserver.core.metrics.Metrics;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Asynchronous A and TXT lookups for DNSBL and RHSBL zones through dnsjava's
 * {@link Resolver#sendAsync}, cached by the answers' TTL (Caffeine with a variable expiry). Shared
 * by {@link DnsblFilter} and {@link RhsblFilter}; one instance per server.
 *
 * <p>Threading: {@link #lookup} never blocks; its future completes on dnsjava's I/O thread.
 * Concurrent lookups of one name share one query. Thread-safe.
 *
 * <p>Failures (timeout, SERVFAIL, REFUSED, a network error) are answers with a
 * {@link DnsAnswer#failure()}, not cached; NXDOMAIN and NODATA are answers ("not listed") and are cached.
 */
public final class DnsblLookup {
    /** The default deadline for all zones of one check together. */
    /** {@code filter.rbl.timeout}'s default. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    static final long MAX_TTL = TimeUnit.DAYS.toSeconds(1);
    /** Used for NXDOMAIN without an SOA in the authority section. */
    static final long DEFAULT_NEGATIVE_TTL = 300;

    private final Resolver resolver;
    private final Duration deadline;
    private final Latency latency;
    private final AsyncCache<String, DnsAnswer> cache;
    private final String servers;
    private final OutageLog outage;

    /**
     * @param servers DNS servers to ask ({@code dns.servers}); empty for the system's resolvers
     * @param deadline how long one check waits for all its zones together
     */
    public DnsblLookup(List<InetSocketAddress> servers, Duration deadline) {
        ExtendedResolver r;
        if (servers.isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> list = new ArrayList<>();
            for (InetSocketAddress s : servers) {
                list.add(new SimpleResolver(s));
            }
            r = new ExtendedResolver(list);
        }
        r.setTimeout(deadline);
        r.setRetries(1);
        this.resolver = r;
        this.deadline = deadline;
        this.latency = Metrics.none().dns("dnsbl");
        this.cache = newCache();
        this.servers = servers.isEmpty() ? "the system's DNS resolvers"
                : "DNS server " + servers.stream().map(a -> a.getHostString() + ":" + a.getPort())
                        .collect(java.util.stream.Collectors.joining(", "));
        this.outage = outageLog(this.servers);
    }

    private DnsblLookup(Resolver resolver, Duration deadline, Metrics metrics, String servers) {
        this.resolver = resolver;
        this.deadline = deadline;
        this.latency = metrics.dns("dnsbl");
        this.cache = newCache();
        this.servers = servers;
        this.outage = outageLog(servers);
        metrics.cache("dnsbl", () -> cache.synchronous().stats());
    }

    private static OutageLog outageLog(String servers) {
        // issue 5: a DNS failure never rejects; the DNSBL is advisory
        return new OutageLog(LoggerFactory.getLogger(DnsblLookup.class), "dnsbl: " + servers,
                "DNSBL and RHSBL lookups that fail count as not listed (mail is accepted)");
    }

    private static AsyncCache<String, DnsAnswer> newCache() {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfter(new TtlExpiry()).recordStats().buildAsync();
    }

    /**
     * The same lookup (servers, deadline) timing its queries into {@code metrics} ({@code purpose=dnsbl})
     * and exporting its cache's hits and misses ({@code cache=dnsbl}); its cache starts empty. Call it
     * once, at start, and use the result in place of this one.
     */
    public DnsblLookup measuredBy(Metrics metrics) {
        return new DnsblLookup(resolver, deadline, metrics, servers);
    }

    /** A lookup over {@code dns.servers} waiting at most {@code filter.rbl.timeout}; problems go to {@code s.problems()}. */
    public static DnsblLookup from(Settings s) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (Settings.HostPort hp : s.hostPorts("dns.servers")) {
            servers.add(new InetSocketAddress(hp.host(), hp.port()));
        }
        Duration deadline = s.duration("filter.rbl.timeout");
        if (deadline.isZero() || deadline.compareTo(Duration.ofMinutes(1)) > 0) {
            s.problem("filter.rbl.timeout", "a duration above 0 and at most 1m");
            deadline = DEFAULT_DEADLINE;
        }
        return new DnsblLookup(servers, deadline);
    }

    public Duration deadline() {
        return deadline;
    }

    /** The A records of {@code qname} (absolute, with the trailing dot); empty when not listed. */
    CompletableFuture<DnsAnswer> lookup(String qname) {
        return cached(qname, Type.A);
    }

    /** The TXT strings of {@code qname}: the listing's reason (RFC 5782 2.1). */
    CompletableFuture<DnsAnswer> lookupText(String qname) {
        return cached(qname, Type.TXT);
    }

    private CompletableFuture<DnsAnswer> cached(String qname, int type) {
        // failures become answers that expire at once: not cached, and not logged by Caffeine as a failed load
        return cache.get(Type.string(type) + " " + qname,
                (key, executor) -> query(qname, type).exceptionally(DnsAnswer::failed));
    }

    private CompletableFuture<DnsAnswer> query(String qname, int type) {
        Message q;
        try {
            q = Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        long start = System.nanoTime();
        return resolver.sendAsync(q).toCompletableFuture()
                .whenComplete((response, error) -> latency.observeSince(start))
                .thenApply(response -> answer(qname, type, response))
                .whenComplete((answer, error) -> {
                    if (error == null) {
                        outage.success();
                    } else {
                        Throwable c = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        outage.failure(qname + " " + Type.string(type) + ": " + c.getClass().getSimpleName()
                                + (c.getMessage() == null ? "" : ": " + c.getMessage()));
                    }
                });
    }

    static DnsAnswer answer(String qname, int type, Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN || rcode == Rcode.NOERROR) {
            List<java.net.InetAddress> addresses = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            long ttl = MAX_TTL;
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a && type == Type.A) {
                    addresses.add(a.getAddress());
                    ttl = Math.min(ttl, r.getTTL());
                } else if (r instanceof TXTRecord t && type == Type.TXT) {
                    texts.add(String.join("", t.getStrings()));
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
            if (addresses.isEmpty() && texts.isEmpty()) {
                ttl = negativeTtl(response);
            }
            return new DnsAnswer(addresses, texts, ttl);
        }
        throw new DnsFailure(qname + ": " + Rcode.string(rcode));
    }

    /** RFC 2308 5: a negative answer is kept for the smaller of the SOA's TTL and its MINIMUM field. */
    private static long negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(MAX_TTL, Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return DEFAULT_NEGATIVE_TTL;
    }

    /** A DNS server's failure to answer (SERVFAIL, REFUSED, ...): not an answer, not cached. */
    static final class DnsFailure extends RuntimeException {
        DnsFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TtlExpiry implements Expiry<String, DnsAnswer> {
        @Override
        public long expireAfterCreate(String key, DnsAnswer value, long currentTime) {
            return TimeUnit.SECONDS.toNanos(Math.max(0, value.ttlSeconds()));
        }

        @Override
        public long expireAfterUpdate(String key, DnsAnswer value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, DnsAnswer value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
