package org.mailserver.core.auth;

import java.util.Arrays;

/**
 * The outcome of a SASL exchange: who logs in and with which password. Hand the password to
 * {@link org.mailserver.core.directory.Directory#authenticate} and then {@link #clear()} it.
 *
 * @param authcid the authentication identity (login name or address)
 * @param password the password; never logged, never turned into a {@code String}
 */
public record SaslCredentials(String authcid, char[] password) {

    /** Overwrites the password. */
    public void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "SaslCredentials[authcid=" + authcid + ", password=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslCredentials c && c.authcid.equals(authcid) && Arrays.equals(c.password, password);
    }

    @Override
    public int hashCode() {
        return authcid.hashCode();
    }
}
