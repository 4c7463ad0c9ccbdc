package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (SEC Consult, December 2023) on the MX: a message whose data holds a fake end of
 * data ({@code \n.\n}, {@code \r.\r}, {@code \r\n.\r}, {@code \n.\r\n}, ...) followed by a second
 * transaction in plaintext. Only {@code \r\n.\r\n} may end the data (RFC 5321 4.1.1.4).
 *
 * <p>What this server does with a bare LF or bare CR in DATA: it does NOT treat it as a line end,
 * so no dot after it can end the data, and at the real {@code \r\n.\r\n} it refuses the whole message
 * with {@code 550 5.6.0} ("bare CR or LF in data", RFC 5321 2.3.8: CR and LF only as CRLF). So a
 * smuggled second message is neither delivered on its own nor as part of the first: nothing is
 * delivered, and the smuggled MAIL/RCPT/DATA never run as commands (exactly one reply for the DATA,
 * then the 221 to our QUIT).
 */
class SmtpSmugglingTest {
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

    private static final String SMUGGLED = "MAIL FROM:<admin@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
            + "From: admin@example.test\r\nSubject: smuggled\r\n\r\nsmuggled body\r\n";

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r.\r", "\r\n.\r", "\r.\r\n", "\r\n.\n", "\n.\r", "\r.\n",
            "\r\n\n.\r\n", "\r\n.\r\r\n", "\r\n.\n\r\n", "\r\n\u0000.\r\n"})
    void aFakeEndOfDataNeverEndsTheMessageAndTheSmuggledOneIsNotDelivered(String fakeEnd) throws Exception {
        String first = "From: someone@remote.test\r\nSubject: first\r\n\r\nfirst body";
        List<Path> before = server.inbox("bob");
        // after the smuggled data, the real end: \r\n.\r\n
        List<String> replies = transaction("bob", first + fakeEnd + SMUGGLED + ".\r\n");
        assertEquals(2, replies.size(), "one reply for the DATA, one for QUIT: " + replies);
        assertTrue(replies.get(1).startsWith("221"), replies.toString());
        List<Path> delivered = new java.util.ArrayList<>(server.inbox("bob"));
        delivered.removeAll(before);
        if (fakeEnd.contains("\u0000")) {
            // a NUL is no line end, so no bare-line-end refusal: at most the one message, smuggled
            // commands inside it as content
            assertTrue(replies.get(0).startsWith("250") || replies.get(0).startsWith("5"), replies.toString());
            assertTrue(delivered.size() <= 1, delivered.toString());
        } else {
            assertTrue(replies.get(0).startsWith("550 5.6.0"), "bare CR/LF refused: " + replies);
            assertEquals(List.of(), delivered);
        }
        for (Path p : delivered) {
            String text = java.nio.file.Files.readString(p);
            assertFalse(text.startsWith("Return-Path: <admin@example.test>"), "smuggled message delivered: " + text);
            assertTrue(text.contains("Subject: first"), "not the first message: " + text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"line one\nline two\r\n", "line one\rline two\r\n", "ends with bare lf\n",
            "ends with bare cr\r"})
    void bareLineEndsAnywhereInDataAreRefused(String body) throws Exception {
        int before = server.inbox("erin").size();
        List<String> replies = transaction("erin", "Subject: bare\r\n\r\n" + body + "\r\n.\r\n");
        assertTrue(replies.get(0).startsWith("550 5.6.0"), replies.toString());
        assertEquals(before, server.inbox("erin").size());
    }

    /**
     * The control: the same bytes with a real {@code \r\n.\r\n} as the "fake" end are two messages,
     * both delivered, so the harness does see a second transaction when there is one.
     */
    @Test
    void aRealEndOfDataFollowedByASecondTransactionDeliversBoth() throws Exception {
        int before = server.inbox("alice").size();
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            c.send("EHLO client.remote.test\r\n");
            c.expect("250");
            c.send("MAIL FROM:<someone@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            c.expect("250");
            c.expect("250");
            c.expect("354");
            c.send("Subject: first\r\n\r\nfirst\r\n.\r\n" + SMUGGLED.replace("bob@", "alice@") + ".\r\nQUIT\r\n");
            c.expect("250");
            c.expect("250");
            c.expect("250");
            c.expect("354");
            c.expect("250");
            c.expect("221");
        }
        assertEquals(before + 2, server.inbox("alice").size());
    }

    /** MAIL, RCPT, DATA, then {@code data} and QUIT in one write; the replies from the DATA's end on. */
    private static List<String> transaction(String user, String data) throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            c.send("EHLO client.remote.test\r\n");
            c.expect("250");
            c.send("MAIL FROM:<someone@remote.test>\r\nRCPT TO:<" + user + "@example.test>\r\nDATA\r\n");
            c.expect("250");
            c.expect("250");
            c.expect("354");
            c.send(data + "QUIT\r\n");
            List<String> out = new java.util.ArrayList<>();
            List<String> r;
            while (!(r = c.reply()).isEmpty()) {
                out.add(String.join(" | ", r));
            }
            return out;
        }
    }
}
