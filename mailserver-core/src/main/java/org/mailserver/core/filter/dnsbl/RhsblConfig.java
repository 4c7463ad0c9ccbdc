package org.mailserver.core.filter.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * {@code filter.rhsbl.zones}: any listing of the sender's domain or HELO name rejects; weights are
 * accepted for the shared syntax but not summed.
 *
 * @param zones the RHSBL zones with their reply filters
 */
public record RhsblConfig(List<DnsblZone> zones) {
    public RhsblConfig {
        zones = List.copyOf(zones);
    }

    /** The configuration, or empty when {@code filter.rhsbl.zones} is empty (the filter is off). */
    public static Optional<RhsblConfig> from(Settings s) {
        List<String> entries = s.list("filter.rhsbl.zones");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        List<DnsblZone> zones = DnsblZone.parseAll(entries, errors);
        for (String e : errors) {
            s.problem("filter.rhsbl.zones", "zone[=127.0.1.[2..99]] entries (" + e + ")");
        }
        return zones.isEmpty() ? Optional.empty() : Optional.of(new RhsblConfig(zones));
    }
}
