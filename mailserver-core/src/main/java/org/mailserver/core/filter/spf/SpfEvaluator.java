package org.mailserver.core.filter.spf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.mailserver.core.metrics.Latency;
import org.mailserver.core.metrics.Metrics;

/**
 * SPF's check_host() (RFC 7208 4-7) for the two identities a receiver checks: the MAIL FROM address
 * (RFC 7208 2.4; {@code postmaster@} the HELO name for the null reverse-path) and the HELO name
 * (RFC 7208 2.3). Supports every mechanism, the redirect and exp modifiers, macros, the limits of
 * 4.6.4 (10 DNS-querying terms, 2 void lookups, 10 MX or PTR names), IPv4, IPv6 and IPv4-mapped clients.
 *
 * <p>Threading: each check blocks its thread until its answer, at most until its deadline (the
 * {@code timeout} given here unless a caller passes its own); call it on the blocking executor, never
 * on an event loop. Thread-safe: checks share nothing but the resolver.
 *
 * <p>Failures are results, never exceptions: a DNS error or the deadline is {@link SpfResult#TEMPERROR},
 * a bad record or an exceeded limit {@link SpfResult#PERMERROR}, with {@link SpfOutcome#problem()} saying why.
 */
public final class SpfEvaluator {
    private final SpfDns dns;
    private final Duration timeout;
    private final String receiver;

    /**
     * @param servers the DNS resolvers to ask ({@code dns.servers}); empty for the system's
     * @param timeout the most one check may take (RFC 7208 4.6.4 asks for a limit); a timeout is a temperror
     * @param receiver this host's name, the {@code r} macro of explanations (RFC 7208 7.2)
     */
    public SpfEvaluator(List<InetSocketAddress> servers, Duration timeout, String receiver) {
        this(servers, timeout, receiver, Metrics.none().dns("spf"));
    }

    /** As above, timing every DNS query into {@code latency}. */
    public SpfEvaluator(List<InetSocketAddress> servers, Duration timeout, String receiver, Latency latency) {
        this.dns = new SpfDns(servers, timeout, latency);
        this.timeout = timeout;
        this.receiver = receiver;
    }

    public Duration timeout() {
        return timeout;
    }

    /** check_host(ip, domain, sender) as RFC 7208 4 defines it, reported as the MAIL FROM identity. */
    public SpfOutcome checkHost(InetAddress ip, String domain, String sender, String helo) throws InterruptedException {
        return new CheckHost(dns, ip, sender, helo, receiver, deadline()).run(domain, SpfOutcome.Identity.MAILFROM);
    }

    /** The MAIL FROM identity; {@code sender} is {@code ""} for the null reverse-path. */
    public SpfOutcome checkMailFrom(InetAddress ip, String sender, String helo) throws InterruptedException {
        return checkMailFrom(ip, sender, helo, deadline());
    }

    /** The HELO identity (RFC 7208 2.3): {@code <sender>} is {@code postmaster@} the HELO name. */
    public SpfOutcome checkHelo(InetAddress ip, String helo) throws InterruptedException {
        return checkHelo(ip, helo, deadline());
    }

    SpfOutcome checkMailFrom(InetAddress ip, String sender, String helo, long deadlineNanos) throws InterruptedException {
        if (sender.isEmpty()) {
            // RFC 7208 2.4: for the null reverse-path the identity is postmaster@<HELO name>
            String h = helo == null ? "" : helo;
            return new CheckHost(dns, ip, "postmaster@" + h, helo, receiver, deadlineNanos)
                    .run(h, SpfOutcome.Identity.MAILFROM);
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        return new CheckHost(dns, ip, sender, helo, receiver, deadlineNanos).run(domain, SpfOutcome.Identity.MAILFROM);
    }

    SpfOutcome checkHelo(InetAddress ip, String helo, long deadlineNanos) throws InterruptedException {
        String h = helo == null ? "" : helo;
        return new CheckHost(dns, ip, "postmaster@" + h, helo, receiver, deadlineNanos).run(h, SpfOutcome.Identity.HELO);
    }

    long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }
}
