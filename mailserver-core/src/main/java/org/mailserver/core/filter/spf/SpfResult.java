package org.mailserver.core.filter.spf;

import java.util.Locale;

/** The results of check_host() (RFC 7208 2.6), named as in {@code Received-SPF:} and {@code Authentication-Results:}. */
public enum SpfResult {
    /** No SPF record, or no valid domain to check (RFC 7208 2.6.1). */
    NONE,
    /** The domain states nothing about the client (2.6.2), also the default when no mechanism matched (4.7). */
    NEUTRAL,
    /** The client is authorized (2.6.3). */
    PASS,
    /** The client is explicitly not authorized (2.6.4). */
    FAIL,
    /** Probably not authorized, a weak statement (2.6.5). */
    SOFTFAIL,
    /** A transient DNS error; a later retry may succeed (2.6.6). */
    TEMPERROR,
    /** The published records could not be interpreted (2.6.7). */
    PERMERROR;

    /** The lower-case name used in header fields, e.g. {@code softfail}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result a matching directive with this qualifier gives (RFC 7208 4.6.2): + pass, - fail, ~ softfail, ? neutral. */
    static SpfResult ofQualifier(char qualifier) {
        return switch (qualifier) {
            case '-' -> FAIL;
            case '~' -> SOFTFAIL;
            case '?' -> NEUTRAL;
            default -> PASS;
        };
    }
}
