package org.mailserver.core.directory;

/** The outcome of a login attempt. */
public sealed interface AuthResult {

    /** Credentials were right and the account may log in. */
    record Success(User user) implements AuthResult {
    }

    /** Unknown user or wrong password; the caller must not tell which. */
    record BadCredentials() implements AuthResult {
    }

    /** Credentials were right but {@code accountStatus} forbids logins. */
    record Refused(User user) implements AuthResult {
    }
}
