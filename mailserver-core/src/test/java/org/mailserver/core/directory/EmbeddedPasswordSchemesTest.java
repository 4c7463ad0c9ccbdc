package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded directory checks every {@code userPassword} scheme it claims, with salts of any
 * length, and stays right when many binds run at once (UnboundID's own digest encoders share one
 * MessageDigest between threads and refused a right password now and then: DigestPasswordEncoder).
 */
class EmbeddedPasswordSchemesTest {
    private static final String[][] SCHEMES = {
        {"SSHA", "SHA-1", "8"}, {"SSHA", "SHA-1", "4"}, {"SSHA", "SHA-1", "16"}, {"SSHA256", "SHA-256", "8"},
        {"SSHA384", "SHA-384", "8"}, {"SSHA512", "SHA-512", "8"}, {"SMD5", "MD5", "8"},
        {"SHA", "SHA-1", "0"}, {"SHA256", "SHA-256", "0"}, {"SHA384", "SHA-384", "0"},
        {"SHA512", "SHA-512", "0"}, {"MD5", "MD5", "0"}, {"", "", "0"},
    };
    private static final int CONCURRENT_USERS = 20;

    @TempDir
    static Path dir;
    static EmbeddedLdap server;
    static LdapDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder ldif = new StringBuilder("dn: dc=example,dc=test\nobjectClass: top\nobjectClass: domain\n"
                + "dc: example\n\ndn: ou=people,dc=example,dc=test\nobjectClass: top\n"
                + "objectClass: organizationalUnit\nou: people\n\n");
        for (int i = 0; i < SCHEMES.length; i++) {
            user(ldif, "scheme" + i, hash(SCHEMES[i], "secret-" + i));
        }
        for (int i = 0; i < CONCURRENT_USERS; i++) {
            user(ldif, "busy" + i, hash(SCHEMES[0], "busy-secret-" + i));
        }
        Path file = dir.resolve("users.ldif");
        Files.writeString(file, ldif);
        server = EmbeddedLdap.start(file);
        directory = new LdapDirectory(server.clientConfig(DirectoryConfig.embedded(file)).toBuilder()
                .poolSize(16).build());
    }

    @AfterAll
    static void stop() {
        directory.close();
        server.close();
    }

    private static void user(StringBuilder ldif, String uid, String password) {
        ldif.append("dn: uid=").append(uid).append(",ou=people,dc=example,dc=test\nobjectClass: top\n")
                .append("objectClass: inetOrgPerson\nobjectClass: qmailUser\nuid: ").append(uid)
                .append("\ncn: ").append(uid).append("\nsn: Test\nmail: ").append(uid)
                .append("@example.test\nuserPassword: ").append(password).append("\naccountStatus: active\n\n");
    }

    /** As OpenLDAP's slappasswd writes them: {SCHEME}base64(digest(password + salt) + salt). */
    private static String hash(String[] scheme, String password) throws Exception {
        if (scheme[0].isEmpty()) {
            return password;
        }
        byte[] salt = new byte[Integer.parseInt(scheme[2])];
        new Random(salt.length).nextBytes(salt);
        MessageDigest d = MessageDigest.getInstance(scheme[1]);
        d.update(password.getBytes(StandardCharsets.UTF_8));
        d.update(salt);
        byte[] digest = d.digest();
        byte[] value = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, value, 0, digest.length);
        System.arraycopy(salt, 0, value, digest.length, salt.length);
        return "{" + scheme[0] + "}" + Base64.getEncoder().encodeToString(value);
    }

    @Test
    void everySchemeAcceptsItsPasswordAndRefusesOthers() throws Exception {
        for (int i = 0; i < SCHEMES.length; i++) {
            String what = "{" + SCHEMES[i][0] + "} with a " + SCHEMES[i][2] + "-byte salt";
            assertInstanceOf(AuthResult.Success.class, directory.authenticate("scheme" + i,
                    ("secret-" + i).toCharArray()), what);
            assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("scheme" + i,
                    ("secret-" + i + "x").toCharArray()), what);
            assertInstanceOf(AuthResult.BadCredentials.class, directory.authenticate("scheme" + i,
                    ("secret-" + (i + 1)).toCharArray()), what);
        }
    }

    @Test
    void concurrentBindsAreEachJudgedRight() throws Exception {
        int threads = 8;
        int perThread = 500;
        AtomicInteger wrongAnswers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        int user = (thread * perThread + n) % CONCURRENT_USERS;
                        boolean right = n % 4 != 0;  // every fourth try with a wrong password
                        String password = "busy-secret-" + user + (right ? "" : "!");
                        AuthResult r = directory.authenticate("busy" + user, password.toCharArray());
                        if (right != (r instanceof AuthResult.Success)) {
                            wrongAnswers.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrongAnswers.get(), "binds judged wrongly out of " + threads * perThread);
    }
}
