package org.mailserver.daemon;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.mailserver.core.config.RelayConfig;
import org.mailserver.core.dns.DnsResolver;
import org.mailserver.core.metrics.Metrics;

/** Builds the resolver from {@code dns.servers} (empty: the system's resolvers). */
final class Dns {
    /** RFC 1536 and common resolver practice: a lookup that takes longer is treated as a temporary failure. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Dns() {
    }

    static DnsResolver resolver(RelayConfig relay) {
        return resolver(relay, Metrics.none());
    }

    /** Timing its queries into {@code metrics} as {@code purpose=relay}. */
    static DnsResolver resolver(RelayConfig relay, Metrics metrics) {
        List<InetSocketAddress> servers = relay.dnsServers().stream()
                .map(hp -> new InetSocketAddress(hp.host(), hp.port())).toList();
        return new DnsResolver(servers, TIMEOUT, metrics.dns("relay"));
    }
}
