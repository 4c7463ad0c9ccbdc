package org.mailserver.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.QueueEnvelope;

/** Transcripts of the client against a scripted server on a real socket. */
class SmtpClientTest {
    private final SmtpClient client = new SmtpClient("client.test", ClientTimeouts.all(Duration.ofSeconds(5)), true);
    private ScriptedServer server;

    @AfterEach
    void close() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    static MessageSource text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            @Override
            public long size() {
                return b.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(b);
            }
        };
    }

    static OutboundMessage message(String content, String... rcpts) {
        return new OutboundMessage("alice@example.test",
                java.util.Arrays.stream(rcpts).map(r -> new OutboundMessage.Recipient(r, Set.of(), Optional.empty()))
                        .toList(), Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false, text(content));
    }

    /** A well-behaved ESMTP server; RCPT to "refused@..." gets 550. */
    static String esmtp(String line) {
        String verb = line.split(" ")[0].toUpperCase();
        return switch (verb) {
            case "EHLO" -> "250-mx.remote.test hello\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 PIPELINING";
            case "MAIL", "RSET", "QUIT" -> verb.equals("QUIT") ? "221 2.0.0 bye" : "250 2.1.0 ok";
            case "RCPT" -> line.contains("refused@") ? "550 5.1.1 no such user" : "250 2.1.5 ok";
            case "DATA" -> "354 go ahead";
            default -> "502 5.5.1 not implemented";
        };
    }

    @Test
    void deliversWithPerRecipientOutcomesAndDotStuffing() throws Exception {
        server = new ScriptedServer("220 mx.remote.test ESMTP", SmtpClientTest::esmtp, "250 2.0.0 queued as X1");
        try (SmtpConnection c = client.connect(server.address(), "mx.remote.test", ClientDialect.SMTP)) {
            TransactionResult r = c.send(message("Subject: hi\r\n\r\n.leading dot\r\nbare\nlf\r\nno final newline",
                    "bob@remote.test", "refused@remote.test"));
            assertEquals(250, r.replies().get(0).code());
            assertEquals("250 2.0.0 queued as X1", r.replies().get(0).summary());
            assertEquals(550, r.replies().get(1).code());
            assertEquals("5.1.1", r.replies().get(1).status());
            assertEquals("mx.remote.test", r.remoteMta());
            c.quit();
        }
        assertEquals(List.of("EHLO client.test", "MAIL FROM:<alice@example.test> SIZE=54",
                "RCPT TO:<bob@remote.test>", "RCPT TO:<refused@remote.test>", "DATA", "QUIT"), server.lines);
        assertEquals("Subject: hi\r\n\r\n..leading dot\r\nbare\r\nlf\r\nno final newline\r\n.\r\n",
                new String(server.data.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void noDataWhenEveryRecipientIsRefusedAndRsetReusesTheConnection() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", SmtpClientTest::esmtp, "250 ok");
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            TransactionResult r = c.send(message("x\r\n", "refused@remote.test"));
            assertEquals(550, r.replies().get(0).code());
            c.reset();
            assertEquals(250, c.send(message("y\r\n", "bob@remote.test")).replies().get(0).code());
            c.quit();
        }
        assertEquals(List.of("EHLO client.test", "MAIL FROM:<alice@example.test> SIZE=3",
                "RCPT TO:<refused@remote.test>", "RSET", "MAIL FROM:<alice@example.test> SIZE=3",
                "RCPT TO:<bob@remote.test>", "DATA", "QUIT"), server.lines);
    }

    @Test
    void tooBigForTheServersSizeIsBouncedWithoutSending() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", SmtpClientTest::esmtp, "250 ok");
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            ClientReply r = c.send(message("x".repeat(1001), "bob@remote.test")).replies().get(0);
            assertEquals(552, r.code());
            assertEquals("5.3.4", r.status());
            assertTrue(r.local());
        }
        assertEquals(List.of("EHLO client.test"), server.lines);
    }

    @Test
    void smtputf8MessageToAServerWithoutItBouncesWith567() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", SmtpClientTest::esmtp, "250 ok");
        OutboundMessage m = new OutboundMessage("jörg@example.test",
                List.of(new OutboundMessage.Recipient("bob@remote.test", Set.of(), Optional.empty())), Optional.empty(),
                QueueEnvelope.Ret.UNSPECIFIED, true, true, text("x\r\n"));
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            ClientReply r = c.send(m).replies().get(0);
            assertEquals("5.6.7", r.status());
            assertTrue(r.isPermanent());
        }
    }

    @Test
    void fallsBackToHeloWhenEhloIsUnknown() throws Exception {
        server = new ScriptedServer("220 old.test SMTP", line -> line.startsWith("EHLO") ? "500 what?"
                : line.startsWith("HELO") ? "250 old.test" : esmtp(line), "250 ok");
        try (SmtpConnection c = client.connect(server.address(), "old.test", ClientDialect.SMTP)) {
            assertEquals(250, c.send(message("x\r\n", "bob@remote.test")).replies().get(0).code());
        }
        // no SIZE parameter: HELO announced no extensions
        assertEquals(List.of("EHLO client.test", "HELO client.test", "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@remote.test>", "DATA"), server.lines);
    }

    @Test
    void dsnParametersTravelWhenTheServerAnnouncesDsn() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO")
                ? "250-mx\r\n250-DSN\r\n250 SMTPUTF8" : esmtp(line), "250 ok");
        OutboundMessage m = new OutboundMessage("alice@example.test",
                List.of(new OutboundMessage.Recipient("bob@remote.test",
                        Set.of(QueueEnvelope.Notify.SUCCESS, QueueEnvelope.Notify.FAILURE),
                        Optional.of("rfc822;bob+x=y@remote.test"))),
                Optional.of("env 1"), QueueEnvelope.Ret.HDRS, false, false, text("x\r\n"));
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            TransactionResult r = c.send(m);
            assertTrue(r.dsnSupported());
        }
        assertEquals("MAIL FROM:<alice@example.test> RET=HDRS ENVID=env+201", server.lines.get(1));
        assertEquals("RCPT TO:<bob@remote.test> NOTIFY=FAILURE,SUCCESS ORCPT=rfc822;bob+2Bx+3Dy@remote.test",
                server.lines.get(2));
    }

    @Test
    void lmtpGivesOneReplyPerAcceptedRecipient() throws Exception {
        server = new ScriptedServer("220 lmtp.test LMTP", line -> line.startsWith("LHLO")
                ? "250-lmtp.test\r\n250 ENHANCEDSTATUSCODES" : esmtp(line),
                "250 2.0.0 <bob@remote.test> delivered\r\n452 4.2.2 <carol@remote.test> mailbox full");
        try (SmtpConnection c = client.connect(server.address(), "lmtp.test", ClientDialect.LMTP)) {
            TransactionResult r = c.send(message("x\r\n", "bob@remote.test", "refused@remote.test",
                    "carol@remote.test"));
            assertEquals(List.of(250, 550, 452), r.replies().stream().map(ClientReply::code).toList());
        }
        assertEquals("LHLO client.test", server.lines.get(0));
    }

    @Test
    void multiLineGreetingAndRepliesWithoutEnhancedCodes() throws Exception {
        server = new ScriptedServer("220-first line\r\n220 second line", line -> line.startsWith("EHLO")
                ? "250 only" : line.startsWith("MAIL") ? "250 ok" : line.startsWith("RCPT") ? "451 try later"
                : esmtp(line), "250 ok");
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            ClientReply r = c.send(message("x\r\n", "bob@remote.test")).replies().get(0);
            assertEquals(451, r.code());
            assertEquals(null, r.status());
            assertEquals("4.0.0", r.statusOrDefault());
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("MAIL") ? null : esmtp(line), "250 ok");
        SmtpClient quick = new SmtpClient("client.test", ClientTimeouts.all(Duration.ofMillis(300)), true);
        try (SmtpConnection c = quick.connect(server.address(), "mx", ClientDialect.SMTP)) {
            assertThrows(SocketTimeoutException.class, () -> c.send(message("x\r\n", "bob@remote.test")));
        } finally {
            quick.close();
        }
    }

    @Test
    void startTlsWhenOfferedWithAnUnverifiedCertificateThenEhloAgain(@org.junit.jupiter.api.io.TempDir
                                                                     java.nio.file.Path tmp) throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO")
                ? "250-mx\r\n250 STARTTLS" : line.equals("STARTTLS") ? "220 2.0.0 ready" : esmtp(line), "250 ok")
                .tls(TestTls.serverContext(tmp));
        try (SmtpConnection c = client.connect(server.address(), "mx.remote.test", ClientDialect.SMTP)) {
            assertTrue(c.secure());
            assertEquals(250, c.send(message("x\r\n", "bob@remote.test")).replies().get(0).code());
        }
        assertEquals(List.of("EHLO client.test", "STARTTLS", "EHLO client.test", "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@remote.test>", "DATA"), server.lines);
        assertTrue(server.tlsProtocol.equals("TLSv1.3") || server.tlsProtocol.equals("TLSv1.2"), server.tlsProtocol);
    }

    @Test
    void declinedStartTlsGoesOnInPlainText() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO")
                ? "250-mx\r\n250 STARTTLS" : line.equals("STARTTLS") ? "454 4.7.0 TLS not available" : esmtp(line),
                "250 ok");
        try (SmtpConnection c = client.connect(server.address(), "mx", ClientDialect.SMTP)) {
            assertTrue(!c.secure());
            assertEquals(250, c.send(message("x\r\n", "bob@remote.test")).replies().get(0).code());
        }
        assertEquals(List.of("EHLO client.test", "STARTTLS", "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@remote.test>", "DATA"), server.lines);
    }

    @Test
    void noStartTlsWhenDisabled() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO")
                ? "250-mx\r\n250 STARTTLS" : esmtp(line), "250 ok");
        SmtpClient plain = new SmtpClient("client.test", ClientTimeouts.all(Duration.ofSeconds(5)), false);
        try (SmtpConnection c = plain.connect(server.address(), "mx", ClientDialect.SMTP)) {
            assertTrue(!c.secure());
        } finally {
            plain.close();
        }
        assertEquals(List.of("EHLO client.test"), server.lines);
    }

    @Test
    void refusedGreetingIsReported() throws Exception {
        server = new ScriptedServer("554 5.7.1 go away", SmtpClientTest::esmtp, "250 ok");
        RefusedException e = assertThrows(RefusedException.class,
                () -> client.connect(server.address(), "mx", ClientDialect.SMTP));
        assertEquals(554, e.reply().code());
    }

    @Test
    void malformedReplyIsAProtocolError() throws Exception {
        server = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO") ? "250-mx\r\n251 mixed codes"
                : esmtp(line), "250 ok");
        assertThrows(ProtocolException.class, () -> client.connect(server.address(), "mx", ClientDialect.SMTP));
    }
}
