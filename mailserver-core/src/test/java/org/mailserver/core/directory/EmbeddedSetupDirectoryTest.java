package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.Slapd;
import org.mailserver.core.testing.TestLdif;

/** The embedded backend as shipped: {@link Directories#open}, conf/users.ldif, the schema, bad LDIF. */
class EmbeddedSetupDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void opensTheEmbeddedDirectoryCachedAndClosesIt() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        try (Directory d = Directories.open(DirectoryConfig.embedded(ldif))) {
            assertInstanceOf(CachingDirectory.class, d);
            assertEquals("alice", d.findByAddress("alice@example.org").orElseThrow().uid());
            assertInstanceOf(AuthResult.Success.class, d.authenticate("carol", "carol-Secret3".toCharArray()));
            assertEquals(20000, d.findByLogin("carol").orElseThrow().quotaSize());
        }
    }

    @Test
    void theShippedUsersWorkWithTheirDocumentedPasswords() throws Exception {
        Path shipped = Slapd.projectFile("conf/users.ldif");
        String text = Files.readString(shipped);
        assertTrue(text.contains("postmaster-Change-me1") && text.contains("demo-Password1"), "passwords documented");
        try (Directory d = Directories.open(DirectoryConfig.embedded(shipped))) {
            assertInstanceOf(AuthResult.Success.class, d.authenticate("postmaster", "postmaster-Change-me1".toCharArray()));
            assertInstanceOf(AuthResult.Success.class, d.authenticate("demo@example.test", "demo-Password1".toCharArray()));
            assertEquals("postmaster", d.findByAddress("abuse@example.test").orElseThrow().uid());
            assertEquals("demo", d.findByAddress("demo@example.org").orElseThrow().uid());
        }
    }

    @Test
    void theClasspathSchemaIsTheShippedOne() throws Exception {
        try (InputStream in = EmbeddedLdap.class.getResourceAsStream("qmail.schema.ldif")) {
            assertEquals(Files.readString(Slapd.projectFile("conf/schema/qmail.schema.ldif")),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyTopEntryIsANamingContext() throws Exception {
        Path ldif = dir.resolve("two.ldif");
        Files.writeString(ldif, TestLdif.ldif(TestLdif.USERS, "dc=example,dc=test")
                + TestLdif.ldif(List.of(new TestLdif.TestUser("zoe", "zoe-Secret1")), "dc=example,dc=org")
                        .replace("zoe@example.test", "zoe@example.org"));
        try (EmbeddedLdap server = EmbeddedLdap.start(ldif);
             LdapDirectory d = new LdapDirectory(server.clientConfig(DirectoryConfig.embedded(ldif)))) {
            assertEquals(2, server.baseDns().size());
            assertEquals("zoe", d.findByAddress("zoe@example.org").orElseThrow().uid());
            assertEquals("bob", d.findByAddress("bob@example.test").orElseThrow().uid());
        }
    }

    @Test
    void anonymousClientsCannotSearchAndNobodyCanWrite() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        try (EmbeddedLdap server = EmbeddedLdap.start(ldif)) {
            DirectoryConfig config = server.clientConfig(DirectoryConfig.embedded(ldif));
            int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
            try (LDAPConnection c = new LDAPConnection("127.0.0.1", port)) {
                LDAPException e = assertThrows(LDAPException.class,
                        () -> c.search(TestLdif.BASE, SearchScope.SUB, "(uid=*)"));
                assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, e.getResultCode());
                c.bind(config.bindDn(), config.bindPassword());
                assertEquals(5, c.search(TestLdif.BASE, SearchScope.SUB, "(objectClass=qmailUser)").getEntryCount());
                assertThrows(LDAPException.class, () -> c.delete("uid=bob,ou=people," + TestLdif.BASE));
            }
        }
    }

    @Test
    void badLdifIsAnIoErrorNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.ldif");
        assertThrows(IOException.class, () -> Directories.open(DirectoryConfig.embedded(missing)));
        Path garbage = dir.resolve("garbage.ldif");
        Files.writeString(garbage, "dn: dc=example,dc=test\nthis is not ldif\n");
        assertTrue(assertThrows(IOException.class, () -> EmbeddedLdap.start(garbage)).getMessage()
                .contains("garbage.ldif"));
        Path noMail = dir.resolve("nomail.ldif");
        Files.writeString(noMail, TestLdif.ldif(List.of(new TestLdif.TestUser("x", "y")), TestLdif.BASE)
                .replace("mail: x@example.test\n", ""));
        assertTrue(assertThrows(IOException.class, () -> EmbeddedLdap.start(noMail)).getMessage()
                .contains("nomail.ldif"), "qmailUser requires mail");
    }
}
