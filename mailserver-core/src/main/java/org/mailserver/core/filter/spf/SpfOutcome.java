package org.mailserver.core.filter.spf;

import java.util.Locale;

/**
 * What check_host() found for one identity: the result and what is needed to explain it in a
 * {@code Received-SPF:} field (RFC 7208 9.1) or an SMTP reply. Immutable.
 *
 * @param result the result (RFC 7208 2.6)
 * @param identity which identity was checked (RFC 7208 2.3, 2.4)
 * @param sender the {@code <sender>} checked: the MAIL FROM address, or {@code postmaster@} the HELO name
 * @param domain the {@code <domain>} checked first (the sender's domain or the HELO name)
 * @param mechanism the directive that decided ({@code -all}, {@code ip4:192.0.2.0/24}), {@code default}
 *     when none matched, or null when there was no record or an error
 * @param problem what went wrong for temperror and permerror, else null
 * @param explanation the domain's {@code exp=} text for a fail (RFC 7208 6.2), else null
 */
public record SpfOutcome(SpfResult result, Identity identity, String sender, String domain, String mechanism,
                         String problem, String explanation) {

    /** The identities SPF checks (RFC 7208 2.3, 2.4), named as in {@code identity=} of Received-SPF. */
    public enum Identity {
        MAILFROM, HELO;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
