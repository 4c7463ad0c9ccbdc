package org.mailserver.smtp.grammar;

import java.util.Locale;

/**
 * A reverse-path or forward-path mailbox of RFC 5321 4.1.2, after parsing: a source route is
 * dropped (RFC 5321 4.1.1.3, appendix C), quotes around a local part are kept as the client sent
 * them, since they are part of the address.
 *
 * @param localPart the local part, e.g. {@code bob} or {@code "john doe"}; empty for the null path
 * @param domain the domain or address literal; empty for the null path
 */
public record MailPath(String localPart, String domain) {
    /** The null reverse-path {@code <>} of bounces (RFC 5321 4.5.5). */
    public static final MailPath NULL = new MailPath("", "");

    public boolean isNull() {
        return localPart.isEmpty() && domain.isEmpty();
    }

    /** {@code local@domain}, or the empty string for the null path. */
    public String address() {
        return isNull() ? "" : localPart + "@" + domain;
    }

    /** The domain in lower case, for comparisons with local domains (domains are case-insensitive). */
    public String domainLowerCase() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** {@code <local@domain>} as in replies and trace headers. */
    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
