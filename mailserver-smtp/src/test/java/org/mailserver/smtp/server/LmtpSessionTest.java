package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.transport.ShutdownRequested;

/** Transcripts of LMTP sessions on the engine, over a real socket, with a fake directory and store. */
class LmtpSessionTest {
    @TempDir
    Path spool;
    final Fakes.FakeDirectory directory = new Fakes.FakeDirectory()
            .add(Fakes.user("bob", "bob@example.test", AccountStatus.ACTIVE, 0))
            .add(Fakes.user("erin", "erin@example.test", AccountStatus.ACTIVE, 0, "e@example.org"))
            .add(Fakes.user("dave", "dave@example.test", AccountStatus.DISABLED, 0))
            .add(Fakes.user("gone", "gone@example.test", AccountStatus.DELETED, 0))
            .add(Fakes.user("carol", "carol@example.test", AccountStatus.ACTIVE, 400));
    final Fakes.FakeDelivery store = new Fakes.FakeDelivery();
    TestServer server;

    Client connect(SmtpServerConfig config, Duration idle) throws Exception {
        server = new TestServer(directory, store, config, idle);
        Client c = new Client(server.port());
        c.transcript("S: 220 mx.example.test LMTP ready");
        return c;
    }

    Client connect() throws Exception {
        return connect(TestServer.lmtp(spool), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void endOfDataHooksEditEachCopyOrDiscardForEveryRecipient() throws Exception {
        org.mailserver.core.filter.Filter checks = new org.mailserver.core.filter.content.ContentChecksFilter(
                new org.mailserver.core.filter.content.ContentChecksConfig(java.util.Optional.of(
                        org.mailserver.core.filter.maps.RegexpMapParser.parse("header_checks", new java.io.StringReader(
                                "/^X-Drop: yes/ DISCARD\n/^X-Secret:/ IGNORE\n"))),
                        java.util.Optional.empty(), java.util.Optional.empty()));
        server = new TestServer(directory, store, TestServer.lmtp(spool), Duration.ofMinutes(5), new FilterHooks(
                new org.mailserver.core.filter.FilterChain(java.util.List.of(checks),
                        new org.mailserver.core.filter.RejectionCounters())));
        try (Client c = new Client(server.port())) {
            c.transcript("S: 220 mx.example.test LMTP ready", "C: LHLO client.example", "S: 250-mx.example.test",
                    "S: 250-PIPELINING", "S: 250-SIZE 52428800", "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME",
                    "S: 250 STARTTLS");
            for (String header : new String[] {"X-Drop: yes", "X-Secret: 42"}) {
                c.transcript("C: MAIL FROM:<s@remote.test>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>",
                        "S: 250 2.1.5 ...", "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...", "C: DATA", "S: 354 ...");
                c.send("Subject: s\r\n" + header + "\r\n\r\nbody\r\n.\r\n");
                c.transcript("S: 250 2.0.0 <bob@example.test> ...", "S: 250 2.0.0 <erin@example.test> ...");
            }
        }
        assertEquals(1, store.of("bob").size(), "the discarded message has no copy");
        assertEquals(1, store.of("erin").size());
        String copy = new String(store.of("erin").get(0), StandardCharsets.UTF_8);
        assertTrue(copy.endsWith("\r\nSubject: s\r\n\r\nbody\r\n"), copy);
    }

    @Test
    void lhloListsExtensionsAndHeloIsRefused() throws Exception {
        try (Client c = connect()) {
            c.transcript(
                    "C: HELO client.example", "S: 500 5.5.1 This is LMTP: use LHLO (RFC 2033 4.1)",
                    "C: EHLO client.example", "S: 500 5.5.1 This is LMTP: use LHLO (RFC 2033 4.1)",
                    "C: MAIL FROM:<a@b.example>", "S: 503 5.5.1 Bad sequence of commands: send LHLO first",
                    "C: LHLO client.example",
                    "S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
                    "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250 STARTTLS",
                    "C: RCPT TO:<bob@example.test>", "S: 503 5.5.1 Bad sequence of commands: need MAIL first",
                    "C: DATA", "S: 503 5.5.1 Bad sequence of commands: need MAIL first",
                    "C: NOOP " + "x".repeat(600), "S: 500 5.5.2 Line too long",
                    "C: VRFY bob", "S: 252 2.5.0 ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
            assertNull(c.readLine());
        }
    }

    @Test
    void recipientsAreCheckedAtRcpt() throws Exception {
        try (Client c = connect()) {
            c.transcript(
                    "C: LHLO client.example", "S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
                    "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250 STARTTLS",
                    "C: MAIL FROM:<sender@remote.test> SIZE=1000", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<nobody@example.test>", "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
                    "C: RCPT TO:<gone@example.test>", "S: 550 5.1.1 ...",
                    "C: RCPT TO:<dave@example.test>", "S: 550 5.2.1 <dave@example.test>: Recipient address rejected: Mailbox disabled",
                    "C: RCPT TO:<carol@example.test>", "S: 552 5.2.2 <carol@example.test>: Mailbox full",
                    "C: RCPT TO:<someone@elsewhere.test>", "S: 554 5.7.1 <someone@elsewhere.test>: Relay access denied",
                    "C: RCPT TO:<BOB@EXAMPLE.TEST>", "S: 250 2.1.5 <BOB@EXAMPLE.TEST> Ok",
                    "C: RCPT TO:<bob@example.test> NOTIFY=NEVER", "S: 555 5.5.4 ...",
                    "C: MAIL FROM:<x@y.example>", "S: 503 5.5.1 Bad sequence of commands: nested MAIL",
                    "C: RSET", "S: 250 2.0.0 Ok",
                    "C: MAIL FROM:<x@y.example> SIZE=99999999999", "S: 552 5.3.4 Message size exceeds fixed limit");
        }
    }

    @Test
    void lhloResetsTheTransactionAndRecipientsAreLimited() throws Exception {
        try (Client c = connect(new SmtpServerConfig(Dialect.LMTP, 1_000_000, 2, 10, spool, 1024), Duration.ofMinutes(5))) {
            c.send("LHLO client.example\r\n");
            c.reply();
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<e@example.org>", "S: 452 4.5.3 Too many recipients", // RFC 5321 4.5.3.1.10
                    "C: LHLO client.example", "S: 250-...", "S: 250-...", "S: 250-...", "S: 250-...", "S: 250-...",
                    "S: 250 STARTTLS",
                    "C: DATA", "S: 503 5.5.1 Bad sequence of commands: need MAIL first", // RFC 2033 4.1
                    "C: RCPT TO:<bob@example.test>", "S: 503 5.5.1 Bad sequence of commands: need MAIL first");
        }
    }

    @Test
    void directoryOutageIsTemporary() throws Exception {
        directory.down = true;
        try (Client c = connect()) {
            c.send("LHLO client.example\r\n");
            c.reply();
            c.transcript("C: MAIL FROM:<>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 451 4.4.3 Directory temporarily unavailable, try again later",
                    "C: DATA", "S: 503 5.5.1 No valid recipients");
        }
    }

    @Test
    void pipelinedTransactionGetsOneReplyPerRecipientInOrder() throws Exception {
        try (Client c = connect()) {
            c.send("LHLO client.example\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<bob@example.test>\r\n"
                    + "RCPT TO:<nobody@example.test>\r\nRCPT TO:<e@EXAMPLE.org>\r\nDATA\r\n");
            assertTrue(c.reply().startsWith("250-mx.example.test"));
            c.transcript("S: 250 2.1.0 Ok", "S: 250 2.1.5 <bob@example.test> Ok", "S: 550 5.1.1 ...",
                    "S: 250 2.1.5 <e@EXAMPLE.org> Ok", "S: 354 End data with <CR><LF>.<CR><LF>");
            c.send("Subject: hi\r\n\r\n..leading dot\r\nh\u00e9llo \u2713\r\n.\r\n");
            c.transcript("S: 250 2.0.0 <bob@example.test> Ok: delivered as ...",
                    "S: 250 2.0.0 <e@EXAMPLE.org> Ok: delivered as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        String bob = new String(store.of("bob").get(0), StandardCharsets.UTF_8);
        assertTrue(bob.startsWith("Return-Path: <sender@remote.test>\r\nDelivered-To: bob@example.test\r\n"
                + "Received: from client.example ([127.0.0.1])\r\n\tby mx.example.test with LMTP id "), bob);
        assertTrue(bob.contains("\r\n\tfor <bob@example.test>; "), bob);
        assertTrue(bob.endsWith("\r\nSubject: hi\r\n\r\n.leading dot\r\nh\u00e9llo \u2713\r\n"), bob);
        String erin = new String(store.of("erin").get(0), StandardCharsets.UTF_8);
        assertTrue(erin.contains("Delivered-To: e@EXAMPLE.org\r\n"), erin);
    }

    @Test
    void deliveryFailuresArePerRecipient() throws Exception {
        try (Client c = connect()) {
            c.send("LHLO client.example\r\n");
            c.reply();
            String body = "x".repeat(300) + "\r\n";
            c.transcript("C: MAIL FROM:<>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<carol@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...",
                    "C: " + body + ".",
                    "S: 452 4.2.2 <carol@example.test>: Mailbox full, try again later",
                    "S: 250 2.0.0 <bob@example.test> Ok: delivered as ...");
            store.diskBroken = true;
            c.transcript("C: MAIL FROM:<>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: hello", "C: .",
                    "S: 451 4.3.0 <bob@example.test>: Local error in processing");
        }
        assertEquals(0, store.of("carol").size());
        assertTrue(new String(store.of("bob").get(0), StandardCharsets.UTF_8).contains("Return-Path: <>\r\n"));
    }

    @Test
    void bareLfInDataIsRefusedAndNeverEndsTheMessage() throws Exception {
        try (Client c = connect()) {
            c.send("LHLO client.example\r\n");
            c.reply();
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...");
            // a smuggling attempt: "\n.\n" followed by a second transaction
            c.send("Subject: one\r\n\r\nbody\n.\nMAIL FROM:<evil@remote.test>\r\nRCPT TO:<bob@example.test>\r\n"
                    + "DATA\r\nSubject: smuggled\r\n\r\n.\r\n");
            c.transcript("S: 550 5.6.0 Message refused: bare CR or LF in data (RFC 5321 2.3.8)",
                    "S: 550 5.6.0 ...",
                    "C: NOOP", "S: 250 2.0.0 Ok");
        }
        assertEquals(0, store.of("bob").size());
    }

    @Test
    void oversizedMessageIsRefusedAtTheEnd() throws Exception {
        try (Client c = connect(TestServer.lmtp(spool).withMaxMessageSize(1000), Duration.ofMinutes(5))) {
            c.send("LHLO client.example\r\n");
            assertTrue(c.reply().contains("SIZE 1000"));
            c.transcript("C: MAIL FROM:<>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: " + "y".repeat(2000), "C: .",
                    "S: 552 5.3.4 Message size exceeds fixed limit");
        }
        assertEquals(0, store.of("bob").size());
    }

    @Test
    void largeMessageSpillsToTheSpoolAndIsDeletedAfterwards() throws Exception {
        SmtpServerConfig config = new SmtpServerConfig(Dialect.LMTP, 10_000_000, 100, 10, spool, 1024);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            body.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" \u00e9\u00e8\r\n");
        }
        try (Client c = connect(config, Duration.ofMinutes(5))) {
            c.send("LHLO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
            c.reply();
            c.transcript("S: 250 2.1.0 Ok", "S: 250 2.1.5 ...", "S: 354 ...");
            c.send(("\r\n" + body).replace("\r\n.", "\r\n..").substring(2) + ".\r\n");
            c.transcript("S: 250 2.0.0 <bob@example.test> Ok: delivered as ...");
            c.transcript("C: NOOP", "S: 250 2.0.0 Ok");
        }
        String got = new String(store.of("bob").get(0), StandardCharsets.UTF_8);
        assertTrue(got.endsWith("\r\n" + body), "content differs");
        for (int i = 0; i < 50 && spoolFiles() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, spoolFiles());
    }

    private long spoolFiles() throws Exception {
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        }
    }

    @Test
    void startTlsDiscardsPipelinedPlaintextAndResetsTheSession() throws Exception {
        try (Client c = connect()) {
            c.send("LHLO client.example\r\n");
            c.reply();
            // the MAIL after STARTTLS was never encrypted: an injection, to be dropped
            c.send("STARTTLS\r\nMAIL FROM:<injected@evil.test>\r\n");
            c.transcript("S: 220 2.0.0 Ready to start TLS");
            c.startTls();
            c.transcript("C: RCPT TO:<bob@example.test>", "S: 503 5.5.1 Bad sequence of commands: need MAIL first",
                    "C: LHLO client.example", "S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
                    "S: 250-ENHANCEDSTATUSCODES", "S: 250 8BITMIME",
                    "C: STARTTLS", "S: 503 5.5.1 TLS already active",
                    "C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: Subject: tls", "C: ", "C: .",
                    "S: 250 2.0.0 ...");
        }
        assertTrue(new String(store.of("bob").get(0), StandardCharsets.UTF_8).contains(" with LMTPS id "));
    }

    @Test
    void tooManyErrorsClose() throws Exception {
        try (Client c = connect()) {
            for (int i = 0; i < 9; i++) {
                c.transcript("C: BOGUS", "S: 500 5.5.1 Command unrecognized");
            }
            c.transcript("C: BOGUS", "S: 500 5.5.1 Command unrecognized", "S: 421 4.7.0 mx.example.test Too many errors, closing");
            assertNull(c.readLine());
        }
    }

    @Test
    void shutdownBetweenCommandsCloses() throws Exception {
        try (Client c = connect()) {
            c.transcript("C: LHLO client.example", "S: 250-...", "S: 250-...", "S: 250-...", "S: 250-...", "S: 250-...",
                    "S: 250 STARTTLS");
            server.children.get(0).pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
            c.transcript("S: 421 4.3.2 mx.example.test Service shutting down, closing");
            assertNull(c.readLine());
        }
    }

    @Test
    void idleClientIsToldAndDisconnected() throws Exception {
        try (Client c = connect(TestServer.lmtp(spool), Duration.ofMillis(300))) {
            c.transcript("S: 421 4.4.2 mx.example.test Error: timeout exceeded");
            assertNull(c.readLine());
        }
    }
}
