package org.mailserver.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The acceptance kit's users as LDIF, written exactly as {@code mailkit.users_ldif} in
 * {@code ../shared/acceptance/mailkit.py} writes them: base {@code dc=example,dc=test}, users under
 * {@code ou=people}, addresses {@code <uid>@example.test}, {@code {SSHA}} passwords with a fresh
 * 8-byte salt.
 *
 * <pre>
 *   alice  alice-Secret1  mailAlternateAddress a.liddell@example.test, alice@example.org
 *   bob    bob-Secret2
 *   carol  carol-Secret3  mailQuotaSize 20000
 *   dave   dave-Secret4   accountStatus disabled
 *   erin   erin-Secret5
 * </pre>
 */
public final class TestLdif {
    public static final String BASE = "dc=example,dc=test";
    public static final String DOMAIN = "example.test";
    public static final String OTHER_DOMAIN = "example.org";

    /**
     * One user.
     *
     * @param uid login name; the address is {@code uid@example.test}
     * @param password the clear password
     * @param scheme how {@code userPassword} holds it: {@code SSHA} (mailkit's), {@code SSHA256},
     *     {@code SHA} or {@code CLEAR}
     * @param extra further LDIF lines, e.g. {@code "accountStatus: disabled"}
     */
    public record TestUser(String uid, String password, String scheme, List<String> extra) {
        public TestUser(String uid, String password, String... extra) {
            this(uid, password, "SSHA", List.of(extra));
        }
    }

    /** mailkit's USERS. */
    public static final List<TestUser> USERS = List.of(
            new TestUser("alice", "alice-Secret1", "mailAlternateAddress: a.liddell@example.test",
                    "mailAlternateAddress: alice@example.org"),
            new TestUser("bob", "bob-Secret2"),
            new TestUser("carol", "carol-Secret3", "mailQuotaSize: 20000"),
            new TestUser("dave", "dave-Secret4", "accountStatus: disabled"),
            new TestUser("erin", "erin-Secret5"));

    /** uid to clear password, for {@link #USERS}. */
    public static final Map<String, String> PASSWORDS = passwords(USERS);

    private TestLdif() {
    }

    /** Writes {@link #USERS} to {@code file}. */
    public static void write(Path file) throws IOException {
        write(file, USERS);
    }

    /** Writes {@code users} under {@link #BASE} to {@code file}. */
    public static void write(Path file, List<TestUser> users) throws IOException {
        Files.writeString(file, ldif(users, BASE), StandardCharsets.UTF_8);
    }

    /** mailkit's {@code users_ldif(users, base)}, line for line. */
    public static String ldif(List<TestUser> users, String base) {
        List<String> out = new ArrayList<>(List.of("dn: " + base, "objectClass: top", "objectClass: domain",
                "dc: example", "", "dn: ou=people," + base, "objectClass: top",
                "objectClass: organizationalUnit", "ou: people", ""));
        for (TestUser user : users) {
            boolean hasStatus = user.extra().stream().anyMatch(l -> l.split(":", 2)[0].equals("accountStatus"));
            out.addAll(List.of("dn: uid=" + user.uid() + ",ou=people," + base, "objectClass: top",
                    "objectClass: inetOrgPerson", "objectClass: qmailUser", "uid: " + user.uid(),
                    "cn: " + title(user.uid()), "sn: Example", "mail: " + user.uid() + "@" + DOMAIN,
                    "userPassword: " + hash(user.scheme(), user.password())));
            if (!hasStatus) {
                out.add("accountStatus: active");
            }
            out.addAll(user.extra());
            out.add("");
        }
        return String.join("\n", out) + "\n";
    }

    /** uid to password. */
    public static Map<String, String> passwords(List<TestUser> users) {
        Map<String, String> map = new LinkedHashMap<>();
        users.forEach(u -> map.put(u.uid(), u.password()));
        return Map.copyOf(map);
    }

    /** A {@code userPassword} value: {@code {SSHA}} is base64(SHA1(password + salt) + salt), as mailkit's. */
    public static String hash(String scheme, String password) {
        byte[] clear = password.getBytes(StandardCharsets.UTF_8);
        switch (scheme) {
            case "CLEAR":
                return password;
            case "SHA":
                return "{SHA}" + Base64.getEncoder().encodeToString(digest("SHA-1", clear, new byte[0]));
            case "SSHA":
                return salted("SSHA", "SHA-1", clear, 8);
            case "SSHA256":
                return salted("SSHA256", "SHA-256", clear, 4);
            default:
                throw new IllegalArgumentException("scheme " + scheme);
        }
    }

    private static String salted(String prefix, String algorithm, byte[] clear, int saltLength) {
        byte[] salt = new byte[saltLength];
        new SecureRandom().nextBytes(salt);
        byte[] digest = digest(algorithm, clear, salt);
        byte[] both = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, both, 0, digest.length);
        System.arraycopy(salt, 0, both, digest.length, salt.length);
        return "{" + prefix + "}" + Base64.getEncoder().encodeToString(both);
    }

    private static byte[] digest(String algorithm, byte[] clear, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(clear);
            md.update(salt);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python's {@code str.title()} for the ASCII names used here. */
    private static String title(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean start = true;
        for (char c : name.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }
}
