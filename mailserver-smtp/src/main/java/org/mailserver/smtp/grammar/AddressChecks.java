package org.mailserver.smtp.grammar;

/**
 * Checks on a parsed address that decide how it may be used. Pure functions.
 */
public final class AddressChecks {

    private AddressChecks() {
    }

    /** True when the address has a character outside US-ASCII: it needs SMTPUTF8 (RFC 6531 3.4). */
    public static boolean needsUtf8(MailPath path) {
        String a = path.address();
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the local part carries routing of its own: {@code %} (the "percent hack"), {@code !}
     * (UUCP bang paths) or {@code @} (only possible quoted, {@code "user@remote"@local}). Such an
     * address at a local domain is a relay attempt through us (RFC 5321 3.6.2 and appendix C); it
     * is refused as unknown rather than routed.
     */
    public static boolean hasRoutingInLocalPart(MailPath path) {
        String local = path.localPart();
        return local.indexOf('%') >= 0 || local.indexOf('!') >= 0 || local.indexOf('@') >= 0;
    }
}
