package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.dns.TestDnsServer;
import org.mailserver.core.testing.TestLdif;
import org.xbill.DNS.Type;

/**
 * header_checks' editing actions and DISCARD, and RFC 8601 5's removal of forged Authentication-Results,
 * end to end: the daemon on free ports with SPF on (asking a real DNS server) and a Postfix map, mail
 * sent over a socket, the copies read back from the Maildir.
 */
class FilterActionsTest {
    @TempDir
    static Path dir;
    static TestDnsServer dns;
    static Daemon daemon;
    static int smtp;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        dns.add("pass.test.", Type.TXT, "\"v=spf1 ip4:127.0.0.0/8 -all\"");
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        Path checks = Files.writeString(dir.resolve("header_checks"), """
                # a privacy map as used on Postfix submission servers, and some tagging
                /^Received:.*with ESMTPSA/              IGNORE
                /^X-Originating-IP:/                    IGNORE
                /^Subject: (.*\\bmeeting\\b.*)$/          REPLACE Subject: [ext] $1
                /^From:.*@partner\\.test/                PREPEND X-Partner: yes
                /^X-Spam-Flag: YES/                     DISCARD flagged upstream
                /^X-Virus-Status: Infected/             HOLD
                """);
        smtp = DaemonTest.freePort();
        daemon = Daemon.start(Configuration.load(DaemonTest.projectConf(), List.of("server.hostname=mx.example.test",
                "domains=example.test", "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif,
                "smtp.listen=127.0.0.1:" + smtp, "lmtp.listen=", "pop3.listen=", "imap.listen=", "submission.listen=",
                "submissions.listen=", "imaps.listen=", "pop3s.listen=", "filter.spf=true",
                "filter.header_checks=regexp:" + checks, "dns.servers=127.0.0.1:" + dns.address().getPort())));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** Sends {@code message} (CRLF lines, dot-stuffed) to bob; returns the reply to the end of data. */
    private static String send(String message) throws Exception {
        try (LineClient c = new LineClient(smtp)) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO client.remote.test\r\n");
            c.reply();
            c.send("MAIL FROM:<someone@pass.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("RCPT TO:<bob@example.test>\r\n");
            assertTrue(c.reply().get(0).startsWith("250 "));
            c.send("DATA\r\n");
            assertTrue(c.reply().get(0).startsWith("354"));
            c.send(message + ".\r\n");
            String r = c.reply().get(0);
            c.send("QUIT\r\n");
            return r;
        }
    }

    /** Bob's stored copies whose text contains {@code marker}. */
    private static List<String> stored(String marker) throws Exception {
        Path box = dir.resolve("data/mail/example.test/bob/new");
        if (!Files.isDirectory(box)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(box)) {
            return files.map(FilterActionsTest::read).filter(t -> t.contains(marker)).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The message as the client wrote it, from its first line on, in a stored copy. */
    private static String asSent(String copy, String firstLine) {
        return copy.substring(copy.indexOf(firstLine));
    }

    @Test
    void ignoreRemovesExactlyTheMatchedFieldsFoldedLinesIncludedTheRestByteForByte() throws Exception {
        String sent = "Received: from laptop ([192.0.2.9]) by mail.pass.test with ESMTPSA id 77;\r\n"
                + "\tMon, 7 Dec 2026 10:00:00 +0000\r\n"
                + "X-Originating-IP: [10.9.8.7]\r\n"
                + "Subject: ignore-test\r\n"
                + "X-Originating-IP:\r\n  [10.9.8.7]\r\n"
                + "Received: from relay.pass.test by mail.pass.test with ESMTPS id 78;\r\n"
                + "\tMon, 7 Dec 2026 09:59:00 +0000\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "\r\n"
                + "X-Originating-IP: [10.9.8.7] stays in the body\r\n"
                + "caf\u00e9 \t trailing space \r\n";
        assertTrue(send(sent).startsWith("250 2.0.0"));
        String copy = stored("ignore-test").get(0);
        assertEquals("Subject: ignore-test\r\n"
                + "Received: from relay.pass.test by mail.pass.test with ESMTPS id 78;\r\n"
                + "\tMon, 7 Dec 2026 09:59:00 +0000\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "\r\n"
                + "X-Originating-IP: [10.9.8.7] stays in the body\r\n"
                + new String("caf\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                + " \t trailing space \r\n", asSent(copy, "Subject: ignore-test"), "8-bit octets as sent");
        assertFalse(copy.contains("ESMTPSA") || copy.contains("[10.9.8.7]\r\nSubject"), copy);
        // the size in the Maildir name (S=) is the edited copy's
        try (Stream<Path> files = Files.list(dir.resolve("data/mail/example.test/bob/new"))) {
            Path f = files.filter(p -> read(p).contains("ignore-test")).findFirst().orElseThrow();
            String name = f.getFileName().toString();
            long s = Long.parseLong(name.replaceAll(".*,S=(\\d+).*", "$1"));
            assertEquals(Files.size(f), s, name);
        }
    }

    @Test
    void prependAndReplace() throws Exception {
        assertTrue(send("From: Ann <ann@partner.test>\r\nSubject: the meeting on Monday\r\n\r\nhi\r\n")
                .startsWith("250 2.0.0"));
        String copy = stored("the meeting on Monday").get(0);
        assertTrue(copy.endsWith("\r\nX-Partner: yes\r\nFrom: Ann <ann@partner.test>\r\n"
                + "Subject: [ext] the meeting on Monday\r\n\r\nhi\r\n"), copy);
    }

    @Test
    void discardIsAnswered250AndNothingLandsInAnyMaildir() throws Exception {
        String reply = send("Subject: discard-test\r\nX-Spam-Flag: YES\r\n\r\nbuy now\r\n");
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        assertEquals(List.of(), stored("discard-test"));
        try (Stream<Path> all = Files.walk(dir.resolve("data"))) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).filter(p -> read(p).contains("discard-test")).toList(),
                    "no copy, no queue entry, no bounce anywhere under data.dir");
        }
    }

    @Test
    void anUnsupportedActionDeliversTheMessageUnchanged() throws Exception {
        assertTrue(send("Subject: hold-test\r\nX-Virus-Status: Infected\r\n\r\nx\r\n").startsWith("250 2.0.0"));
        assertTrue(stored("hold-test").get(0).endsWith("\r\nSubject: hold-test\r\nX-Virus-Status: Infected\r\n\r\nx\r\n"));
    }

    @Test
    void forgedAuthenticationResultsWithOurIdAreGoneOthersStay() throws Exception {
        assertTrue(send("Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=ceo@example.test\r\n"
                + "Authentication-Results: mail.pass.test; dkim=pass header.d=pass.test\r\n"
                + "Authentication-Results: MX.EXAMPLE.TEST;\r\n\tdkim=pass header.d=example.test\r\n"
                + "Subject: forged-test\r\n\r\nbody\r\n").startsWith("250 2.0.0"));
        String copy = stored("forged-test").get(0);
        assertEquals("Authentication-Results: mail.pass.test; dkim=pass header.d=pass.test\r\n"
                + "Subject: forged-test\r\n\r\nbody\r\n",
                asSent(copy, "Authentication-Results: mail.pass.test"), copy);
        // ours, added at delivery, is the only one with our id
        assertEquals(1, copy.split("Authentication-Results: mx.example.test", -1).length - 1, copy);
        assertTrue(copy.contains("\r\nAuthentication-Results: mx.example.test; spf=pass smtp.mailfrom=someone@pass.test\r\n"),
                copy);
        assertFalse(copy.contains("ceo@example.test") || copy.contains("MX.EXAMPLE.TEST"), copy);
    }
}
