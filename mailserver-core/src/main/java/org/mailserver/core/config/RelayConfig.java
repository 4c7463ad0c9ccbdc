package org.mailserver.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of mail leaving this server: who may relay, where mail goes next, how long it is retried.
 *
 * @param trustedNetworks CIDR networks allowed to relay without authentication ({@code smtp.trusted_networks})
 * @param transportMaps Postfix-style transport file ({@code relay.transport_maps}), if any
 * @param retryIntervals outbound retry schedule; the last interval repeats ({@code queue.retry_intervals})
 * @param maxAge when an undeliverable message is bounced ({@code queue.max_age})
 * @param dnsServers resolvers for MX and other lookups; empty means the system's ({@code dns.servers})
 */
public record RelayConfig(List<String> trustedNetworks, Optional<Path> transportMaps, List<Duration> retryIntervals,
                          Duration maxAge, List<Settings.HostPort> dnsServers) {

    public RelayConfig {
        trustedNetworks = List.copyOf(trustedNetworks);
        retryIntervals = List.copyOf(retryIntervals);
        dnsServers = List.copyOf(dnsServers);
    }

    /** Reads the keys; problems are left in {@code s.problems()}. */
    public static RelayConfig from(Settings s) {
        List<Duration> retries = s.durations("queue.retry_intervals");
        if (retries.isEmpty() && s.problems().stream().noneMatch(p -> p.startsWith("queue.retry_intervals"))) {
            s.problem("queue.retry_intervals", "at least one duration, such as 1m,5m,15m");
        }
        if (retries.stream().anyMatch(Duration::isZero)) {
            s.problem("queue.retry_intervals", "durations longer than zero");
        }
        return new RelayConfig(s.networks("smtp.trusted_networks"), s.readableFile("relay.transport_maps"), retries,
                s.duration("queue.max_age"), s.hostPorts("dns.servers"));
    }
}
