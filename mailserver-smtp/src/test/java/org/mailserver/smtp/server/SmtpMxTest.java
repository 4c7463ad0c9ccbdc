package org.mailserver.smtp.server;

import org.mailserver.core.net.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.QueueEnvelope;

/** The MX role (port 25): relay policy, relay tricks, parameters, limits. Transcripts over a real socket. */
class SmtpMxTest extends SmtpTestBase {

    @Test
    void localDomainsOnlyAndNoOpenRelay() throws Exception {
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: MAIL FROM:<someone@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<victim@remote.test>", "S: 554 5.7.1 <victim@remote.test>: Relay access denied",
                    "C: RCPT TO:<nobody@example.test>", "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
                    // the relay tricks, each treated as what it is
                    "C: RCPT TO:<victim%remote.test@example.test>", "S: 550 5.1.1 <victim%remote.test@example.test>: ...",
                    "C: RCPT TO:<remote.test!victim@example.test>", "S: 550 5.1.1 <remote.test!victim@example.test>: ...",
                    "C: RCPT TO:<\"victim@remote.test\"@example.test>", "S: 550 5.1.1 ...",
                    "C: RCPT TO:<@example.test:victim@remote.test>", "S: 554 5.7.1 <victim@remote.test>: Relay access denied",
                    "C: RCPT TO:<victim@remote.test@example.test>", "S: 501 5.1.3 Bad recipient address syntax",
                    "C: RCPT TO:<bob%example.test@example.test>", "S: 550 5.1.1 ...",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: DATA", "S: 354 ...", "C: Subject: in", "C: ", "C: hi", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertEquals(1, store.of("bob").size());
        assertTrue(queued().isEmpty(), "nothing relayed");
        String copy = text(store.of("bob").get(0));
        assertTrue(copy.startsWith("Return-Path: <someone@remote.test>\r\nDelivered-To: bob@example.test\r\n"
                + "Received: from client.example"), copy);
    }

    @Test
    void aRecipientGivenTwiceIsDeliveredOnce() throws Exception {
        // the same address again, in another case, and the same user under another address
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: MAIL FROM:<someone@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: RCPT TO:<Bob@Example.Test>", "S: 250 2.1.5 <Bob@Example.Test> Ok",
                    "C: RCPT TO:<robert@example.org>", "S: 250 2.1.5 <robert@example.org> Ok",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 <erin@example.test> Ok",
                    "C: DATA", "S: 354 ...", "C: Subject: once", "C: ", "C: hi", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertEquals(1, store.of("bob").size(), "one copy for bob");
        assertEquals(1, store.of("erin").size());
    }

