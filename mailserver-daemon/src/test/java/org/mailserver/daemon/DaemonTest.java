package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/** The whole daemon on free ports: LMTP in, POP3 out with Jakarta Mail, limits, placeholders. */
class DaemonTest {
    @TempDir
    static Path dir;
    static Daemon daemon;
    static int lmtp;
    static int pop3;
    static int smtp;
    static int imap;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path projectConf() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("conf/mailserver.conf"))) {
            p = p.getParent();
        }
        return p.resolve("conf");
    }

    @BeforeAll
    static void start() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        lmtp = freePort();
        pop3 = freePort();
        smtp = freePort();
        imap = freePort();
        List<String> sets = new ArrayList<>(List.of("server.hostname=mx.example.test",
                "domains=example.test, example.org", "data.dir=" + dir.resolve("data"),
                "directory.ldif=" + ldif, "lmtp.listen=127.0.0.1:" + lmtp, "pop3.listen=127.0.0.1:" + pop3,
                "smtp.listen=127.0.0.1:" + smtp, "imap.listen=127.0.0.1:" + imap, "submission.listen=",
                "submissions.listen=", "imaps.listen=", "pop3s.listen=", "limits.connections_per_address=3",
                "auth.failure_delay=10ms"));
        daemon = Daemon.start(Configuration.load(projectConf(), sets));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void lmtpDeliveryIsReadBackByJakartaMailPop3ByteForByte() throws Exception {
        String body = "From: sender@remote.test\r\nTo: bob@example.test\r\nSubject: end to end\r\n\r\n"
                + ".leading dot\r\nh\u00e9llo \u2713\r\n";
        try (LineClient c = new LineClient(lmtp)) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("LHLO client.test\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            c.send("MAIL FROM:<sender@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            assertTrue(c.reply().get(0).startsWith("250"));
            assertTrue(c.reply().get(0).startsWith("354"));
            c.send(body.replace("\r\n.leading", "\r\n..leading") + ".\r\n");
            List<String> r = c.reply();
            assertTrue(r.get(0).startsWith("250 2."), r.toString());
        }
        Properties props = new Properties();
        props.put("mail.pop3.host", "127.0.0.1");
        props.put("mail.pop3.port", String.valueOf(pop3));
        Store store = Session.getInstance(props).getStore("pop3");
        store.connect("bob", TestLdif.PASSWORDS.get("bob"));
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(1, inbox.getMessageCount());
        Message m = inbox.getMessage(1);
        assertEquals("end to end", m.getSubject());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        String got = raw.toString(StandardCharsets.UTF_8);
        assertTrue(got.startsWith("Return-Path: <sender@remote.test>\r\n"), got);
        assertTrue(got.contains("Delivered-To: bob@example.test\r\n"), got);
        assertTrue(got.contains("Received: from client.test"), got);
        assertTrue(got.endsWith(body), got);
        inbox.close(false);
        store.close();
        try (Stream<Path> files = Files.list(dir.resolve("data/mail/example.test/bob/new"))) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void theMxTakesMailForALocalUserFromJakartaMailAndRefusesRelaying() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp));
        props.put("mail.smtp.localhost", "client.remote.test");
        Session session = Session.getInstance(props);
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session);
        m.setFrom("someone@remote.test");
        m.setRecipients(Message.RecipientType.TO, "erin@example.test");
        m.setSubject("via the MX");
        m.setText("hello erin\r\n");
        jakarta.mail.Transport.send(m);
        Path newDir = dir.resolve("data/mail/example.test/erin/new");
        try (Stream<Path> files = Files.list(newDir)) {
            Path f = files.findFirst().orElseThrow();
            String stored = Files.readString(f);
            assertTrue(stored.startsWith("Return-Path: <someone@remote.test>\r\n"), stored);
            assertTrue(stored.contains("Subject: via the MX"), stored);
        }
        try (LineClient c = new LineClient(smtp)) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO client.remote.test\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<victim@elsewhere.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250"));
            List<String> r = c.reply();
            assertTrue(r.get(0).startsWith("554 5.7.1"), r.toString());
        }
    }

    @Test
    void imapListenerGreetsAndLogsOut() throws Exception {
        try (LineClient c = new LineClient(imap)) {
            String greeting = c.line();
            assertTrue(greeting.startsWith("* OK [CAPABILITY IMAP4rev1 "), greeting);
            c.send("a1 LOGOUT\r\n");
            assertTrue(c.line().startsWith("* BYE "));
            assertTrue(c.line().startsWith("a1 OK "));
            assertNull(c.line());
        }
    }

    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        for (int i = 0; i < 100 && daemon.openConnections() > 0; i++) {
            Thread.sleep(50); // connections of other tests are still closing
        }
        List<LineClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // one at a time: accepted connections run on several event loops
                LineClient c = new LineClient(pop3);
                open.add(c);
                assertTrue(c.line().startsWith("+OK"));
            }
            LineClient d = new LineClient(pop3);
            open.add(d);
            String refused = d.line();
            assertTrue(refused.startsWith("-ERR [SYS/TEMP] too many connections"), refused);
            assertNull(d.line());
            open.remove(0).close();
            for (int i = 0; i < 100 && daemon.openConnections() > 2; i++) {
                Thread.sleep(50);
            }
            LineClient e = new LineClient(pop3); // a slot is free again
            open.add(e);
            assertTrue(e.line().startsWith("+OK"));
        } finally {
            for (LineClient c : open) {
                c.close();
            }
        }
    }
}
