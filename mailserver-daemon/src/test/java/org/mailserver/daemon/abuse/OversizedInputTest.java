package org.mailserver.daemon.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.daemon.abuse.Abuse.MB;
import static org.mailserver.daemon.abuse.Abuse.filler;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.daemon.TestDaemon;

/**
 * Issue 7, "oversized input of every kind is answered, not buffered": 1 MB command lines on every
 * protocol, 10 GB literals and BDAT chunks, messages over the size limit, MIME nested 1,000 deep,
 * recipients by the ten thousand and 1 MB header lines, against the whole daemon on real sockets.
 * The size limit is 4 MB here so that going over it is quick; the code paths are those of 50 MB.
 */
class OversizedInputTest {
    static final int LIMIT = 4 * MB;
    /** RCPT commands sent in one transaction; -Dabuse.recipients=1000000 for the manual run. */
    static final int RECIPIENTS = Integer.getInteger("abuse.recipients", 20_000);

    /** The one client address allowed to relay (the recipients test); the others are the MX's strangers. */
    static final InetAddress TRUSTED = InetAddress.getLoopbackAddress().getHostAddress().equals("127.0.0.1")
            ? address(127, 0, 0, 9) : InetAddress.getLoopbackAddress();

    @TempDir
    static Path dir;

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
    static TestDaemon daemon;
    static int smtp;
    static int lmtp;
    static int imap;
    static int pop3;

    @BeforeAll
    static void start() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        smtp = Abuse.freePort();
        lmtp = Abuse.freePort();
        imap = Abuse.freePort();
        pop3 = Abuse.freePort();
        daemon = TestDaemon.start(List.of("server.hostname=mx.example.test", "domains=example.test",
                "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif, "smtp.listen=127.0.0.1:" + smtp,
                "lmtp.listen=127.0.0.1:" + lmtp, "imap.listen=127.0.0.1:" + imap, "pop3.listen=127.0.0.1:" + pop3,
                "submission.listen=", "submissions.listen=", "imaps.listen=", "pop3s.listen=",
                "smtp.max_message_size=" + LIMIT, "imap.append_limit=" + LIMIT, "auth.failure_delay=10ms",
                "smtp.trusted_networks=" + TRUSTED.getHostAddress() + "/32"));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aCommandLineOf1MbIsAnsweredAtTheLimitAndTheSmtpSessionGoesOn() throws Exception {
        for (String[] p : new String[][] {{"EHLO", String.valueOf(smtp)}, {"LHLO", String.valueOf(lmtp)}}) {
            try (Raw c = Abuse.smtp(Integer.parseInt(p[1]), p[0])) {
                c.send(filler(MB, 'A')); // no CRLF: the reply must not wait for one
                assertTrue(c.reply().startsWith("500 5.5.2 "), p[0]); // RFC 5321 4.5.3.1.4
                c.send("\r\nNOOP\r\n");
                assertTrue(c.reply().startsWith("250 "), p[0]);
            }
        }
    }

    @Test
    void aCommandLineOf1MbIsAnsweredOnImapAndPop3() throws Exception {
        try (Raw c = new Raw(imap)) {
            assertTrue(c.line().startsWith("* OK"));
            c.send("a1 LOGIN ");
            c.send(filler(MB, 'A'));
            // answered at the end of the line, which is skipped unread: its last octets may announce a
            // {n+} literal whose octets must be skipped too (RFC 7888 4); one that never ends is timed
            // out (SlowClientTest)
            c.send("\r\n");
            String bad = c.line();
            assertTrue(bad.startsWith("a1 BAD ") || bad.startsWith("* BAD "), bad);
            c.send("a2 NOOP\r\n");
            assertTrue(c.until("a2 ").get(0).startsWith("a2 OK"));
        }
        try (Raw c = new Raw(pop3)) {
            assertTrue(c.line().startsWith("+OK"));
            c.send(filler(MB, 'A'));
            assertTrue(c.line().startsWith("-ERR "));
            c.send("\r\nCAPA\r\n");
            assertTrue(c.line().startsWith("+OK"));
        }
    }

