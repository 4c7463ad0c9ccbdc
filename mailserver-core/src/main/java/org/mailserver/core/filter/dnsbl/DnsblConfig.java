package org.mailserver.core.filter.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * {@code filter.rbl.zones} and {@code filter.rbl.threshold}.
 *
 * @param zones the DNSBL zones with their reply filters and weights
 * @param threshold the sum of weights from which a client is rejected
 */
public record DnsblConfig(List<DnsblZone> zones, int threshold) {
    public DnsblConfig {
        zones = List.copyOf(zones);
    }

    /** The configuration, or empty when {@code filter.rbl.zones} is empty (the filter is off). */
    public static Optional<DnsblConfig> from(Settings s) {
        List<String> entries = s.list("filter.rbl.zones");
        int threshold = s.integer("filter.rbl.threshold", 1, 1_000_000);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        List<DnsblZone> zones = DnsblZone.parseAll(entries, errors);
        for (String e : errors) {
            s.problem("filter.rbl.zones", "zone[=127.0.0.[2..11]][*weight] entries (" + e + ")");
        }
        return zones.isEmpty() ? Optional.empty() : Optional.of(new DnsblConfig(zones, threshold));
    }
}
