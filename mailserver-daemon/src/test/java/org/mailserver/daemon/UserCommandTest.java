package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;

/**
 * {@code mailserver user ...} on the embedded directory's LDIF: the shipped {@code conf/users.ldif}
 * (comments and all) changed by the command, then loaded by core's embedded directory to log in with.
 */
class UserCommandTest {

    /** What a command printed and returned. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\nout: " + out + "\nerr: " + err;
        }
    }

    /** Runs {@code mailserver user <args>} in this JVM with the project's conf/ and {@code sets} overrides. */
    static Result user(List<String> sets, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", DaemonTest.projectConf().toString()));
        sets.forEach(s -> all.addAll(List.of("--set", s)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = UserCommand.run(all.toArray(String[]::new),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static AuthResult login(DirectoryConfig config, String login, String password) throws Exception {
        try (Directory directory = Directories.open(config)) {
            return directory.authenticate(login, password.toCharArray());
        }
    }

    @Test
    void addPasswdDisableEnableAndListOnTheShippedLdif(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        String shipped = Files.readString(DaemonTest.projectConf().resolve("users.ldif"));
        Files.writeString(ldif, shipped);
        Files.setPosixFilePermissions(ldif, PosixFilePermissions.fromString("rw-r-----"));
        List<String> sets = List.of("directory.ldif=" + ldif, "data.dir=" + dir.resolve("data"));

        Result add = user(sets, "frank-Secret6\n", "add", "frank", "Frank@Example.TEST", "--password-stdin");
        assertEquals(0, add.status(), add.toString());
        assertTrue(add.out().contains("added uid=frank,ou=people,dc=example,dc=test <Frank@example.test>"), add.out());
        assertTrue(add.out().contains("apply it with systemctl reload mailserver"), add.out());
        assertEquals("", add.err(), "example.test is a local domain and the login filter finds frank");
        String afterAdd = Files.readString(ldif);
        assertTrue(afterAdd.startsWith(shipped), "every comment and entry is kept as it was");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(ldif)));
        DirectoryConfig embedded = DirectoryConfig.embedded(ldif);
        assertInstanceOf(AuthResult.Success.class, login(embedded, "frank", "frank-Secret6"));
        assertInstanceOf(AuthResult.Success.class, login(embedded, "demo", "demo-Password1"));

        Result passwd = user(sets, "frank-New7\r\n", "passwd", "frank@example.test");
        assertEquals(0, passwd.status(), passwd.toString());
        List<String> before = afterAdd.lines().toList();
        List<String> after = Files.readString(ldif).lines().toList();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                assertTrue(before.get(i).startsWith("userPassword: {SSHA}") && after.get(i).startsWith(
                        "userPassword: {SSHA}") && i > shipped.lines().count(), "only frank's password: " + after.get(i));
            }
        }
        assertInstanceOf(AuthResult.Success.class, login(embedded, "frank", "frank-New7"));
        assertInstanceOf(AuthResult.BadCredentials.class, login(embedded, "frank", "frank-Secret6"));

        assertEquals(0, user(sets, "", "disable", "frank").status());
        assertInstanceOf(AuthResult.Refused.class, login(embedded, "frank", "frank-New7"));
        assertTrue(Files.readString(ldif).contains("accountStatus: disabled"));
        assertEquals(0, user(sets, "", "enable", "frank").status());
        assertInstanceOf(AuthResult.Success.class, login(embedded, "frank", "frank-New7"));

        Result list = user(sets, "", "list");
        assertEquals(0, list.status(), list.toString());
        List<String> rows = list.out().lines().toList();
        assertEquals(4, rows.size(), list.out());
        assertTrue(rows.get(0).matches("UID +ADDRESS +STATUS +OTHER ADDRESSES"), rows.get(0));
        assertTrue(rows.get(1).matches("demo +demo@example.test +active +demo@example.org"), rows.get(1));
        assertTrue(rows.get(2).matches("frank +Frank@example.test +active +"), rows.get(2));
        assertTrue(rows.get(3).matches("postmaster +postmaster@example.test +active +abuse@example.test, "
                + "hostmaster@example.test"), rows.get(3));
        assertTrue(Files.readString(ldif).startsWith(shipped));
    }

    @Test
    void refusalsChangeNothing(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        Files.copy(DaemonTest.projectConf().resolve("users.ldif"), ldif);
        String shipped = Files.readString(ldif);
        List<String> sets = List.of("directory.ldif=" + ldif, "data.dir=" + dir.resolve("data"));

        Result taken = user(sets, "x-Secret1\n", "add", "demo", "other@example.test", "--password-stdin");
        assertEquals(1, taken.status(), taken.toString());
        assertTrue(taken.err().contains("login 'demo' is taken by uid=demo,ou=people,dc=example,dc=test"), taken.err());
        Result inUse = user(sets, "x-Secret1\n", "add", "other", "DEMO@example.org", "--password-stdin");
        assertEquals(1, inUse.status(), inUse.toString());
        assertTrue(inUse.err().contains("address DEMO@example.org belongs to uid=demo"), inUse.err());
        Result noPassword = user(sets, "", "add", "other", "other@example.test", "--password-stdin");
        assertEquals(1, noPassword.status(), noPassword.toString());
        Result noTerminal = user(sets, "x-Secret1\n", "add", "other", "other@example.test");
        assertTrue(noTerminal.err().contains("--password-stdin"), noTerminal.err());
        Result badAddress = user(sets, "x-Secret1\n", "add", "other", "other", "--password-stdin");
        assertTrue(badAddress.err().contains("'other' is not a mail address"), badAddress.err());
        Result unknown = user(sets, "x-Secret1\n", "passwd", "nobody");
        assertEquals(1, unknown.status(), unknown.toString());
        assertTrue(unknown.err().contains("no user 'nobody'"), unknown.err());
        assertEquals(2, user(sets, "", "disable").status());
        assertEquals(2, user(sets, "", "rename", "demo", "x").status());
        assertEquals(shipped, Files.readString(ldif));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(".users.ldif.lock", "users.ldif"), files.map(p -> p.getFileName().toString())
                    .sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void anAddressOutsideTheLocalDomainsIsAddedWithAWarning(@TempDir Path dir) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        Files.copy(DaemonTest.projectConf().resolve("users.ldif"), ldif);
        List<String> sets = List.of("directory.ldif=" + ldif, "data.dir=" + dir.resolve("data"));
        Result add = user(sets, "gina-Secret7\n", "add", "gina", "gina@elsewhere.test", "--password-stdin");
        assertEquals(0, add.status(), add.toString());
        assertTrue(add.err().contains("warning: elsewhere.test is not in domains"), add.err());
        assertInstanceOf(AuthResult.Success.class, login(DirectoryConfig.embedded(ldif), "gina", "gina-Secret7"));
    }
}