    @Test
    void synchronisingLiteralsOf10GbAreRefusedWithoutAContinuation() throws Exception {
        try (Raw c = new Raw(imap)) {
            assertTrue(c.line().startsWith("* OK"));
            c.send("a1 LOGIN {10737418240}\r\n");
            String refused = c.line();
            assertTrue(refused.startsWith("a1 NO [TOOBIG]") || refused.startsWith("a1 BAD [TOOBIG]"), refused);
        }
        try (Raw c = Abuse.imap(imap, "bob")) {
            c.send("a2 APPEND INBOX {10737418240}\r\n");
            assertTrue(c.line().startsWith("a2 NO [TOOBIG]")); // RFC 7889 4, and no "+" first
            c.send("a3 NOOP\r\n");
            assertTrue(c.until("a3 ").get(0).startsWith("a3 OK"));
        }
    }

    @Test
    void aNonSynchronisingLiteralOf10GbIsReadAndDroppedNotKept() throws Exception {
        Path spool = dir.resolve("data/spool/imap");
        try (Raw c = Abuse.imap(imap, "erin")) {
            c.send("a2 APPEND INBOX {10737418240+}\r\n"); // RFC 7888 4: the octets are on their way
            byte[] block = filler(MB, 'x');
            for (int i = 0; i < 32; i++) {
                c.send(block);
                assertTrue(Abuse.usage(spool) <= LIMIT, "the spool holds no more than the limit");
            }
            c.send("a3 NOOP\r\n"); // still inside the literal: no answer yet, the connection is open
            assertTrue(c.socket.isConnected());
        }
        assertEquals(0, Abuse.usage(dir.resolve("data/mail/example.test/erin/new"))
                + Abuse.usage(dir.resolve("data/mail/example.test/erin/cur")), "nothing delivered");
    }

