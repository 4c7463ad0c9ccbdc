package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.envelope;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** The queue relaying to GreenMail as the remote MX: delivery, retries, the flush file, MX lookup. */
class QueueRelayTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    GreenMail green;
    int port;

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        port = QueueHarness.freePort();
        green = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void tearDown() {
        h.close();
        green.stop();
    }

    @Test
    void relaysThroughTheTransportMapAndRemovesTheFiles() throws Exception {
        green.start();
        QueueManager q = h.start(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + port), QueueHarness.fast()));
        String id = q.enqueue(envelope("alice@example.test", "friend@remote.test", "other@remote.test"),
                "Received: by test\r\n".getBytes(), text(message("relay-1")));
        assertTrue(Files.exists(h.queueDir().resolve(id + ".env")), "durable before enqueue returns");
        // one transaction with two RCPTs; GreenMail files a copy per recipient mailbox
        await("two copies at GreenMail", () -> green.getReceivedMessages().length == 2);
        MimeMessage[] got = green.getReceivedMessages();
        assertEquals(1, green.getUserManager().getUserByEmail("friend@remote.test") != null ? 1 : 0);
        assertEquals(1, green.getUserManager().getUserByEmail("other@remote.test") != null ? 1 : 0);
        assertEquals("relay-1", got[0].getSubject());
        assertTrue(GreenMailUtil.getWholeMessage(got[0]).contains("Received: by test"));
        assertTrue(GreenMailUtil.getBody(got[0]).contains(".dotted line"), "dot-stuffing undone by the server");
        await("queue files removed", () -> !Files.exists(h.queueDir().resolve(id + ".env"))
                && !Files.exists(h.queueDir().resolve(id + ".msg")));
        // the files go first, then the entry in memory: not one step, so wait for both
        await("the queue empty", () -> q.messages().isEmpty());
    }

    @Test
    void retriesUntilTheRemoteIsBack() throws Exception {
        LogCapture log = new LogCapture();
        QueueManager q = h.start(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + port), QueueHarness.fast()));
        String id = q.enqueue(envelope("alice@example.test", "later@remote.test"), new byte[0], text(message("retry-1")));
        QueueAdmin admin = new QueueAdmin(h.queueDir());
        await("a failed attempt recorded on disk", () -> attempts(admin, id) >= 1);
        QueuedRecipient r = admin.list().get(0).recipients().get(0);
        assertEquals(QueuedRecipient.State.PENDING, r.state());
        assertTrue(r.lastReply().startsWith("451 4.4.1 connect to 127.0.0.1"), r.lastReply());
        green.start();
        assertTrue(green.waitForIncomingEmail(10_000, 1));
        assertEquals("retry-1", green.getReceivedMessages()[0].getSubject());
        await("gone from the queue", () -> list(admin).isEmpty());
        log.close();
        // one mail log line per attempt and recipient, under the reception's queue id
        List<String> deferred = log.lines("id=" + id + " from=<alice@example.test> to=<later@remote.test>");
        assertTrue(deferred.stream().anyMatch(l -> l.startsWith("smtp: ") && l.contains("result=deferred (451 4.4.1 ")),
                deferred.toString());
        assertEquals(1, deferred.stream().filter(l -> l.contains("result=sent (250 ")).count(), deferred.toString());
        assertTrue(deferred.stream().allMatch(l -> l.matches(".* size=\\d+ result=.* delay=\\d+\\.\\d{3}s")),
                deferred.toString());
    }

    @Test
    void flushFileFromAnotherProcessTriggersAnAttempt() throws Exception {
        RetryPolicy slow = new RetryPolicy(List.of(Duration.ofHours(1)), Duration.ofDays(5));
        QueueManager q = h.start(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + port), slow));
        String id = q.enqueue(envelope("alice@example.test", "later@remote.test"), new byte[0], text(message("flush-1")));
        QueueAdmin admin = new QueueAdmin(h.queueDir());
        await("first attempt failed", () -> attempts(admin, id) >= 1);
        green.start();
        Thread.sleep(700);
        assertEquals(0, green.getReceivedMessages().length, "next attempt is an hour away");
        admin.flush();
        assertTrue(green.waitForIncomingEmail(5_000, 1), "flush file noticed within a second or so");
        assertFalse(Files.exists(h.queueDir().resolve("flush")));
    }

    @Test
    void usesMxRecordsWhenTheTransportMapHasNoEntry() throws Exception {
        green.start();
        h.dns.add("mx-domain.test.", Type.MX, "10 mx1.mx-domain.test.").add("mx1.mx-domain.test.", Type.A, "127.0.0.1");
        // the port is the SMTP port of the map's default entry; MX lookup still chooses the host
        QueueManager q = h.start(h.config(QueueHarness.map("* smtp:mx-domain.test:" + port), QueueHarness.fast()));
        q.enqueue(envelope("alice@example.test", "bob@mx-domain.test"), new byte[0], text(message("mx-1")));
        assertTrue(green.waitForIncomingEmail(10_000, 1));
        assertEquals("mx-1", green.getReceivedMessages()[0].getSubject());
    }

    @Test
    void deleteFromAdminStopsDelivery() throws Exception {
        RetryPolicy slow = new RetryPolicy(List.of(Duration.ofHours(1)), Duration.ofDays(5));
        QueueManager q = h.start(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + port), slow));
        String id = q.enqueue(envelope("alice@example.test", "later@remote.test"), new byte[0], text(message("del-1")));
        QueueAdmin admin = new QueueAdmin(h.queueDir());
        await("first attempt failed", () -> attempts(admin, id) >= 1);
        assertTrue(admin.delete(id));
        assertFalse(admin.delete(id));
        green.start();
        admin.flush();
        await("forgotten by the running queue", () -> q.messages().isEmpty());
        Thread.sleep(500);
        assertEquals(0, green.getReceivedMessages().length);
        try (var s = Files.list(h.queueDir())) {
            assertEquals(List.of("tmp"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    static int attempts(QueueAdmin admin, String id) {
        return list(admin).stream().filter(e -> e.id().equals(id))
                .mapToInt(e -> e.recipients().get(0).attempts()).findFirst().orElse(0);
    }

    static List<QueueAdmin.Entry> list(QueueAdmin admin) {
        try {
            return admin.list();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String join(String... s) {
        return String.join("\n", Arrays.asList(s));
    }
}
