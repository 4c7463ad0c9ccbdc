package org.mailserver.smtp.queue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailserver.smtp.client.ClientTimeouts;

/**
 * What the queue needs to know.
 *
 * @param dir the queue directory, {@code <data.dir>/queue}
 * @param hostname {@code server.hostname}: EHLO name, Reporting-MTA, MAILER-DAEMON's domain
 * @param retry {@code queue.retry_intervals} and {@code queue.max_age}
 * @param transportMap {@code relay.transport_maps}, {@link TransportMap#empty()} when not set
 * @param timeouts SMTP client timeouts ({@link ClientTimeouts#rfc5321()})
 * @param threads delivery threads
 * @param perDestination connections at once per next hop
 * @param bounceFullLimit messages larger than this bounce with their headers only unless RET=FULL
 * @param startTls opportunistic STARTTLS on outbound connections
 * @param localDomains {@code server.local_domains}, lower case: their recipients (a forward, a bounce
 *     to a local sender) go through LocalDelivery, not an MX lookup, unless the transport map names
 *     a next hop for the domain; empty when the queue is not told (then only recipients marked local)
 */
public record QueueConfig(Path dir, String hostname, RetryPolicy retry, TransportMap transportMap,
                          ClientTimeouts timeouts, int threads, int perDestination, long bounceFullLimit,
                          boolean startTls, Set<String> localDomains) {

    public QueueConfig {
        localDomains = localDomains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Without local domains (as before they were known here). */
    public QueueConfig(Path dir, String hostname, RetryPolicy retry, TransportMap transportMap,
                       ClientTimeouts timeouts, int threads, int perDestination, long bounceFullLimit,
                       boolean startTls) {
        this(dir, hostname, retry, transportMap, timeouts, threads, perDestination, bounceFullLimit, startTls,
                Set.of());
    }

    /** Defaults for everything not in the configuration file: 8 threads, 4 per destination, 1 MiB, STARTTLS on. */
    public static QueueConfig of(Path dir, String hostname, RetryPolicy retry, TransportMap transportMap) {
        return new QueueConfig(dir, hostname, retry, transportMap, ClientTimeouts.rfc5321(), 8, 4, 1 << 20, true);
    }

    public QueueConfig withTimeouts(ClientTimeouts t) {
        return new QueueConfig(dir, hostname, retry, transportMap, t, threads, perDestination, bounceFullLimit,
                startTls, localDomains);
    }

    /** The same with {@code server.local_domains}. */
    public QueueConfig withLocalDomains(Set<String> domains) {
        return new QueueConfig(dir, hostname, retry, transportMap, timeouts, threads, perDestination,
                bounceFullLimit, startTls, domains);
    }

    boolean isLocalDomain(String domain) {
        return localDomains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
