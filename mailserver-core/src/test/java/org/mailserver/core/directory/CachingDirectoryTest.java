package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache's rules with a scripted directory and a hand-driven clock. */
class CachingDirectoryTest {
    private static final User ALICE = new User("uid=alice,ou=people,dc=example,dc=test", "alice", "alice@example.test",
            List.of(), AccountStatus.ACTIVE, Optional.empty(), 0, 0, List.of(), List.of(), Optional.empty());

    /** Knows alice (password "pw"); counts calls; can be switched to an outage. */
    static final class Scripted implements Directory {
        final List<String> calls = new ArrayList<>();
        boolean down;
        boolean closed;

        @Override
        public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
            calls.add("address " + address);
            check();
            return address.equalsIgnoreCase("alice@example.test") ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
            calls.add("login " + login);
            check();
            return login.equalsIgnoreCase("alice") ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
            calls.add("auth " + login);
            check();
            return login.equalsIgnoreCase("alice") && new String(password).equals("pw")
                    ? new AuthResult.Success(ALICE) : new AuthResult.BadCredentials();
        }

        private void check() throws DirectoryUnavailableException {
            if (down) {
                throw new DirectoryUnavailableException("down", null);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final AtomicLong nanos = new AtomicLong();
    final Scripted ldap = new Scripted();
    final CachingDirectory cache = new CachingDirectory(ldap, Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 100, nanos::get);

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void foundUsersAreCachedForTheTtlCaseInsensitively() throws Exception {
        assertEquals(Optional.of(ALICE), cache.findByAddress("alice@example.test"));
        assertEquals(Optional.of(ALICE), cache.findByAddress("ALICE@example.test"));
        advance(Duration.ofSeconds(59));
        assertEquals(Optional.of(ALICE), cache.findByAddress("alice@example.test"));
        assertEquals(1, ldap.calls.size());
        advance(Duration.ofSeconds(2));
        cache.findByAddress("alice@example.test");
        assertEquals(2, ldap.calls.size());
    }

    @Test
    void notFoundIsCachedForTheNegativeTtl() throws Exception {
        assertEquals(Optional.empty(), cache.findByAddress("nobody@example.test"));
        advance(Duration.ofSeconds(9));
        assertEquals(Optional.empty(), cache.findByAddress("nobody@example.test"));
        assertEquals(1, ldap.calls.size());
        advance(Duration.ofSeconds(2));
        cache.findByAddress("nobody@example.test");
        assertEquals(2, ldap.calls.size());
    }

    @Test
    void addressesAndLoginsAreSeparateKeys() throws Exception {
        cache.findByLogin("alice");
        cache.findByAddress("alice");
        assertEquals(List.of("login alice", "address alice"), ldap.calls);
    }

    @Test
    void outagesAreNeverCached() throws Exception {
        ldap.down = true;
        assertThrows(DirectoryUnavailableException.class, () -> cache.findByAddress("alice@example.test"));
        assertThrows(DirectoryUnavailableException.class, () -> cache.findByAddress("alice@example.test"));
        assertThrows(DirectoryUnavailableException.class, () -> cache.authenticate("alice", "pw".toCharArray()));
        ldap.down = false;
        assertEquals(Optional.of(ALICE), cache.findByAddress("alice@example.test"));
        assertInstanceOf(AuthResult.Success.class, cache.authenticate("alice", "pw".toCharArray()));
        assertEquals(5, ldap.calls.size());
    }

    @Test
    void onlySuccessfulLoginsAreCachedAndOnlyForTheSamePassword() throws Exception {
        assertInstanceOf(AuthResult.Success.class, cache.authenticate("alice", "pw".toCharArray()));
        assertInstanceOf(AuthResult.Success.class, cache.authenticate("Alice", "pw".toCharArray()));
        assertEquals(1, ldap.calls.size());
        assertInstanceOf(AuthResult.BadCredentials.class, cache.authenticate("alice", "PW".toCharArray()));
        assertInstanceOf(AuthResult.BadCredentials.class, cache.authenticate("alice", "PW".toCharArray()));
        assertEquals(3, ldap.calls.size(), "failures always ask the directory");
        advance(Duration.ofSeconds(31));
        cache.authenticate("alice", "pw".toCharArray());
        assertEquals(4, ldap.calls.size(), "expired after the auth TTL");
    }

    @Test
    void zeroTtlsTurnCachingOff() throws Exception {
        CachingDirectory off = new CachingDirectory(ldap, Duration.ZERO, Duration.ZERO, Duration.ZERO, 100, nanos::get);
        off.findByAddress("alice@example.test");
        off.findByAddress("alice@example.test");
        off.findByAddress("nobody@example.test");
        off.findByAddress("nobody@example.test");
        off.authenticate("alice", "pw".toCharArray());
        off.authenticate("alice", "pw".toCharArray());
        assertEquals(6, ldap.calls.size());
    }

    @Test
    void closeClosesTheDirectory() {
        cache.close();
        assertEquals(true, ldap.closed);
    }
}
