package org.mailserver.daemon;

import java.util.Optional;
import org.mailserver.core.config.Settings;
import org.mailserver.core.filter.authres.ForgedResultsConfig;
import org.mailserver.core.filter.clamd.ClamdConfig;
import org.mailserver.core.filter.content.ContentChecksConfig;
import org.mailserver.core.filter.content.DateCheckConfig;
import org.mailserver.core.filter.dnsbl.DnsblConfig;
import org.mailserver.core.filter.dnsbl.DnsblLookup;
import org.mailserver.core.filter.dnsbl.RhsblConfig;
import org.mailserver.core.filter.greylist.GreylistConfig;
import org.mailserver.core.filter.rate.RateLimitConfig;
import org.mailserver.core.filter.spamd.SpamdConfig;
import org.mailserver.core.filter.spf.SpfConfig;

/**
 * The {@code filter.*} settings, each present when its filter is on. Parsed with the rest of the
 * configuration, so a bad map line or zone stops the start with the others.
 */
record FilterSettings(Optional<DnsblConfig> rbl, Optional<RhsblConfig> rhsbl, Optional<SpfConfig> spf,
                      Optional<GreylistConfig> greylist, Optional<ContentChecksConfig> content,
                      Optional<DateCheckConfig> date, Optional<SpamdConfig> spamd, Optional<ClamdConfig> clamd,
                      Optional<RateLimitConfig> rate, Optional<DnsblLookup> dnsbl, ForgedResultsConfig authResults) {

    static FilterSettings from(Settings s) {
        Optional<DnsblConfig> rbl = DnsblConfig.from(s);
        Optional<RhsblConfig> rhsbl = RhsblConfig.from(s);
        // one lookup for both, so they share the TTL cache (dns.servers)
        Optional<DnsblLookup> lookup = rbl.isPresent() || rhsbl.isPresent()
                ? Optional.of(DnsblLookup.from(s)) : Optional.empty();
        return new FilterSettings(rbl, rhsbl, SpfConfig.from(s), GreylistConfig.from(s), ContentChecksConfig.from(s),
                DateCheckConfig.from(s), SpamdConfig.from(s), ClamdConfig.from(s), RateLimitConfig.from(s), lookup,
                ForgedResultsConfig.from(s));
    }
}
