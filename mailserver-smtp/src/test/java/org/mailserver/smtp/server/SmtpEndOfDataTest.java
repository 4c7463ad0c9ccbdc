package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * The SMTP end of data: one reply, every copy durable in a Maildir or the queue; forwards,
 * {@code nolocal}, auto-replies (RFC 3834) and the queue's failure.
 */
class SmtpEndOfDataTest extends SmtpTestBase {

    private void send(Client c, String from, String to, String... headers) throws Exception {
        c.transcript("C: MAIL FROM:<" + from + ">", "S: 250 2.1.0 Ok", "C: RCPT TO:<" + to + ">", "S: 250 2.1.5 ...",
                "C: DATA", "S: 354 ...");
        for (String h : headers) {
            c.send(h + "\r\n");
        }
        c.send("Subject: hello there\r\nMessage-ID: <m1@remote.test>\r\n\r\nbody\r\n.\r\n");
    }

    private Client mx() throws Exception {
        Client c = connect(SmtpRole.MX);
        c.transcript("C: HELO client.example", "S: 250 mx.example.test");
        return c;
    }

    @Test
    void forwardingKeepsALocalCopyUnlessNolocal() throws Exception {
        directory.add(Fakes.user("fwd", "fwd@example.test", List.of("far@remote.test", "erin@example.test"), List.of(), null));
        directory.add(Fakes.user("away", "away@example.test", List.of("far@remote.test"), List.of("nolocal"), null));
        try (Client c = mx()) {
            send(c, "s@remote.test", "fwd@example.test");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "s@remote.test", "away@example.test");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(1, store.of("fwd").size());
        assertTrue(store.of("away").isEmpty(), "nolocal: no local copy");
        assertEquals(2, queued().size());
        QueueEnvelope first = queued().get(0).envelope();
        assertEquals("s@remote.test", first.sender(), "the envelope sender is kept");
        assertEquals(List.of(
                new QueueEnvelope.Recipient("far@remote.test", false, java.util.Set.of(), Optional.of("rfc822;fwd@example.test")),
                new QueueEnvelope.Recipient("erin@example.test", true, java.util.Set.of(), Optional.of("rfc822;fwd@example.test"))),
                first.recipients());
        assertEquals(List.of("far@remote.test"),
                queued().get(1).envelope().recipients().stream().map(QueueEnvelope.Recipient::address).toList());
    }

