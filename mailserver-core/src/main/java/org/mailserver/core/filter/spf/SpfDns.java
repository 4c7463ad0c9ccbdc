package org.mailserver.core.filter.spf;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mailserver.core.metrics.Latency;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * The DNS queries of check_host() through dnsjava's {@link Resolver#sendAsync}: queries start at once
 * and are awaited against the check's deadline, so parallel ones (the addresses of MX hosts and of
 * PTR names) cost their time once.
 *
 * <p>Threading: {@link #send} never blocks; {@link #await} blocks the calling (blocking-executor)
 * thread at most until the deadline. Thread-safe.
 *
 * <p>Failures: RFC 7208 5 - an RCODE other than 0 (NOERROR) or 3 (NXDOMAIN), a network error or the
 * deadline is a {@link SpfError temperror}; NXDOMAIN is an empty answer.
 */
final class SpfDns {
    /** The answer to one query: the records of the asked type, and whether the name exists at all. */
    record Reply(List<Record> records, boolean nxdomain) {
        Reply {
            records = List.copyOf(records);
        }

        /** RFC 7208 4.6.4: a "void lookup" answers NOERROR with no records, or NXDOMAIN. */
        boolean isVoid() {
            return records.isEmpty();
        }
    }

    private final Resolver resolver;
    private final Latency latency;

    /**
     * @param servers the resolvers to ask ({@code dns.servers}); empty for the system's
     * @param timeout how long one query may take; a check as a whole is bounded by its deadline
     * @param latency times every query
     */
    SpfDns(List<InetSocketAddress> servers, Duration timeout, Latency latency) {
        this.latency = latency;
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
        r.setTimeout(timeout);
        r.setRetries(1);
        this.resolver = r;
    }

    /** Starts the query for {@code name} of {@code type}; the future fails with an {@link SpfError} as a cause. */
    CompletableFuture<Reply> send(Name name, int type) {
        Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        long start = System.nanoTime();
        return resolver.sendAsync(q).toCompletableFuture()
                .whenComplete((response, error) -> latency.observeSince(start))
                .thenApply(response -> reply(name, type, response));
    }

    private static Reply reply(Name name, int type, Message response) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new IllegalStateException(Rcode.string(rcode) + " for " + name);
        }
        List<Record> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            // after a CNAME chain the records carry the target's name; the type is what counts
            if (r.getType() == type) {
                out.add(r);
            }
        }
        return new Reply(out, rcode == Rcode.NXDOMAIN);
    }

    /** Waits for {@code query} until {@code deadlineNanos} ({@link System#nanoTime}). */
    static Reply await(CompletableFuture<Reply> query, long deadlineNanos, String what)
            throws SpfError, InterruptedException {
        try {
            return query.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            query.cancel(false);
            throw SpfError.temp("DNS timeout for " + what);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw SpfError.temp("DNS error for " + what + ": " + (c.getMessage() == null ? c.toString() : c.getMessage()));
        }
    }

    /**
     * The DNS name of a domain from an SPF check, or null when it cannot be one (an empty label, a
     * label over 63 or a name over 255 octets): such a target matches nothing. Characters outside
     * letters, digits, '-' and '_' are escaped, so macro results such as spaces reach the wire as they are.
     */
    static Name name(String domain) {
        if (domain.isEmpty() || domain.startsWith(".")) {
            return null;
        }
        StringBuilder b = new StringBuilder(domain.length() + 8);
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c == '.' || c == '-' || c == '_' || (c < 0x80 && Character.isLetterOrDigit(c))) {
                b.append(c);
            } else if (c <= 0xff) {
                b.append('\\').append(String.format("%03d", (int) c));
            } else {
                return null;
            }
        }
        if (b.isEmpty() || b.charAt(b.length() - 1) != '.') {
            b.append('.');
        }
        try {
            return Name.fromString(b.toString());
        } catch (TextParseException e) {
            return null;
        }
    }
}
