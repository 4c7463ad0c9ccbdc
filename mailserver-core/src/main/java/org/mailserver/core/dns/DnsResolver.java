package org.mailserver.core.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mailserver.core.metrics.Latency;
import org.mailserver.core.metrics.Metrics;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Looks up where mail for a domain goes: MX records sorted by preference, then each host's A and
 * AAAA records (RFC 5321 5.1). Uses the servers of {@code dns.servers} when given, else the
 * system's resolvers ({@code /etc/resolv.conf}).
 *
 * <p>Threading: every method blocks on network I/O (up to the timeout per query and server); call
 * them from the queue's delivery threads or the blocking executor, never from an event loop.
 * Thread-safe.
 *
 * <p>Failures are results, not exceptions: {@link MxResult.NoSuchDomain} is permanent,
 * {@link MxResult.TemporaryFailure} (SERVFAIL, timeout) means try later.
 */
public final class DnsResolver {
    private final Resolver resolver;
    private final Latency latency;

    /**
     * @param servers {@code dns.servers}: resolvers to ask, in order; empty for the system's
     * @param timeout per query
     */
    public DnsResolver(List<InetSocketAddress> servers, Duration timeout) {
        this(servers, timeout, Metrics.none().dns("relay"));
    }

    /** As above, timing every query into {@code latency}. */
    public DnsResolver(List<InetSocketAddress> servers, Duration timeout, Latency latency) {
        this.latency = latency;
        if (servers.isEmpty()) {
            this.resolver = new ExtendedResolver();
        } else {
            List<Resolver> list = new ArrayList<>();
            for (InetSocketAddress s : servers) {
                list.add(new SimpleResolver(s));
            }
            this.resolver = new ExtendedResolver(list);
        }
        resolver.setTimeout(timeout);
    }

    /** The hosts to deliver mail for {@code domain} to. Blocks. */
    public MxResult lookupMx(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new MxResult.NoSuchDomain("invalid domain name " + domain);
        }
        Message response;
        try {
            response = query(name, Type.MX);
        } catch (IOException e) {
            return new MxResult.TemporaryFailure("MX lookup for " + domain + ": " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new MxResult.NoSuchDomain("Host or domain name not found: " + domain + " (NXDOMAIN)");
        }
        if (rcode != Rcode.NOERROR) {
            return new MxResult.TemporaryFailure("MX lookup for " + domain + ": " + Rcode.string(rcode));
        }
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof MXRecord mx) {
                mxs.add(mx);
            }
        }
        // RFC 7505 3: a single MX with an empty target (".") means the domain takes no mail.
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)) {
            return new MxResult.NullMx();
        }
        mxs.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<MxResult.Host> hosts = new ArrayList<>();
        String lastError = null;
        for (MXRecord mx : mxs) {
            if (mx.getTarget().equals(Name.root)) {
                continue;
            }
            try {
                List<InetAddress> addresses = addresses(mx.getTarget());
                if (!addresses.isEmpty()) {
                    hosts.add(new MxResult.Host(mx.getTarget().toString(true), mx.getPriority(), addresses));
                }
            } catch (IOException e) {
                lastError = e.getMessage();
            }
        }
        if (!mxs.isEmpty()) {
            if (hosts.isEmpty()) {
                // MX hosts without addresses now may have them later; Postfix defers here too
                return new MxResult.TemporaryFailure("no address for any MX host of " + domain
                        + (lastError == null ? "" : ": " + lastError));
            }
            return new MxResult.Hosts(hosts);
        }
        // RFC 5321 5.1: no MX records, so the domain itself is the host (its A/AAAA, the "implicit MX").
        try {
            List<InetAddress> addresses = addresses(name);
            if (addresses.isEmpty()) {
                return new MxResult.NoSuchDomain("no MX and no address records for " + domain);
            }
            return new MxResult.Hosts(List.of(new MxResult.Host(domain, 0, addresses)));
        } catch (IOException e) {
            return new MxResult.TemporaryFailure("address lookup for " + domain + ": " + e.getMessage());
        }
    }

    /** The IPv4 and IPv6 addresses of {@code host}, IPv4 first. Blocks. */
    public List<InetAddress> addresses(String host) throws IOException {
        return addresses(Name.fromString(host.endsWith(".") ? host : host + "."));
    }

    private List<InetAddress> addresses(Name host) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        IOException failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Message m;
            try {
                m = query(host, type);
            } catch (IOException e) {
                failure = e;
                continue;
            }
            int rcode = m.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                failure = new IOException(host + ": " + Rcode.string(rcode));
            }
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    out.add(a.getAddress());
                } else if (r instanceof AAAARecord a) {
                    out.add(a.getAddress());
                }
            }
        }
        // One type answered empty and the other failed: we do not know that the host has no
        // address, so this is a temporary failure, never "no such host" (which bounces)
        if (out.isEmpty() && failure != null) {
            throw failure;
        }
        return out;
    }

    private Message query(Name name, int type) throws IOException {
        Record question = Record.newRecord(name, type, DClass.IN);
        long start = System.nanoTime();
        try {
            return resolver.send(Message.newQuery(question));
        } finally {
            latency.observeSince(start);
        }
    }
}
