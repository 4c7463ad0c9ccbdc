package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.core.testing.TestLdif;

/**
 * Header and log injection through what a client names itself and its addresses: the HELO name,
 * MAIL FROM and RCPT TO paths, and AUTH identities. A CR, LF, NUL, NEL (U+0085) or other control
 * character must never start a header line of the client's choosing in the Received:, Return-Path:
 * or Delivered-To: lines the server writes, nor a log line (checked on the log events as logback
 * formats them).
 */
class HeaderInjectionTest {
    @TempDir
    static Path dir;
    static SecurityServer server;
    static LogCapture log;

    /** Control characters and line breakers to smuggle in; all but the Unicode separators are C0/C1 controls. */
    static final List<String> BREAKERS = List.of("\r\n", "\n", "\r", "\u0000", "\u0085", "\u000b", "\u000c", "\u001b",
            "\u2028", "\u2029");

    @BeforeAll
    static void start() throws Exception {
        log = new LogCapture();
        server = SecurityServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void heloNamesCannotInjectHeaders() throws Exception {
        for (String b : BREAKERS) {
            for (String helo : List.of("evil" + b + "X-Injected: helo", "[127.0.0.1]" + b + "X-Injected:helo",
                    "evil" + b + "X-Injected:helo" + b + "Subject:x")) {
                sendAndCheck(helo, "<someone@remote.test>", null, "");
            }
        }
        sendAndCheck("(evil)<x>\"y\";X-Injected:helo", "<someone@remote.test>", null, "");
    }

    @Test
    void mailFromCannotInjectHeaders() throws Exception {
        for (String b : BREAKERS) {
            for (String from : List.of("<evil" + b + "X-Injected: from@remote.test>",
                    "<\"evil" + b + "X-Injected: from\"@remote.test>", "<evil@remote.test" + b + "X-Injected: from>",
                    "<evil@remote.test>" + b + "X-Injected: from")) {
                sendAndCheck("client.test", from, null, " SMTPUTF8");
                sendAndCheck("client.test", from, null, "");
            }
        }
    }

    @Test
    void rcptToCannotInjectHeaders() throws Exception {
        for (String b : BREAKERS) {
            for (String to : List.of("<bob" + b + "X-Injected: to@example.test>",
                    "<\"bob" + b + "X-Injected: to\"@example.test>", "<bob@example.test" + b + "X-Injected: to>",
                    "<bob@example.test>" + b + "X-Injected: to")) {
                sendAndCheck("client.test", "<someone@remote.test>", to, " SMTPUTF8");
            }
        }
    }

    /** AUTH PLAIN and LOGIN identities with line breaks, over TLS on submission: refused, and logged clean. */
    @Test
    void authIdentitiesCannotInjectLogLines() throws Exception {
        String password = TestLdif.PASSWORDS.get("bob");
        for (String b : BREAKERS) {
            String id = "bob" + b + "X-Injected: auth";
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("submission"))) {
                c.expect("220");
                c.send("EHLO client.test\r\nSTARTTLS\r\n");
                c.expect("250");
                c.expect("220");
                c.startTls();
                c.send("EHLO client.test\r\n");
                c.expect("250");
                c.send("AUTH PLAIN " + b64("\u0000" + id + "\u0000" + password) + "\r\n");
                List<String> plain = c.reply();
                assertTrue(plain.get(0).startsWith("535") || plain.get(0).startsWith("501"), plain.toString());
                c.send("AUTH PLAIN " + b64(id + "\u0000" + id + "\u0000" + password) + "\r\n");
                List<String> authz = c.reply();
                assertTrue(authz.get(0).startsWith("535") || authz.get(0).startsWith("501"), authz.toString());
                c.send("AUTH LOGIN " + b64(id) + "\r\n");
                List<String> login = c.reply();
                if (login.get(0).startsWith("334")) {
                    c.send(b64(password) + "\r\n");
                    login = c.reply();
                }
                assertTrue(login.get(0).startsWith("535") || login.get(0).startsWith("501"), login.toString());
                // a real login on the same connection works: the refusals were about the identity
                c.send("AUTH PLAIN " + b64("\u0000bob\u0000" + password) + "\r\n");
                c.expect("235");
                c.send("QUIT\r\n");
                c.expect("221");
            }
        }
        assertClean();
    }

    /** POP3 USER and IMAP LOGIN names with line breaks are logged clean too. */
    @Test
    void pop3AndImapLoginNamesCannotInjectLogLines() throws Exception {
        for (String b : BREAKERS) {
            String id = "bob" + b + "X-Injected: login";
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("pop3"))) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("USER " + id + "\r\n");
                String user = c.line();
                if (user.startsWith("+OK")) {
                    c.send("PASS " + TestLdif.PASSWORDS.get("bob") + "\r\n");
                    String pass = c.line();
                    assertTrue(pass.startsWith("-ERR"), pass);
                }
                c.send("QUIT\r\n");
            }
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("imap"))) {
                assertTrue(c.line().startsWith("* OK"));
                byte[] name = id.getBytes(StandardCharsets.UTF_8);
                c.send("a1 LOGIN {" + name.length + "+}\r\n" + id + " " + TestLdif.PASSWORDS.get("bob") + "\r\n");
                List<String> r = c.tagged("a1");
                assertFalse(r.get(r.size() - 1).startsWith("a1 OK"), r.toString());
                c.send("a2 LOGOUT\r\n");
            }
        }
        assertClean();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One session: EHLO {@code helo} (a plain EHLO if refused), MAIL {@code from}{@code mailParams}
     * (a plain sender if refused), RCPT {@code to} (if not null) and bob, DATA. Then the delivered copy's header
     * lines and the log are checked.
     */
    private static void sendAndCheck(String helo, String from, String to, String mailParams) throws Exception {
        List<Path> before = server.inbox("bob");
        List<String> transcript = new ArrayList<>();
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            // the odd name stays the session's when it is accepted; else a plain EHLO goes on
            boolean accepted = command(c, "EHLO " + helo, transcript).startsWith("250");
            if (!accepted && !command(c, "EHLO client.test", transcript).startsWith("250")) {
                throw new AssertionError("plain EHLO refused: " + transcript);
            }
            String mail = command(c, "MAIL FROM:" + from + mailParams, transcript);
            if (!mail.startsWith("250")) {
                command(c, "MAIL FROM:<someone@remote.test>", transcript);
            }
            if (to != null) {
                // the extra recipient is refused or, when its line was cut at a line break, is bob
                // himself: then a second RCPT of bob is not sent (a duplicate RCPT is a second copy)
                String rcpt = command(c, "RCPT TO:" + to, transcript);
                if (rcpt.startsWith("250")) {
                    assertTrue(transcript.get(transcript.size() - 1).contains("<bob@example.test> Ok"), transcript.toString());
                    to = "accepted";
                }
            }
            if (!"accepted".equals(to)) {
                assertTrue(command(c, "RCPT TO:<bob@example.test>", transcript).startsWith("250"), transcript.toString());
            }
            assertTrue(command(c, "DATA", transcript).startsWith("354"), transcript.toString());
            assertTrue(command(c, "Subject: header injection\r\n\r\nbody\r\n.", transcript).startsWith("250"),
                    transcript.toString());
        }
        List<Path> after = new ArrayList<>(server.inbox("bob"));
        after.removeAll(before);
        assertEquals(1, after.size(), transcript.toString());
        String text = Files.readString(after.get(0), StandardCharsets.UTF_8);
        String header = text.substring(0, text.indexOf("\r\n\r\n") + 2);
        for (String line : header.split("\r\n")) {
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                assertFalse(ch != '\t' && Character.isISOControl(ch), "control character in header line: "
                        + line.replace("\r", "\\r").replace("\n", "\\n") + " / " + transcript);
            }
            assertFalse(line.startsWith("X-Injected"), "injected header: " + header);
            assertTrue(line.startsWith("\t") || line.startsWith(" ") || line.startsWith("Return-Path: ")
                    || line.startsWith("Delivered-To: ") || line.startsWith("Received: ")
                    || line.startsWith("Subject: "), "unexpected header line: " + line + "\n" + header);
        }
        assertClean();
    }

    /**
     * Sends one command line and returns the last line of its reply. A line cut in several by a CR
     * or LF gets several replies: the others are read too and only go into the transcript.
     */
    private static String command(RawClient c, String line, List<String> transcript) throws Exception {
        c.send(line + "\r\n");
        List<String> r = c.reply();
        String more = line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 ? c.unsolicited(150) : "";
        transcript.add(line.replace("\r", "\\r").replace("\n", "\\n") + " -> " + r + more);
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    private static void assertClean() {
        assertEquals(List.of(), log.withLineBreakers(), "log messages with line breaks or controls");
    }
}
