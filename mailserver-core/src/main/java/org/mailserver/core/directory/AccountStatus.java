package org.mailserver.core.directory;

import java.util.Locale;

/**
 * qmail-ldap's {@code accountStatus} values and what each allows.
 *
 * <p>An absent attribute means {@link #ACTIVE}, as in qmail-ldap. An unknown value is treated as
 * {@link #DISABLED}: refusing is the safe reading of a value we do not understand.
 */
public enum AccountStatus {
    /** Mail is delivered and the user may log in. */
    ACTIVE(true, true),
    /** Mail is delivered, logins are refused. */
    NOACCESS(true, false),
    /** No login; deliveries are refused with 550 5.2.1. */
    DISABLED(false, false),
    /** Treated as if the user did not exist: 550 5.1.1. */
    DELETED(false, false);

    private final boolean receivesMail;
    private final boolean mayLogIn;

    AccountStatus(boolean receivesMail, boolean mayLogIn) {
        this.receivesMail = receivesMail;
        this.mayLogIn = mayLogIn;
    }

    public boolean receivesMail() {
        return receivesMail;
    }

    public boolean mayLogIn() {
        return mayLogIn;
    }

    /** Parses an attribute value; {@code null} or blank is {@link #ACTIVE}. */
    public static AccountStatus parse(String value) {
        if (value == null || value.isBlank()) {
            return ACTIVE;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "active":
                return ACTIVE;
            case "noaccess":
                return NOACCESS;
            case "deleted":
                return DELETED;
            default:
                return DISABLED;
        }
    }
}
