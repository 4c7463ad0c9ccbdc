package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * STARTTLS command injection (RFC 3207 4.2 / 5.2, RFC 2595 3.1 and 4, CVE-2011-0411): plaintext
 * commands sent in the same packet right after STARTTLS (or STLS) must be thrown away, never run
 * once TLS is up. Each test writes the command and the injected ones in one write, does the TLS
 * handshake, checks that nothing unasked-for arrives, and then probes the state the injection
 * would have changed.
 */
class StartTlsInjectionTest {
    @TempDir
    static Path dir;
    static SecurityServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SecurityServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void smtpMxDropsCommandsPipelinedAfterStartTls() throws Exception {
        smtp("smtp", "EHLO");
    }

    @Test
    void smtpSubmissionDropsCommandsPipelinedAfterStartTls() throws Exception {
        smtp("submission", "EHLO");
    }

    @Test
    void lmtpDropsCommandsPipelinedAfterStartTls() throws Exception {
        smtp("lmtp", "LHLO");
    }

    /** If EHLO and MAIL ran after the handshake, RCPT would be accepted; it must get 503 instead. */
    private static void smtp(String listener, String hello) throws Exception {
        int before = server.inbox("bob").size();
        try (RawClient c = RawClient.connect("127.0.0.1", server.port(listener))) {
            c.expect("220");
            c.send(hello + " client.test\r\n");
            assertTrue(String.join("\n", c.expect("250")).contains("STARTTLS"), listener + " offers STARTTLS");
            c.send("STARTTLS\r\n" + hello + " evil.test\r\nMAIL FROM:<evil@remote.test>\r\n"
                    + "RCPT TO:<bob@example.test>\r\nDATA\r\nSubject: injected\r\n\r\ninjected\r\n.\r\n");
            c.expect("220");
            c.startTls();
            assertEquals("", c.unsolicited(500), listener + ": replies to injected commands after the handshake");
            c.send("RCPT TO:<bob@example.test>\r\n");
            List<String> r = c.reply();
            assertTrue(r.size() == 1 && r.get(0).startsWith("503"), listener + ": RCPT after TLS: " + r);
            // the session works under TLS: the probe above was answered by a live session
            c.send(hello + " client.test\r\n");
            c.expect("250");
            c.send("QUIT\r\n");
            c.expect("221");
        }
        assertEquals(before, server.inbox("bob").size(), listener + ": an injected message was delivered");
    }

    /** If USER ran after the handshake, PASS would log in; it must get "USER first". */
    @Test
    void pop3DropsCommandsPipelinedAfterStls() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("pop3"))) {
            assertTrue(c.line().startsWith("+OK"));
            c.send("STLS\r\nUSER bob\r\n");
            assertTrue(c.line().startsWith("+OK"));
            c.startTls();
            assertEquals("", c.unsolicited(500), "replies to injected commands after the handshake");
            c.send("PASS " + TestLdif.PASSWORDS.get("bob") + "\r\n");
            String r = c.line();
            assertTrue(r.startsWith("-ERR"), "PASS after TLS without USER: " + r);
            c.send("USER bob\r\nPASS " + TestLdif.PASSWORDS.get("bob") + "\r\n");
            assertTrue(c.line().startsWith("+OK"));
            String login = c.line();
            assertTrue(login.startsWith("+OK"), "a real login under TLS works: " + login);
            c.send("QUIT\r\n");
            assertTrue(c.line().startsWith("+OK"));
        }
    }

    /** If LOGIN ran after the handshake, its tagged reply would arrive unasked; NOOP's must be next. */
    @Test
    void imapDropsCommandsPipelinedAfterStartTls() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("imap"))) {
            assertTrue(c.line().startsWith("* OK"));
            c.send("a1 STARTTLS\r\na2 LOGIN bob " + TestLdif.PASSWORDS.get("bob") + "\r\na3 SELECT INBOX\r\n");
            List<String> r = c.tagged("a1");
            assertTrue(r.get(r.size() - 1).startsWith("a1 OK"), r.toString());
            c.startTls();
            assertEquals("", c.unsolicited(500), "replies to injected commands after the handshake");
            c.send("b1 SELECT INBOX\r\n");
            List<String> select = c.tagged("b1");
            assertTrue(select.get(select.size() - 1).startsWith("b1 BAD") || select.get(select.size() - 1).startsWith("b1 NO"),
                    "SELECT after TLS without LOGIN: " + select);
            for (String l : select) {
                assertTrue(!l.startsWith("a2") && !l.startsWith("a3"), "an injected command was answered: " + select);
            }
            c.send("b2 LOGIN bob " + TestLdif.PASSWORDS.get("bob") + "\r\n");
            List<String> login = c.tagged("b2");
            assertTrue(login.get(login.size() - 1).startsWith("b2 OK"), "a real login under TLS works: " + login);
            c.send("b3 LOGOUT\r\n");
            c.tagged("b3");
        }
    }
}
