package org.mailserver.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TestLdif} writes what the acceptance kit's {@code mailkit.users_ldif()} writes. */
class TestLdifTest {
    private static final Pattern PASSWORD = Pattern.compile("(?m)^userPassword: \\{SSHA}(\\S+)$");

    @TempDir
    Path dir;

    @Test
    void sameLdifAsMailkitApartFromTheSalts() throws Exception {
        Path kit = kitDirectory();
        Process python = new ProcessBuilder("python3", "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); import mailkit; sys.stdout.write(mailkit.users_ldif())",
                kit.toString()).redirectErrorStream(true).start();
        String expected = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), expected);
        Path ours = dir.resolve("users.ldif");
        TestLdif.write(ours);
        String actual = Files.readString(ours);
        assertEquals(unsalted(expected), unsalted(actual));
    }

    @Test
    void passwordsAreSaltedSha1OfTheDocumentedPasswords() throws Exception {
        String ldif = TestLdif.ldif(TestLdif.USERS, TestLdif.BASE);
        Matcher m = PASSWORD.matcher(ldif);
        int n = 0;
        for (Map.Entry<String, String> user : Map.of("alice", "alice-Secret1", "bob", "bob-Secret2", "carol",
                "carol-Secret3", "dave", "dave-Secret4", "erin", "erin-Secret5").entrySet()) {
            assertEquals(user.getValue(), TestLdif.PASSWORDS.get(user.getKey()));
        }
        while (m.find()) {
            byte[] both = Base64.getDecoder().decode(m.group(1));
            assertEquals(28, both.length, "20-byte SHA-1 and an 8-byte salt, as mailkit");
            n++;
        }
        assertEquals(5, n);
    }

    private static String unsalted(String ldif) {
        return PASSWORD.matcher(ldif).replaceAll("userPassword: {SSHA}...");
    }

    private static Path kitDirectory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path kit = p.resolve("../shared/acceptance").normalize();
            if (Files.exists(kit.resolve("mailkit.py"))) {
                return kit;
            }
            if (Files.exists(p.resolve("shared/acceptance/mailkit.py"))) {
                return p.resolve("shared/acceptance");
            }
        }
        Assumptions.abort("the acceptance kit (../shared/acceptance/mailkit.py) is not here");
        return null;
    }
}
