package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.store.maildir.MaildirStore;

/**
 * Submission on a real socket, with Jakarta Mail's SMTP transport as the client, the real embedded
 * LDAP directory and the real Maildir store; remote recipients land in a recording queue.
 */
class SubmissionSocketTest {
    @TempDir
    Path dir;
    Directory directory;
    MaildirStore store;
    final Fakes.FakeQueue queue = new Fakes.FakeQueue();
    TestServer submission;
    TestServer submissions;

    @BeforeEach
    void start() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        directory = Directories.open(DirectoryConfig.embedded(ldif));
        store = new MaildirStore(dir.resolve("mail") + "/%d/%n", TestServer.HOST);
        SmtpServerConfig config = SmtpServerConfig.defaults(Dialect.ESMTP, dir.resolve("spool"))
                .withStateDir(dir.resolve("state"));
        submission = new TestServer(directory, store, queue, config, SmtpRole.SUBMISSION, Duration.ofMinutes(1),
                SmtpHooks.NONE);
        submissions = new TestServer(directory, store, queue, config, SmtpRole.SUBMISSIONS, Duration.ofMinutes(1),
                SmtpHooks.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        submission.close();
        submissions.close();
        directory.close();
    }

    private static Session session(int port, boolean implicitTls) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", "PLAIN");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.timeout", "10000");
        if (implicitTls) {
            p.put("mail.smtp.ssl.enable", "true");
        } else {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(p);
    }

    private static MimeMessage message(Session s, String from, String subject, String... to) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(from));
        for (String t : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        }
        m.setSubject(subject);
        m.setText("hello from Jakarta Mail\n");
        return m;
    }

    private List<String> inbox(String user) throws Exception {
        Path newDir = dir.resolve("mail/example.test/" + user + "/new");
        if (!Files.isDirectory(newDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newDir)) {
            return files.map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void startTlsAuthPlainDeliversLocallyAndQueuesRemote() throws Exception {
        Session s = session(submission.port(), false);
        MimeMessage m = message(s, "alice@example.test", "via-587", "bob@example.test", "friend@remote.test");
        Transport.send(m, "alice", TestLdif.PASSWORDS.get("alice"));

        List<String> bob = inbox("bob");
        assertEquals(1, bob.size());
        String copy = bob.get(0);
        assertTrue(copy.startsWith("Return-Path: <alice@example.test>\r\nDelivered-To: bob@example.test\r\n"), copy);
        assertTrue(copy.contains(" with ESMTPSA id "), copy);
        assertTrue(copy.contains("Subject: via-587"), copy);
        assertEquals(1, queue.entries.size());
        assertEquals("alice@example.test", queue.entries.get(0).envelope().sender());
        assertEquals("friend@remote.test", queue.entries.get(0).envelope().recipients().get(0).address());
        assertTrue(queue.entries.get(0).text().contains("Subject: via-587"));
    }

    @Test
    void implicitTlsWithAnAlternateAddressAsSender() throws Exception {
        Session s = session(submissions.port(), true);
        // alice@example.org is one of alice's mailAlternateAddress values; login by address
        Transport.send(message(s, "alice@example.org", "via-465", "erin@example.test"), "alice@example.test",
                TestLdif.PASSWORDS.get("alice"));
        assertEquals(1, inbox("erin").size());
        assertTrue(inbox("erin").get(0).contains("Subject: via-465"));
    }

    @Test
    void wrongPasswordAndForeignSenderAreRefused() throws Exception {
        Session s = session(submission.port(), false);
        assertThrows(AuthenticationFailedException.class,
                () -> Transport.send(message(s, "alice@example.test", "x", "bob@example.test"), "alice", "wrong"));
        MessagingException e = assertThrows(MessagingException.class,
                () -> Transport.send(message(s, "alice@example.test", "forged", "erin@example.test"), "bob",
                        TestLdif.PASSWORDS.get("bob")));
        assertTrue(String.valueOf(e.getMessage()).contains("553") || String.valueOf(e.getNextException()).contains("553"),
                e.toString());
        assertTrue(inbox("bob").isEmpty() && inbox("erin").isEmpty());
    }
}
