package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.testing.Slapd;
import org.mailserver.core.testing.TestLdif;

/**
 * {@code mailserver user ...} on a real OpenLDAP slapd ({@code directory.url}), bound as its rootDN;
 * the result checked by logging in through core's directory as the server does (bound as the
 * read-only service account). Skipped without slapd, failed if {@code REQUIRE_SLAPD=1}.
 */
@ExtendWith(Slapd.Condition.class)
class UserCommandSlapdTest {
    private static final String ADMIN_DN = "cn=admin," + TestLdif.BASE;
    private static final String ADMIN_PASSWORD = "admin-Secret0"; // Slapd's olcRootPW

    @Test
    void addPasswdDisableEnableAndListOnAnExternalServer(@TempDir Path dir) throws Exception {
        Slapd.require();
        Path ldif = dir.resolve("data.ldif");
        TestLdif.write(ldif);
        try (Slapd slapd = Slapd.start(dir.resolve("slapd"), ldif)) {
            List<String> common = List.of("directory.url=" + slapd.url(), "directory.base=" + TestLdif.BASE,
                    "data.dir=" + dir.resolve("data"));
            List<String> admin = Stream.concat(common.stream(), Stream.of("directory.bind.dn=" + ADMIN_DN,
                    "directory.bind.password=" + ADMIN_PASSWORD)).toList();
            DirectoryConfig server = DirectoryConfig.builder().urls(List.of(slapd.url())).bindDn(Slapd.SERVICE_DN)
                    .bindPassword(Slapd.SERVICE_PASSWORD).base(TestLdif.BASE).build();

            UserCommandTest.Result add = UserCommandTest.user(admin, "frank-Secret6\n", "add", "frank",
                    "frank@example.test", "--password-stdin");
            assertEquals(0, add.status(), add.toString());
            assertTrue(add.out().contains("added uid=frank,ou=people,dc=example,dc=test <frank@example.test>"),
                    add.out());
            assertTrue(add.out().contains("Changed on " + slapd.url()), add.out());
            assertInstanceOf(AuthResult.Success.class, UserCommandTest.login(server, "frank", "frank-Secret6"));

            assertEquals(0, UserCommandTest.user(admin, "frank-New7\n", "passwd", "frank").status());
            assertInstanceOf(AuthResult.Success.class, UserCommandTest.login(server, "frank", "frank-New7"));
            assertInstanceOf(AuthResult.BadCredentials.class, UserCommandTest.login(server, "frank", "frank-Secret6"));

            assertEquals(0, UserCommandTest.user(admin, "", "disable", "frank@example.test").status());
            assertInstanceOf(AuthResult.Refused.class, UserCommandTest.login(server, "frank", "frank-New7"));
            assertEquals(0, UserCommandTest.user(admin, "", "enable", "frank").status());
            assertInstanceOf(AuthResult.Success.class, UserCommandTest.login(server, "frank", "frank-New7"));

            UserCommandTest.Result list = UserCommandTest.user(admin, "", "list");
            assertEquals(0, list.status(), list.toString());
            List<String> rows = list.out().lines().toList();
            assertEquals(1 + TestLdif.USERS.size() + 1, rows.size(), list.out());
            assertTrue(rows.stream().anyMatch(r -> r.matches("alice +alice@example.test +active +"
                    + "a.liddell@example.test, alice@example.org")), list.out());
            assertTrue(rows.stream().anyMatch(r -> r.matches("dave +dave@example.test +disabled +")), list.out());
            assertTrue(rows.stream().anyMatch(r -> r.matches("frank +frank@example.test +active +")), list.out());

            UserCommandTest.Result taken = UserCommandTest.user(admin, "x-Secret1\n", "add", "bob",
                    "bob2@example.test", "--password-stdin");
            assertEquals(1, taken.status(), taken.toString());
            assertTrue(taken.err().contains("login 'bob' is taken"), taken.err());

            // The server's own account may read but not write: the refusal says what to do.
            List<String> readOnly = Stream.concat(common.stream(), Stream.of("directory.bind.dn=" + Slapd.SERVICE_DN,
                    "directory.bind.password=" + Slapd.SERVICE_PASSWORD)).toList();
            UserCommandTest.Result refused = UserCommandTest.user(readOnly, "", "disable", "bob");
            assertEquals(1, refused.status(), refused.toString());
            assertTrue(refused.err().contains("directory.bind.dn must be allowed to write users"), refused.err());
            assertInstanceOf(AuthResult.Success.class, UserCommandTest.login(server, "bob", "bob-Secret2"));
        }
    }
}
