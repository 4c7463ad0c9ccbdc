package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.testing.TestLdif.TestUser;

/**
 * What every directory backend must do, written once and run against the embedded server
 * ({@link EmbeddedDirectoryTest}) and a real OpenLDAP slapd ({@link SlapdDirectoryTest}), both through
 * {@link LdapDirectory}, so the two behave the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectoryContract {

    /** The acceptance kit's users, plus the cases the kit does not have. */
    static final List<TestUser> USERS = Stream.concat(TestLdif.USERS.stream(), Stream.of(
            new TestUser("frank", "frank-Secret6", "accountStatus: noaccess"),
            new TestUser("gina", "gina-Secret7", "accountStatus: deleted"),
            new TestUser("henry", "henry-Secret8", "mailAlternateAddress: Henry.Mixed@Example.TEST",
                    "mailHost: mx2.example.test", "mailQuotaCount: 100", "mailForwardingAddress: Elsewhere@Example.ORG",
                    "deliveryMode: noLocal", "mailReplyText: On holiday"),
            new TestUser("dupe1", "dupe1-Secret9", "mailAlternateAddress: shared@example.test"),
            new TestUser("dupe2", "dupe2-Secret10", "mailAlternateAddress: shared@example.test"),
            new TestUser("ivan", "ivan-Secret11", "SSHA256", List.of()),
            new TestUser("judy", "judy-Secret12", "SHA", List.of()),
            new TestUser("kim", "kim-Secret13", "CLEAR", List.of()))).toList();

    /** A running server holding {@link #USERS}. */
    interface Backend extends AutoCloseable {
        /** Where it is and how to bind; cache settings at their defaults. */
        DirectoryConfig config();

        /** Makes it unreachable (an outage). */
        void stop() throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Starts a new server loaded from {@code ldif}. */
    abstract Backend startBackend(Path ldif, Path work) throws Exception;

    Path work;
    Path ldif;
    Backend shared;
    LdapDirectory directory;

    @BeforeAll
    void startShared() throws Exception {
        work = Files.createTempDirectory("directory-test");
        ldif = work.resolve("users.ldif");
        TestLdif.write(ldif, USERS);
        shared = startBackend(ldif, work.resolve("shared"));
        directory = new LdapDirectory(shared.config());
    }

    @AfterAll
    void stopShared() throws Exception {
        if (directory != null) {
            directory.close();
        }
        if (shared != null) {
            shared.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String password(String uid) {
        return USERS.stream().filter(u -> u.uid().equals(uid)).findFirst().orElseThrow().password();
    }

    private User user(String address) throws DirectoryUnavailableException {
        return directory.findByAddress(address).orElseThrow(() -> new AssertionError("not found: " + address));
    }

    // ---- lookups by address

    @Test
    void findsUserByMail() throws Exception {
        User alice = user("alice@example.test");
        assertEquals("alice", alice.uid());
        assertEquals("alice@example.test", alice.mail());
        assertEquals("uid=alice,ou=people,dc=example,dc=test", alice.dn());
        assertEquals(List.of("a.liddell@example.test", "alice@example.org"), alice.alternates());
        assertEquals(AccountStatus.ACTIVE, alice.status());
        assertEquals("example.test", alice.domain());
        assertEquals("alice", alice.localPart());
    }

    @Test
    void findsUserByAlternateAddress() throws Exception {
        assertEquals("alice", user("a.liddell@example.test").uid());
    }

    @Test
    void findsUserByAlternateAddressInAnotherDomain() throws Exception {
        assertEquals("alice", user("alice@example.org").uid());
    }

    @Test
    void matchesAddressesCaseInsensitively() throws Exception {
        assertEquals("alice", user("ALICE@Example.TEST").uid());
        assertEquals("alice", user("A.Liddell@EXAMPLE.test").uid());
        assertEquals("henry", user("henry.mixed@example.test").uid());
    }

    @Test
    void unknownAddressIsNotFound() throws Exception {
        assertEquals(Optional.empty(), directory.findByAddress("nobody@example.test"));
        assertEquals(Optional.empty(), directory.findByAddress("alice@example.net"));
        assertEquals(Optional.empty(), directory.findByAddress("alice"), "a uid is no address");
        assertEquals(Optional.empty(), directory.findByAddress(""));
    }

    @Test
    void readsQuotaAndTheFieldsKeptForLater() throws Exception {
        User carol = user("carol@example.test");
        assertEquals(20000, carol.quotaSize());
        assertEquals(0, carol.quotaCount());
        User henry = user("henry@example.test");
        assertEquals(List.of("henry.mixed@example.test"), henry.alternates());
        assertEquals(Optional.of("mx2.example.test"), henry.mailHost());
        assertEquals(100, henry.quotaCount());
        assertEquals(0, henry.quotaSize());
        assertEquals(List.of("elsewhere@example.org"), henry.forwards());
        assertEquals(List.of("nolocal"), henry.deliveryModes());
        assertEquals(Optional.of("On holiday"), henry.replyText());
        assertEquals(Optional.empty(), carol.mailHost());
        assertEquals(Optional.empty(), carol.replyText());
    }

    @Test
    void returnsEveryStatusForCallersToDecide() throws Exception {
        assertEquals(AccountStatus.DISABLED, user("dave@example.test").status());
        assertEquals(AccountStatus.NOACCESS, user("frank@example.test").status());
        assertEquals(AccountStatus.DELETED, user("gina@example.test").status());
    }

    @Test
    void anAddressOfTwoUsersIsNotFound() throws Exception {
        assertEquals(Optional.empty(), directory.findByAddress("shared@example.test"));
        assertEquals("dupe1", user("dupe1@example.test").uid());
    }

    @Test
    void filterInjectionFindsNothing() throws Exception {
        for (String attack : List.of("*)(uid=*", "*", "alice*", "*@example.test", "alice@example.test)(mail=*",
                "*)(|(objectClass=*)", "\\2a", "alice@example.test\u0000", ")(")) {
            assertEquals(Optional.empty(), directory.findByAddress(attack), attack);
            assertEquals(Optional.empty(), directory.findByLogin(attack), attack);
            assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate(attack, "x".toCharArray()), attack);
        }
    }

    // ---- logins

    @Test
    void findsLoginByUidOrAddress() throws Exception {
        assertEquals("alice", directory.findByLogin("alice").orElseThrow().uid());
        assertEquals("alice", directory.findByLogin("ALICE").orElseThrow().uid());
        assertEquals("alice", directory.findByLogin("alice@example.test").orElseThrow().uid());
        assertEquals("alice", directory.findByLogin("a.liddell@example.test").orElseThrow().uid());
        assertEquals(Optional.empty(), directory.findByLogin("nobody"));
    }

    @Test
    void goodPasswordSucceedsByUidAndByAddress() throws Exception {
        for (String login : List.of("alice", "Alice", "alice@example.test", "A.Liddell@example.test", "alice@example.org")) {
            AuthResult result = directory.authenticate(login, "alice-Secret1".toCharArray());
            assertEquals("alice", assertInstanceOf(AuthResult.Success.class, result, login).user().uid());
        }
        for (TestUser u : TestLdif.USERS) {
            if (!u.uid().equals("dave")) {
                assertInstanceOf(AuthResult.Success.class,
                        directory.authenticate(u.uid(), TestLdif.PASSWORDS.get(u.uid()).toCharArray()), u.uid());
            }
        }
    }

    @Test
    void badPasswordUnknownUserAndEmptyPasswordAreBadCredentials() throws Exception {
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("alice", "wrong".toCharArray()));
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("alice", "alice-secret1".toCharArray()));
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("alice", new char[0]));
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("nobody", "alice-Secret1".toCharArray()));
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("bob", "alice-Secret1".toCharArray()));
    }

    @Test
    void otherPasswordSchemesVerify() throws Exception {
        for (String uid : List.of("ivan", "judy", "kim")) {
            assertInstanceOf(AuthResult.Success.class, directory.authenticate(uid, password(uid).toCharArray()), uid);
            assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate(uid, "nope".toCharArray()), uid);
        }
    }

    @Test
    void statusDecidesWhetherGoodCredentialsMayLogIn() throws Exception {
        assertEquals("dave", assertInstanceOf(AuthResult.Refused.class,
                directory.authenticate("dave", "dave-Secret4".toCharArray())).user().uid());
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("dave", "wrong".toCharArray()));
        assertInstanceOf(AuthResult.Refused.class, directory.authenticate("frank", "frank-Secret6".toCharArray()));
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("frank", "wrong".toCharArray()));
        // deleted: as if unknown, even with the right password
        assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("gina", "gina-Secret7".toCharArray()));
    }

    // ---- configuration

    @Test
    void filtersAndAttributeNamesAreConfigurable() throws Exception {
        DirectoryConfig custom = shared.config().toBuilder()
                .userFilter("(&(objectClass=inetOrgPerson)(mail=%s))")
                .attributes(new AttributeNames("cn", "mail", "mailAlternateAddress", "accountStatus", "mailHost",
                        "mailQuotaSize", "mailQuotaCount", "mailForwardingAddress", "deliveryMode", "mailReplyText"))
                .build();
        try (LdapDirectory d = new LdapDirectory(custom)) {
            assertEquals("Alice", d.findByAddress("alice@example.test").orElseThrow().uid());
            assertEquals(Optional.empty(), d.findByAddress("a.liddell@example.test"));
        }
    }

    @Test
    void baseFromRootDseOrConfigured() throws Exception {
        try (LdapDirectory d = new LdapDirectory(shared.config().toBuilder().base("").build())) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
        }
        try (LdapDirectory d = new LdapDirectory(shared.config().toBuilder().base("ou=people,dc=example,dc=test").build())) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
        }
    }

    @Test
    void aMissingBaseIsAnOutageNotAnUnknownUser() {
        try (LdapDirectory d = new LdapDirectory(shared.config().toBuilder().base("ou=nowhere,dc=example,dc=test").build())) {
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("alice@example.test"));
        }
    }

    // ---- failover, outages, cache

    @Test
    void failsOverToTheSecondUrl() throws Exception {
        DirectoryConfig config = shared.config().toBuilder()
                .urls(List.of("ldap://127.0.0.1:" + closedPort(), shared.config().urls().get(0))).build();
        try (LdapDirectory d = new LdapDirectory(config)) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
            assertInstanceOf(AuthResult.Success.class, d.authenticate("bob", "bob-Secret2".toCharArray()));
        }
    }

    @Test
    void unreachableServerIsAnOutage() throws Exception {
        DirectoryConfig config = shared.config().toBuilder()
                .urls(List.of("ldap://127.0.0.1:" + closedPort(), "ldap://127.0.0.1:" + closedPort())).build();
        try (LdapDirectory d = new LdapDirectory(config)) {
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("alice@example.test"));
            assertThrows(DirectoryUnavailableException.class, () -> d.findByLogin("alice"));
            assertThrows(DirectoryUnavailableException.class, () -> d.authenticate("alice", "alice-Secret1".toCharArray()));
        }
    }

    @Test
    void serverGoingDownIsAnOutage() throws Exception {
        try (Backend own = startBackend(ldif, work.resolve("down")); LdapDirectory d = new LdapDirectory(own.config())) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
            own.stop();
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("alice@example.test"));
            assertThrows(DirectoryUnavailableException.class, () -> d.authenticate("alice", "alice-Secret1".toCharArray()));
        }
    }

    @Test
    void cacheAnswersWithoutTheServerButNeverCachesAnOutage() throws Exception {
        try (Backend own = startBackend(ldif, work.resolve("cache"));
             CachingDirectory d = new CachingDirectory(new LdapDirectory(own.config()), Duration.ofMinutes(5),
                     Duration.ofMinutes(5), Duration.ofMinutes(5), 1000, Ticker.systemTicker())) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
            assertEquals(Optional.empty(), d.findByAddress("nobody@example.test"));
            assertInstanceOf(AuthResult.Success.class, d.authenticate("bob", "bob-Secret2".toCharArray()));
            own.stop();
            // Answered from the cache: the server is gone.
            assertEquals("alice", d.findByAddress("ALICE@example.test").orElseThrow().uid());
            assertEquals(Optional.empty(), d.findByAddress("nobody@example.test"));
            assertInstanceOf(AuthResult.Success.class, d.authenticate("bob", "bob-Secret2".toCharArray()));
            // Not cached: a wrong password, and anything not asked before, need the server.
            assertThrows(DirectoryUnavailableException.class, () -> d.authenticate("bob", "wrong".toCharArray()));
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("erin@example.test"));
            // The outage was not remembered as "no such user".
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("erin@example.test"));
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
