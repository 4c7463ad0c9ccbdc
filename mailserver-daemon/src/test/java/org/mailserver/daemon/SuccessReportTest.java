package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/** RFC 3461 NOTIFY=SUCCESS for a local recipient: the copy is delivered and the sender gets a "delivered" DSN. */
class SuccessReportTest {

    private static List<Path> messages(Path maildir) throws Exception {
        Path dir = maildir.resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aLocalDeliveryIsReportedToTheSenderWhoAskedForIt(@TempDir Path dir) throws Exception {
        TestLdif.write(dir.resolve("users.ldif"));
        Path data = dir.resolve("data");
        int smtp = DaemonTest.freePort();
        Daemon daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of(
                "server.hostname=mx.example.test", "domains=example.test", "data.dir=" + data,
                "directory.ldif=" + dir.resolve("users.ldif"), "smtp.listen=127.0.0.1:" + smtp,
                "submission.listen=", "submissions.listen=", "lmtp.listen=", "imap.listen=", "imaps.listen=",
                "pop3.listen=", "pop3s.listen=")));
        try {
            try (LineClient c = new LineClient(smtp)) {
                c.reply();
                c.send("EHLO client.test\r\nMAIL FROM:<alice@example.test> RET=HDRS ENVID=env-1\r\n"
                        + "RCPT TO:<bob@example.test> NOTIFY=SUCCESS\r\nDATA\r\n");
                c.reply();
                assertTrue(c.reply().get(0).startsWith("250"));
                assertTrue(c.reply().get(0).startsWith("250"));
                assertTrue(c.reply().get(0).startsWith("354"));
                c.send("Subject: please confirm\r\n\r\nhello bob\r\n.\r\n");
                List<String> done = c.reply();
                assertTrue(done.get(0).startsWith("250 2.0.0"), done.toString());
            }
            Path bob = data.resolve("mail/example.test/bob");
            Path alice = data.resolve("mail/example.test/alice");
            for (int i = 0; i < 100 && (messages(bob).isEmpty() || messages(alice).isEmpty()); i++) {
                Thread.sleep(100);
            }
            assertEquals(1, messages(bob).size(), "bob's copy");
            assertTrue(Files.readString(messages(bob).get(0)).contains("hello bob"));
            assertEquals(1, messages(alice).size(), "alice's report");
            String report = Files.readString(messages(alice).get(0));
            assertTrue(report.contains("multipart/report"), report);
            assertTrue(report.contains("report-type=delivery-status") || report.contains("report-type=\"delivery-status\""),
                    report);
            assertTrue(report.contains("Action: delivered"), report);
            assertTrue(report.contains("Final-Recipient: rfc822; bob@example.test")
                    || report.contains("Final-Recipient: rfc822;bob@example.test"), report);
            assertTrue(report.contains("Original-Envelope-Id: env-1"), report);
        } finally {
            daemon.stop();
        }
    }
}