    @Test
    void aBdatChunkOf10GbIsReadAndDroppedPastTheLimit() throws Exception {
        Path spool = dir.resolve("data/spool/smtp");
        try (Raw c = Abuse.smtp(smtp, "EHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("250 "));
            c.send("BDAT 10737418240 LAST\r\n");
            byte[] block = filler(MB, 'x');
            for (int i = 0; i < 32; i++) {
                c.send(block);
                assertTrue(Abuse.usage(spool) <= LIMIT + MB, "the spool holds no more than the limit");
            }
        }
    }

    @Test
    void dataOverTheSizeLimitIs552AfterTheDotAndNotSpooledPastIt() throws Exception {
        Path spool = dir.resolve("data/spool/smtp");
        try (Raw c = Abuse.smtp(smtp, "EHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("354 "));
            c.send("Subject: big\r\n\r\n");
            byte[] line = (new String(filler(998, 'y'), StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2 * LIMIT / line.length; i++) {
                c.send(line);
                if (i % 1000 == 0) {
                    assertTrue(Abuse.usage(spool) <= LIMIT + MB, "the spool holds no more than the limit");
                }
            }
            c.send(".\r\n");
            assertTrue(c.reply().startsWith("552 5.3.4 ")); // RFC 5321 4.5.3.1.10 (size), RFC 1870
            c.send("NOOP\r\n");
            assertTrue(c.reply().startsWith("250 "));
        }
        assertEquals(0, Abuse.usage(dir.resolve("data/mail/example.test/alice/new")), "nothing delivered");
    }

    @Test
    void mimeNested1000DeepIsDeliveredAndItsBodystructureAnswered() throws Exception {
        StringBuilder m = new StringBuilder("From: a@remote.test\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        int depth = 1000;
        for (int i = 0; i < depth; i++) {
            m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        m.append("Content-Type: text/plain\r\n\r\nthe bottom\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            m.append("--b").append(i).append("--\r\n");
        }
        String reply = deliver("bob", m.toString());
        assertTrue(reply.startsWith("250 ") || reply.startsWith("554 ") || reply.startsWith("550 "), reply);
        try (Raw c = Abuse.imap(imap, "bob")) {
            c.send("s SELECT INBOX\r\nf FETCH 1:* (BODYSTRUCTURE ENVELOPE)\r\n");
            List<String> s = c.until("s ");
            assertTrue(s.get(s.size() - 1).startsWith("s OK"), s.toString());
            List<String> f = c.until("f ");
            assertTrue(f.get(f.size() - 1).startsWith("f OK"), f.toString());
            if (reply.startsWith("250 ")) {
                assertTrue(f.stream().anyMatch(l -> l.contains("BODYSTRUCTURE")), f.toString());
            }
        }
    }

    @Test
    void headerLinesOf1MbAreDeliveredAndFetchedAndLongerOnesRefused() throws Exception {
        // a field just under 1 MB goes through the filters and into the store
        String huge = new String(filler(MB - 64, 'h'), StandardCharsets.US_ASCII);
        String reply = deliver("bob", "From: a@remote.test\r\nSubject: " + huge + "\r\nX-Long: " + huge
                + "\r\n\r\nbody\r\n");
        assertTrue(reply.startsWith("250 "), reply);
        try (Raw c = Abuse.imap(imap, "bob")) {
            c.send("s SELECT INBOX\r\nf FETCH 1:* (BODYSTRUCTURE ENVELOPE BODY.PEEK[HEADER.FIELDS (FROM)])\r\n");
            List<String> s = c.until("s ");
            assertTrue(s.get(s.size() - 1).startsWith("s OK"), s.toString());
            List<String> f = c.until("f ");
            assertTrue(f.get(f.size() - 1).startsWith("f OK"), f.toString());
        }
        // past 1 MB the header cannot be checked (forged Authentication-Results): a clean 550 5.7.1
        reply = deliver("bob", "From: a@remote.test\r\nSubject: " + huge + huge + "\r\n\r\nbody\r\n");
        assertTrue(reply.startsWith("550 5.7.1 "), reply);
    }

    @Test
    void recipientsPastTheLimitGet452AndTheSessionGoesOn() throws Exception {
        try (Raw c = Abuse.smtp(new Raw(TRUSTED, smtp), "EHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\n");
            assertTrue(c.reply().startsWith("250 "));
            // distinct remote recipients, relayed for a trusted client: a repeated one is not counted twice
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int sent = 0; sent < RECIPIENTS; sent += 1000) {
                        StringBuilder batch = new StringBuilder();
                        for (int i = sent; i < sent + 1000; i++) {
                            batch.append("RCPT TO:<r").append(i).append("@remote.test>\r\n");
                        }
                        c.send(batch.toString());
                    }
                    c.send("RSET\r\nNOOP\r\n");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            int accepted = 0;
            int tooMany = 0;
            for (int i = 0; i < RECIPIENTS; i++) {
                String r = c.reply();
                if (r.startsWith("250 ")) {
                    assertEquals(0, tooMany, "no recipient is taken after the first 452");
                    accepted++;
                } else {
                    assertTrue(r.startsWith("452 4.5.3 "), r); // RFC 5321 4.5.3.1.10
                    tooMany++;
                }
            }
            assertTrue(accepted >= 100, "RFC 5321 4.5.3.1.8: at least 100 recipients");
            assertEquals(RECIPIENTS, accepted + tooMany);
            assertTrue(tooMany > 0);
            assertTrue(c.reply().startsWith("250 ")); // RSET
            assertTrue(c.reply().startsWith("250 ")); // NOOP
            writer.join();
        }
    }

    private static String deliver(String user, String message) throws Exception {
        try (Raw c = Abuse.smtp(smtp, "EHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<" + user + "@example.test>\r\nDATA\r\n");
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("354 "));
            c.send(message + ".\r\n");
            String reply = c.reply();
            c.send("NOOP\r\n");
            assertFalse(c.reply() == null, "the session goes on");
            return reply;
        }
    }
}
