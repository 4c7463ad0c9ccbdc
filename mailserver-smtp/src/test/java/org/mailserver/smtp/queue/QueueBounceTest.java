package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.envelope;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.smtp.client.ScriptedServer;
import org.xbill.DNS.Type;

/** Permanent failures: a DSN (multipart/report) into the sender's local Maildir, or none at all. */
class QueueBounceTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    ScriptedServer remote;

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        remote = new ScriptedServer("220 mx.remote.test ESMTP", line -> {
            String verb = line.split(" ")[0].toUpperCase();
            return switch (verb) {
                case "EHLO" -> "250-mx.remote.test\r\n250-8BITMIME\r\n250 SIZE 100000";
                case "RCPT" -> line.contains("nobody@") ? "550 5.1.1 <nobody@remote.test>: no such user here"
                        : "250 2.1.5 ok";
                case "DATA" -> "354 go";
                case "QUIT" -> "221 bye";
                default -> "250 2.0.0 ok";
            };
        }, "250 2.0.0 queued");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        remote.close();
    }

    private QueueManager start(RetryPolicy retry) throws Exception {
        return h.start(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + remote.port()), retry));
    }

    private MimeMessage onlyBounce() throws Exception {
        await("a DSN in alice's Maildir", () -> inbox().size() == 1);
        try (InputStream in = Files.newInputStream(inbox().get(0))) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private List<Path> inbox() {
        try {
            return h.inbox("example.test", "alice");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String part(MimeMessage m, int i) throws Exception {
        BodyPart p = ((MimeMultipart) m.getContent()).getBodyPart(i);
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void remote550BouncesAtOnceWithAMultipartReport() throws Exception {
        QueueManager q = start(QueueHarness.fast());
        QueueEnvelope env = new QueueEnvelope("QID550", "alice@example.test", List.of(
                new QueueEnvelope.Recipient("nobody@remote.test", false, Set.of(), Optional.of("rfc822;Nobody@Remote.test")),
                new QueueEnvelope.Recipient("friend@remote.test", false, Set.of(), Optional.empty())),
                Optional.of("ENV-42"), QueueEnvelope.Ret.FULL, false, false);
        assertEquals("QID550", q.enqueue(env, new byte[0], text(message("will-bounce"))));
        MimeMessage dsn = onlyBounce();
        assertTrue(dsn.getContentType().startsWith("multipart/report"), dsn.getContentType());
        assertTrue(dsn.getContentType().contains("report-type=delivery-status"), dsn.getContentType());
        assertEquals("MAILER-DAEMON@mx.example.test", dsn.getFrom()[0].toString().replaceAll(".*<|>.*", ""));
        assertEquals("Return-Path: <>", new String(Files.readAllBytes(inbox().get(0)), StandardCharsets.UTF_8)
                .lines().findFirst().orElseThrow(), "the DSN's envelope sender is null");
        MimeMultipart mp = (MimeMultipart) dsn.getContent();
        assertEquals(3, mp.getCount());
        assertTrue(mp.getBodyPart(1).isMimeType("message/delivery-status"));
        String status = part(dsn, 1);
        assertTrue(status.contains("Reporting-MTA: dns; mx.example.test"), status);
        assertTrue(status.contains("Original-Envelope-Id: ENV-42"), status);
        assertTrue(status.contains("Arrival-Date: "), status);
        assertTrue(status.contains("Final-Recipient: rfc822; nobody@remote.test"), status);
        assertTrue(status.contains("Original-Recipient: rfc822; Nobody@Remote.test"), status);
        assertTrue(status.contains("Action: failed"), status);
        assertTrue(status.contains("Status: 5.1.1"), status);
        assertTrue(status.contains("Remote-MTA: dns; 127.0.0.1"), status);
        assertTrue(status.contains("Diagnostic-Code: smtp; 550 5.1.1 <nobody@remote.test>: no such user here"), status);
        assertFalse(status.contains("friend@remote.test"), "the delivered recipient is not reported");
        assertTrue(mp.getBodyPart(2).isMimeType("message/rfc822"));
        assertTrue(part(dsn, 2).contains("body of will-bounce"), "RET=FULL returns the whole message");
        await("the original left the queue", () -> q.messages().isEmpty());
    }

    @Test
    void retHdrsReturnsOnlyTheHeader() throws Exception {
        QueueManager q = start(QueueHarness.fast());
        QueueEnvelope env = new QueueEnvelope(null, "alice@example.test", List.of(
                new QueueEnvelope.Recipient("nobody@remote.test", false, Set.of(), Optional.empty())),
                Optional.empty(), QueueEnvelope.Ret.HDRS, false, false);
        q.enqueue(env, new byte[0], text(message("headers-only")));
        MimeMessage dsn = onlyBounce();
        MimeMultipart mp = (MimeMultipart) dsn.getContent();
        assertTrue(mp.getBodyPart(2).isMimeType("text/rfc822-headers"));
        String original = part(dsn, 2);
        assertTrue(original.contains("Subject: headers-only"), original);
        assertFalse(original.contains("body of"), original);
    }

    @Test
    void nullSenderGetsNoBounceAndNotifyNeverNeither() throws Exception {
        QueueManager q = start(QueueHarness.fast());
        q.enqueue(envelope("", "nobody@remote.test"), new byte[0], text(message("from-null")));
        QueueEnvelope never = new QueueEnvelope(null, "alice@example.test", List.of(
                new QueueEnvelope.Recipient("nobody@remote.test", false, Set.of(QueueEnvelope.Notify.NEVER),
                        Optional.empty())), Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false);
        q.enqueue(never, new byte[0], text(message("notify-never")));
        await("both finished", () -> q.messages().isEmpty());
        Thread.sleep(500);
        assertEquals(List.of(), inbox());
        assertTrue(q.messages().isEmpty(), "no bounce was queued");
    }

    @Test
    void nullMxBouncesWith556() throws Exception {
        h.dns.add("nomail.test.", Type.MX, "0 .");
        QueueManager q = start(QueueHarness.fast());
        q.enqueue(envelope("alice@example.test", "x@nomail.test"), new byte[0], text(message("null-mx")));
        String status = part(onlyBounce(), 1);
        assertTrue(status.contains("Status: 5.1.10"), status);
        assertTrue(remote.lines.isEmpty(), "nothing was sent anywhere");
    }

    @Test
    void nxdomainBounces() throws Exception {
        h.dns.rcode("gone.test.", org.xbill.DNS.Rcode.NXDOMAIN);
        QueueManager q = start(QueueHarness.fast());
        q.enqueue(envelope("alice@example.test", "x@gone.test"), new byte[0], text(message("nx")));
        assertTrue(part(onlyBounce(), 1).contains("Status: 5.1.2"));
    }

    @Test
    void givesUpAfterMaxAgeWith547() throws Exception {
        int closed = QueueHarness.freePort();
        h.start(h.config(QueueHarness.map("down.test smtp:[127.0.0.1]:" + closed),
                new RetryPolicy(List.of(Duration.ofMillis(100)), Duration.ofMillis(800))));
        h.queue.enqueue(envelope("alice@example.test", "x@down.test"), new byte[0], text(message("expire")));
        String status = part(onlyBounce(), 1);
        assertTrue(status.contains("Action: failed"), status);
        assertTrue(status.contains("Status: 5.4.7"), status);
    }

    @Test
    void notifySuccessToANonDsnServerReportsRelayed() throws Exception {
        QueueManager q = start(QueueHarness.fast());
        QueueEnvelope env = new QueueEnvelope(null, "alice@example.test", List.of(
                new QueueEnvelope.Recipient("friend@remote.test", false, Set.of(QueueEnvelope.Notify.SUCCESS),
                        Optional.empty())), Optional.empty(), QueueEnvelope.Ret.HDRS, false, false);
        q.enqueue(env, new byte[0], text(message("success")));
        MimeMessage dsn = onlyBounce();
        String status = part(dsn, 1);
        assertTrue(status.contains("Action: relayed"), status);
        assertTrue(status.contains("Status: 2.0.0"), status);
    }

    @Test
    void lmtpNextHopGivesPerRecipientResultsAfterData() throws Exception {
        try (ScriptedServer lmtp = new ScriptedServer("220 lmtp.test LMTP", line -> line.startsWith("LHLO")
                ? "250-lmtp.test\r\n250 ENHANCEDSTATUSCODES" : line.startsWith("DATA") ? "354 go"
                : line.startsWith("QUIT") ? "221 bye" : "250 2.1.0 ok",
                "250 2.0.0 <a@lists.test> delivered\r\n552 5.2.2 <b@lists.test> mailbox full")) {
            QueueManager q = h.start(h.config(QueueHarness.map("lists.test lmtp:[127.0.0.1]:" + lmtp.port()),
                    QueueHarness.fast()));
            q.enqueue(envelope("alice@example.test", "a@lists.test", "b@lists.test"), new byte[0],
                    text(message("via-lmtp")));
            String status = part(onlyBounce(), 1);
            assertTrue(status.contains("Final-Recipient: rfc822; b@lists.test"), status);
            assertTrue(status.contains("Status: 5.2.2"), status);
            assertFalse(status.contains("a@lists.test"), status);
            assertEquals("LHLO mx.example.test", lmtp.lines.get(0));
            assertEquals(1, lmtp.data.size(), "one DATA for both recipients");
        }
    }

    @Test
    void localRecipientIsRetriedIntoTheMaildirAndUnknownOneBounces() throws Exception {
        h.directory.add(QueueHarness.user("bob", "bob@example.test"));
        QueueManager q = start(QueueHarness.fast());
        QueueEnvelope env = new QueueEnvelope(null, "alice@example.test", List.of(
                new QueueEnvelope.Recipient("bob@example.test", true, Set.of(), Optional.empty()),
                new QueueEnvelope.Recipient("ghost@example.test", true, Set.of(), Optional.empty())),
                Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false);
        q.enqueue(env, new byte[0], text(message("local-retry")));
        await("bob's copy", () -> {
            try {
                return h.inbox("example.test", "bob").size() == 1;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String copy = Files.readString(h.inbox("example.test", "bob").get(0));
        assertTrue(copy.startsWith("Return-Path: <alice@example.test>\r\n"), copy);
        assertTrue(part(onlyBounce(), 1).contains("Final-Recipient: rfc822; ghost@example.test"));
    }
}
