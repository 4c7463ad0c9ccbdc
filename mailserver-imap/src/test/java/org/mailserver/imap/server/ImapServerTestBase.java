package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.testing.TestMessageSource;

/**
 * A fresh {@link ImapTestServer} per test (real LDAP, real Maildir in a temporary directory, real
 * sockets), raw clients that are closed afterwards, and the two ways mail arrives: delivery through
 * the store (what LMTP does) and a file dropped into {@code new/} by another program.
 */
abstract class ImapServerTestBase {
    private static final AtomicInteger DROPS = new AtomicInteger();

    @TempDir
    Path tmp;
    ImapTestServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = newServer(tmp);
    }

    /** Overridden by tests that need other timeouts or limits. */
    ImapTestServer newServer(Path root) throws Exception {
        return new ImapTestServer(root);
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
        server.close();
    }

    /** Registers something to close after the test, before the server stops. */
    <T extends AutoCloseable> T closeLater(T c) {
        open.add(0, c);
        return c;
    }

    /** A connection whose greeting has been read. */
    ImapLineClient connect() throws IOException {
        ImapLineClient c = closeLater(new ImapLineClient(server.port()));
        String greeting = c.line();
        assertTrue(greeting != null && greeting.startsWith("* OK [CAPABILITY IMAP4rev1 "), greeting);
        return c;
    }

    /** A connection logged in as {@code user}. */
    ImapLineClient login(String user) throws IOException {
        ImapLineClient c = connect();
        List<String> got = c.command("L", "LOGIN " + user + " " + TestLdif.PASSWORDS.get(user));
        assertTrue(got.get(got.size() - 1).startsWith("L OK "), got.toString());
        return c;
    }

    /** A connection logged in as {@code user} with {@code mailbox} selected. */
    ImapLineClient select(String user, String mailbox) throws IOException {
        ImapLineClient c = login(user);
        List<String> got = c.command("S", "SELECT " + mailbox);
        assertTrue(got.get(got.size() - 1).startsWith("S OK [READ-WRITE]"), got.toString());
        return c;
    }

    static void play(ImapLineClient c, String script) throws IOException {
        Transcript.play(c, script);
    }

    User user(String uid) throws Exception {
        return server.directory.findByLogin(uid).orElseThrow();
    }

    /** Delivers into the user's INBOX through the store, as LMTP does; returns the stored octets. */
    byte[] deliver(String uid, String message) throws Exception {
        DeliveryResult result = server.store.deliver(user(uid), new byte[0], TestMessageSource.of(message));
        assertEquals(DeliveryResult.Delivered.class, result.getClass(), result.toString());
        return crlf(message);
    }

    /** Delivers {@code n} small messages with subjects m1..mn. */
    void deliverMany(String uid, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            deliver(uid, message("m" + i, "body " + i));
        }
    }

    /**
     * Puts a message into a folder's {@code new/} as another delivery agent would (written in
     * {@code tmp/}, then renamed), behind the server's back. {@code folderDir} is the Maildir++
     * directory below the user's Maildir: {@code ""} for INBOX, {@code ".Archive"}.
     */
    Path drop(String uid, String folderDir, String message) throws IOException {
        Path root = folderDir.isEmpty() ? server.maildir(uid) : server.maildir(uid).resolve(folderDir);
        for (String d : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(root.resolve(d));
        }
        String name = System.currentTimeMillis() / 1000 + ".M" + DROPS.incrementAndGet() + "P4242.other.test";
        Files.write(root.resolve("tmp").resolve(name), crlf(message));
        return Files.move(root.resolve("tmp").resolve(name), root.resolve("new").resolve(name));
    }

    /** A small plain message. */
    static String message(String subject, String body) {
        return "From: sender@remote.test\r\nTo: bob@example.test\r\nSubject: " + subject
                + "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject + "@remote.test>\r\n\r\n"
                + body + "\r\n";
    }

    static byte[] crlf(String message) {
        return message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
