package org.mailserver.core.directory;

import java.util.Optional;

/**
 * The user directory: LDAP, embedded or external, usually behind a cache.
 *
 * <p>Threading: every method blocks (network I/O) and must never be called on a Netty event loop;
 * run it on the {@link org.mailserver.core.exec.BlockingExecutor}. Implementations are thread-safe.
 *
 * <p>Failures: an outage is a {@link DirectoryUnavailableException}, never an empty result, so
 * callers can answer 4xx instead of 5xx.
 */
public interface Directory extends AutoCloseable {

    /**
     * Finds the user owning an address, matching {@code mail} or {@code mailAlternateAddress}
     * case-insensitively. Returns users of every {@link AccountStatus}; callers decide what a status
     * means for them. Input is escaped per RFC 4515 by implementations.
     */
    Optional<User> findByAddress(String address) throws DirectoryUnavailableException;

    /** Finds a user by login name: a {@code uid}, or an address as {@link #findByAddress}. */
    Optional<User> findByLogin(String login) throws DirectoryUnavailableException;

    /**
     * Authenticates by binding as the user's DN with the password, so any hash scheme the LDAP
     * server knows works. The password array is not kept.
     */
    AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException;

    @Override
    void close();
}
