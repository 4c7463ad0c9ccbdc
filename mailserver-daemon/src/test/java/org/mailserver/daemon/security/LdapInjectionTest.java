package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * LDAP filter injection (RFC 4515) through login names and addresses: SMTP AUTH, IMAP LOGIN, POP3
 * USER/PASS and RCPT TO. Every attempt pairs bob's real password with a name that, pasted into
 * {@code (|(uid=%s)(mail=%s)...)} unescaped, would match bob: wildcards ({@code b*}, {@code *ob}),
 * filter breakouts ({@code bob)(uid=*}), RFC 4515 escapes written by the client ({@code b\6fb} is
 * "bob"), and NUL ({@code bob\00}, a raw NUL). Each must be refused; the same session then logs in
 * with {@code bob} itself, so a refusal is the escaping at work, not a broken session. The
 * embedded directory is a real LDAP server (UnboundID) reached over a socket.
 */
class LdapInjectionTest {
    @TempDir
    static Path dir;
    static SecurityServer server;
    static final String PASSWORD = TestLdif.PASSWORDS.get("bob");

    /** Login names that would match bob (or everyone) in an unescaped filter. */
    static final List<String> LOGINS = List.of("*", "b*", "bo*", "*ob", "b*b", "*)(uid=*", "bob)(uid=*", "*)(|(uid=*",
            "bob)(|(uid=*)", "bob))(|(uid=*", "*))%00", "b\\6fb", "\\62ob", "bob\\00", "bob\\2a", "bob\u0000",
            "bob\u0000x", "bob*", "bob@example.test)(mail=*", "b*@example.test", "*@example.test", "(uid=bob)",
            "bob)(&", "bob\\", "bob\\29");

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
    void smtpAuthPlainAndLogin() throws Exception {
        for (String login : LOGINS) { // a connection each: ten refusals end a session (421)
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("submission"))) {
                c.expect("220");
                c.send("EHLO client.test\r\nSTARTTLS\r\n");
                c.expect("250");
                c.expect("220");
                c.startTls();
                c.send("EHLO client.test\r\n");
                c.expect("250");
                c.send("AUTH PLAIN " + b64("\u0000" + login + "\u0000" + PASSWORD) + "\r\n");
                List<String> r = c.reply();
                assertTrue(r.get(0).startsWith("535") || r.get(0).startsWith("501"), "PLAIN " + login + ": " + r);
                c.send("AUTH LOGIN\r\n");
                c.expect("334");
                c.send(b64(login) + "\r\n");
                r = c.reply();
                if (r.get(0).startsWith("334")) {
                    c.send(b64(PASSWORD) + "\r\n");
                    r = c.reply();
                }
                assertTrue(r.get(0).startsWith("535") || r.get(0).startsWith("501"), "LOGIN " + login + ": " + r);
                c.send("AUTH PLAIN " + b64("\u0000bob\u0000" + PASSWORD) + "\r\n");
                c.expect("235");
            }
        }
    }

    @Test
    void imapLogin() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("imap"))) {
            assertTrue(c.line().startsWith("* OK"));
            int n = 0;
            for (String login : LOGINS) {
                byte[] name = login.getBytes(StandardCharsets.UTF_8);
                String tag = "a" + ++n;
                c.send(tag + " LOGIN {" + name.length + "+}\r\n" + login + " " + PASSWORD + "\r\n");
                List<String> r = c.tagged(tag);
                assertFalse(r.get(r.size() - 1).startsWith(tag + " OK"), "LOGIN " + login + ": " + r);
                if (login.indexOf('\\') < 0 && login.indexOf('\u0000') < 0) { // also as a quoted string
                    c.send(tag + "q LOGIN \"" + login + "\" " + PASSWORD + "\r\n");
                    r = c.tagged(tag + "q");
                    assertFalse(r.get(r.size() - 1).startsWith(tag + "q OK"), "LOGIN " + login + ": " + r);
                }
                c.send(tag + "x AUTHENTICATE PLAIN " + b64("\u0000" + login + "\u0000" + PASSWORD) + "\r\n");
                r = c.tagged(tag + "x");
                assertFalse(r.get(r.size() - 1).startsWith(tag + "x OK"), "AUTHENTICATE " + login + ": " + r);
            }
            c.send("z LOGIN bob " + PASSWORD + "\r\n");
            List<String> r = c.tagged("z");
            assertTrue(r.get(r.size() - 1).startsWith("z OK"), r.toString());
        }
    }

    @Test
    void pop3UserPass() throws Exception {
        for (String login : LOGINS) {
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("pop3"))) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("USER " + login + "\r\n");
                String user = c.line();
                if (user.startsWith("+OK")) {
                    c.send("PASS " + PASSWORD + "\r\n");
                    String pass = c.line();
                    assertTrue(pass.startsWith("-ERR"), "USER " + login + ": " + pass);
                }
                c.send("AUTH PLAIN " + b64("\u0000" + login + "\u0000" + PASSWORD) + "\r\n");
                String auth = c.line();
                assertTrue(auth.startsWith("-ERR"), "AUTH PLAIN " + login + ": " + auth);
                c.send("USER bob\r\nPASS " + PASSWORD + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                String ok = c.line();
                assertTrue(ok.startsWith("+OK"), "bob himself: " + ok);
                c.send("QUIT\r\n");
                c.line();
            }
        }
    }

    @Test
    void rcptTo() throws Exception {
        int before = server.inbox("bob").size();
        List<String> locals = List.of("*", "b*", "bo*", "*ob", "b*b", "bob*", "\"bob)(mail=*\"", "\"*)(uid=*\"",
                "\"b\\\\6fb\"", "\"bob\\\\00\"", "\"bob)(|(mail=*)\"", "\"*\"", "b*b+x");
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            c.send("EHLO client.remote.test\r\n");
            c.expect("250");
            c.send("MAIL FROM:<someone@remote.test>\r\n");
            c.expect("250");
            for (String local : locals) {
                c.send("RCPT TO:<" + local + "@example.test>\r\n");
                List<String> r = c.reply();
                assertTrue(r.get(0).startsWith("550") || r.get(0).startsWith("501"), "RCPT " + local + ": " + r);
            }
            c.send("RCPT TO:<bob@example.test>\r\n");
            c.expect("250");
            c.send("RSET\r\n");
            c.expect("250");
        }
        assertTrue(server.inbox("bob").size() == before);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