    @Test
    void aLocalRecipientAskingForASuccessReportIsDeliveredThroughTheQueue() throws Exception {
        try (Client c = mx()) {
            c.transcript("C: MAIL FROM:<s@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test",
                    "S: 250 2.1.5 ...", "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...");
            c.send("Subject: tell me\r\n\r\nbody\r\n.\r\n");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertTrue(store.of("bob").isEmpty(), "bob's copy is the queue's to deliver and report");
        assertEquals(1, store.of("erin").size(), "erin asked for nothing: delivered at once");
        assertEquals(1, queued().size());
        assertEquals(List.of(new QueueEnvelope.Recipient("bob@example.test", true,
                java.util.Set.of(QueueEnvelope.Notify.SUCCESS, QueueEnvelope.Notify.FAILURE),
                Optional.of("rfc822;bob@example.test"))), queued().get(0).envelope().recipients());
    }

    @Test
    void failedLocalCopyGoesToTheQueueAsLocal() throws Exception {
        store.diskBroken = true;
        try (Client c = mx()) {
            send(c, "s@remote.test", "bob@example.test");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(1, queued().size());
        assertEquals(List.of(new QueueEnvelope.Recipient("bob@example.test", true, java.util.Set.of(), Optional.empty())),
                queued().get(0).envelope().recipients());
    }

    @Test
    void queueFailureIsATemporaryErrorForTheWholeMessage() throws Exception {
        store.diskBroken = true;
        queue.broken = true;
        try (Client c = mx()) {
            send(c, "s@remote.test", "bob@example.test");
            c.transcript("S: 451 4.3.0 Local error in processing, try again later", "C: NOOP", "S: 250 2.0.0 Ok");
        }
        assertTrue(queued().isEmpty());
    }

    @Test
    void theQueuePartGoesFirstSoItsFailureLeavesNoLocalCopy() throws Exception {
        directory.add(Fakes.user("fwd", "fwd@example.test", List.of("far@remote.test"), List.of(), null));
        queue.broken = true;
        try (Client c = mx()) {
            send(c, "s@remote.test", "fwd@example.test");
            c.transcript("S: 451 4.3.0 Local error in processing, try again later");
            queue.broken = false;
            send(c, "s@remote.test", "fwd@example.test"); // the client's retry
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(1, store.of("fwd").size(), "one local copy in all, no duplicate from the retry");
        assertEquals(1, queued().size());
    }

    @Test
    void aFailedRetryEnqueueAfterCopiesExistIsA451LoggedAsDuplicating() throws Exception {
        directory.add(Fakes.user("fwd", "fwd@example.test", List.of("far@remote.test"), List.of(), null));
        store.diskBroken = true;
        queue.brokenFor = e -> e.recipients().stream().anyMatch(QueueEnvelope.Recipient::local);
        try (MailLogCapture log = new MailLogCapture(); Client c = mx()) {
            send(c, "s@remote.test", "fwd@example.test");
            c.transcript("S: 451 4.3.0 Local error in processing, try again later", "C: NOOP", "S: 250 2.0.0 Ok");
            List<String> errors = log.lines("451 with copies made");
            assertEquals(1, errors.size(), () -> String.valueOf(log.lines("smtp")));
            assertTrue(errors.get(0).contains("queued=") && errors.get(0).contains("retry will duplicate"), errors.get(0));
            assertEquals(1, log.lines("to=<fwd@example.test> size=60 result=deferred (local copy failed, then queue").size(),
                    () -> String.valueOf(log.lines("id=")));
        }
        assertEquals(1, queued().size(), "the forward is queued; the retry entry failed");
        assertEquals("far@remote.test", queued().get(0).envelope().recipients().get(0).address());
    }

    @Test
    void autoReplyOncePerSenderAndNeverToListsOrTheNullSender() throws Exception {
        directory.add(Fakes.user("vac", "vac@example.test", List.of(), List.of("reply"), "I am away.\nBack Monday."));
        try (Client c = mx()) {
            send(c, "s@remote.test", "vac@example.test");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "s@remote.test", "vac@example.test"); // the same sender, the same day
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "", "vac@example.test");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "list@remote.test", "vac@example.test", "List-Id: <l.remote.test>");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "bulk@remote.test", "vac@example.test", "Precedence: bulk");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "bot@remote.test", "vac@example.test", "Auto-Submitted: auto-generated");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "human@remote.test", "vac@example.test", "Auto-Submitted: no");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(7, store.of("vac").size(), "every message is still delivered");
        assertEquals(2, queued().size(), queued().toString());
        Fakes.FakeQueue.Entry reply = queued().get(0);
        assertEquals("", reply.envelope().sender(), "RFC 3834 3.3: sent from the null sender");
        assertEquals("s@remote.test", reply.envelope().recipients().get(0).address());
        String text = reply.text();
        assertTrue(text.contains("From: <vac@example.test>\r\n"), text);
        assertTrue(text.contains("To: <s@remote.test>\r\n"), text);
        assertTrue(text.contains("Subject: Auto: hello there\r\n"), text);
        assertTrue(text.contains("In-Reply-To: <m1@remote.test>\r\n"), text);
        assertTrue(text.contains("References: <m1@remote.test>\r\n"), text);
        assertTrue(text.contains("Auto-Submitted: auto-replied\r\n"), text);
        assertTrue(text.endsWith("\r\n\r\nI am away.\r\nBack Monday.\r\n"), text);
        assertEquals("human@remote.test", queued().get(1).envelope().recipients().get(0).address());
        assertFalse(queued().stream().anyMatch(e -> e.envelope().recipients().get(0).address().startsWith("list")));
    }
}