    @Test
    void trustedNetworksMayRelay() throws Exception {
        SmtpServerConfig trusted = config().withTrustedNetworks(List.of(Cidr.parse("127.0.0.0/8")));
        try (Client c = connect(SmtpRole.MX, trusted)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: MAIL FROM:<app@example.test> RET=HDRS ENVID=QQ+2B1", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<a@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bx@remote.test",
                    "S: 250 2.1.5 <a@remote.test> Ok",
                    "C: RCPT TO:<b@other.test> NOTIFY=NEVER", "S: 250 2.1.5 <b@other.test> Ok",
                    "C: DATA", "S: 354 ...", "C: Subject: relayed", "C: ", "C: hi", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertEquals(1, queued().size(), "one enqueue for all remote recipients");
        QueueEnvelope env = queued().get(0).envelope();
        assertEquals(QueueEnvelope.Ret.HDRS, env.ret());
        assertEquals(Optional.of("QQ+1"), env.envid());
        assertEquals(List.of(
                new QueueEnvelope.Recipient("a@remote.test", false,
                        Set.of(QueueEnvelope.Notify.SUCCESS, QueueEnvelope.Notify.FAILURE), Optional.of("rfc822;a+x@remote.test")),
                new QueueEnvelope.Recipient("b@other.test", false, Set.of(QueueEnvelope.Notify.NEVER), Optional.empty())),
                env.recipients());
        assertTrue(queued().get(0).text().contains("Subject: relayed"));
    }

    @Test
    void dsnAndOtherParametersAreValidated() throws Exception {
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: MAIL FROM:<a@remote.test> RET=ALL", "S: 501 5.5.4 Bad RET value",
                    "C: MAIL FROM:<a@remote.test> ENVID=a=b", "S: 501 5.5.4 Bad parameter syntax",
                    "C: MAIL FROM:<a@remote.test> ENVID=bad+zz", "S: 501 5.5.4 Bad ENVID value",
                    "C: MAIL FROM:<a@remote.test> FROB=1", "S: 555 5.5.4 Parameter not recognized or not implemented",
                    "C: MAIL FROM:<a@remote.test> AUTH=<> BODY=8BITMIME", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS", "S: 501 5.5.4 Bad NOTIFY value",
                    "C: RCPT TO:<bob@example.test> NOTIFY=SOMETIMES", "S: 501 5.5.4 Bad NOTIFY value",
                    "C: RCPT TO:<bob@example.test> ORCPT=bob@example.test", "S: 501 5.5.4 Bad ORCPT value",
                    "C: RCPT TO:<bob@example.test> XFOO=1", "S: 555 5.5.4 Parameter not recognized or not implemented",
                    "C: RCPT TO:<bob@example.test> NOTIFY=delay ORCPT=rfc822;bob@example.test",
                    "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
    }

    @Test
    void sizeLimitsAndTooManyRecipients() throws Exception {
        SmtpServerConfig small = new SmtpServerConfig(Dialect.ESMTP, 100, 2, 10, spool.resolve("spool"), 16)
                .withStateDir(spool.resolve("state"));
        try (Client c = connect(SmtpRole.MX, small)) {
            c.transcript("C: EHLO client.example", "S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 100",
                    "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250-SMTPUTF8", "S: 250-CHUNKING",
                    "S: 250-BINARYMIME", "S: 250-DSN", "S: 250 STARTTLS");
            c.transcript(
                    "C: MAIL FROM:<a@remote.test> SIZE=101", "S: 552 5.3.4 Message size exceeds fixed limit",
                    "C: MAIL FROM:<a@remote.test> SIZE=50", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 <erin@example.test> Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 452 4.5.3 Too many recipients",
                    "C: DATA", "S: 354 ...", "C: Subject: big", "C: ", "C: " + "x".repeat(200), "C: .",
                    "S: 552 5.3.4 Message size exceeds fixed limit",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertTrue(store.of("bob").isEmpty() && store.of("erin").isEmpty());
    }

    @Test
    void smtpUtf8AddressesNeedTheParameter() throws Exception {
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: MAIL FROM:<jürgen@remote.test>", "S: 553 5.6.7 Non-ASCII address requires SMTPUTF8 (RFC 6531)",
                    "C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bøb@example.test>", "S: 553 5.6.7 Non-ASCII address requires SMTPUTF8 (RFC 6531)",
                    "C: RSET", "S: 250 2.0.0 Ok",
                    "C: MAIL FROM:<jürgen@bücher.test> SMTPUTF8", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: DATA", "S: 354 ...", "C: From: jürgen@bücher.test", "C: Subject: ü", "C: ", "C: grüße", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        String copy = text(store.of("bob").get(0));
        assertTrue(copy.startsWith("Return-Path: <jürgen@bücher.test>"), copy);
        assertTrue(copy.contains("grüße"), copy);
    }

    @Test
    void pipelinedTransactionGetsRepliesInOrder() throws Exception {
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.send("MAIL FROM:<p@remote.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                    + "RCPT TO:<erin@example.test>\r\nDATA\r\n");
            c.transcript("S: 250 2.1.0 Ok", "S: 250 2.1.5 <bob@example.test> Ok", "S: 550 5.1.1 ...",
                    "S: 250 2.1.5 <erin@example.test> Ok", "S: 354 ...");
            c.send("Subject: piped\r\n\r\nbody\r\n.\r\nMAIL FROM:<q@remote.test>\r\nRCPT TO:<bob@example.test>\r\n"
                    + "BDAT 5 LAST\r\nhello" + "QUIT\r\n");
            c.transcript("S: 250 2.0.0 Ok: queued as ...", "S: 250 2.1.0 Ok", "S: 250 2.1.5 <bob@example.test> Ok",
                    "S: 250 2.0.0 Ok: queued as ...", "S: 221 2.0.0 Bye");
        }
        assertEquals(2, store.of("bob").size());
        assertEquals(1, store.of("erin").size());
        assertTrue(text(store.of("bob").get(1)).endsWith("\r\nhello"), text(store.of("bob").get(1)));
    }

    @Test
    void bareLineFeedInDataIsStillRefused() throws Exception {
        try (Client c = connect(SmtpRole.MX)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok", "C: DATA", "S: 354 ...");
            c.send("Subject: x\r\n\r\nsmuggled\n.\nMAIL FROM:<evil@remote.test>\r\n.\r\n");
            c.transcript("S: 550 5.6.0 Message refused: bare CR or LF in data (RFC 5321 2.3.8)",
                    "C: NOOP", "S: 250 2.0.0 Ok");
        }
        assertTrue(store.of("bob").isEmpty());
    }
}
