package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * APPEND (RFC 3501 6.3.11) with APPENDUID (RFC 4315), LITERAL+ (RFC 7888) and APPENDLIMIT (RFC 7889).
 * The server here takes messages of up to {@link #LIMIT} octets.
 */
class ImapAppendTest extends ImapServerTestBase {
    static final int LIMIT = 6 * 1024 * 1024;
    static final String MSG = "From: bob@example.test\r\nSubject: appended\r\n\r\nkept as sent\r\n";

    @Override
    ImapTestServer newServer(Path root) throws Exception {
        return new ImapTestServer(root, Duration.ofMinutes(10), Duration.ofSeconds(10), LIMIT);
    }

    @Test
    void appendWithASynchronizingLiteral() throws Exception {
        play(login("bob"), """
                C: a1 APPEND INBOX {%d}
                S: + {}
                C: %s
                S: a1 OK [APPENDUID {} 1] {}
                C: a2 SELECT INBOX
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 1 EXISTS
                S: * 1 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 2] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a2 OK [READ-WRITE] {}
                C: a3 FETCH 1 (RFC822.SIZE BODY.PEEK[])
                S: * 1 FETCH (RFC822.SIZE %d BODY[] {%d}\r\n%s)
                S: a3 OK {}
                """.formatted(MSG.length(), MSG, MSG.length(), MSG.length(), MSG));
    }

    @Test
    void appendWithLiteralPlusNeedsNoContinuation() throws Exception {
        play(login("bob"), """
                C: a1 APPEND Drafts (\\Draft) {%d+}
                C: %s
                S: a1 OK [APPENDUID {} 1] {}
                C: a2 APPEND Drafts {%d+}
                C: %s
                C: a3 NOOP
                S: a2 OK [APPENDUID {} 2] {}
                S: a3 OK {}
                """.formatted(MSG.length(), MSG, MSG.length(), MSG));
    }

    @Test
    void appendUidMatchesTheUidAndValidityOfTheMailbox() throws Exception {
        ImapLineClient c = login("bob");
        List<String> select = c.command("a0", "STATUS Sent (UIDVALIDITY)");
        String validity = Transcript.find(select, "UIDVALIDITY (\\d+)");
        play(c, """
                C: a1 APPEND Sent {%d+}
                C: %s
                S: a1 OK [APPENDUID %s 1] {}
                C: a2 APPEND Sent {%d+}
                C: %s
                S: a2 OK [APPENDUID %s 2] {}
                C: a3 SELECT Sent
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 2 EXISTS
                S: * 2 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY %s] {}
                S: * OK [UIDNEXT 3] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a3 OK [READ-WRITE] {}
                C: a4 UID FETCH 2 RFC822.SIZE
                S: * 2 FETCH (UID 2 RFC822.SIZE %d)
                S: a4 OK {}
                """.formatted(MSG.length(), MSG, validity, MSG.length(), MSG, validity, validity, MSG.length()));
    }

    @Test
    void aFiveMegabyteMessageRoundTripsByteForByte() throws Exception {
        StringBuilder b = new StringBuilder("From: bob@example.test\r\nSubject: big one\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        for (int i = 0; b.length() < 5 * 1024 * 1024; i++) {
            b.append("Zeile ").append(i).append(": grüße, ½ € ✓ and a line that is long enough to matter\r\n");
            if (i % 1000 == 0) {
                b.append("\r\n.\r\n..\r\nFrom the middle of a line\r\n"); // dots and From_ stay as they are
            }
        }
        byte[] message = b.toString().getBytes(StandardCharsets.UTF_8);
        ImapLineClient c = login("bob");
        c.write(("a1 APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        c.write(message);
        c.send("");
        Transcript.check(c.until("a1"), "a1 OK [APPENDUID {} 1] {}");
        c.command("a2", "SELECT INBOX");
        List<String> got = c.command("a3", "FETCH 1 (RFC822.SIZE BODY.PEEK[])");
        Transcript.check(got, "* 1 FETCH (RFC822.SIZE " + message.length + " BODY[] {" + message.length + "}\r\n{})",
                "a3 OK {}");
        byte[] line = got.get(0).getBytes(StandardCharsets.UTF_8);
        int start = got.get(0).indexOf("}\r\n") + 3; // ASCII before it: char index = byte index
        byte[] body = java.util.Arrays.copyOfRange(line, start, line.length - 1);
        assertEquals(message.length, body.length);
        assertTrue(java.util.Arrays.equals(message, body), "BODY[] is what was appended");
    }

    @Test
    void overTheAppendLimitIsTooBigAndTheConnectionGoesOn() throws Exception {
        ImapLineClient c = login("bob");
        // A synchronizing literal is refused before the client sends it (RFC 7889 4, RFC 3501 7.5).
        play(c, """
                C: a1 APPEND INBOX {%d}
                S: a1 NO [TOOBIG] {}
                C: a2 NOOP
                S: a2 OK {}
                """.formatted(LIMIT + 1));
        // A non-synchronizing one is on its way already: read and dropped, then refused.
        byte[] big = new byte[LIMIT + 100];
        java.util.Arrays.fill(big, (byte) 'x');
        c.write(("a3 APPEND INBOX {" + big.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        c.write(big);
        c.send("");
        play(c, """
                S: a3 NO [TOOBIG] {}
                C: a4 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 0)
                S: a4 OK {}
                """);
    }

    @Test
    void appendToAMissingMailboxSaysTryCreate() throws Exception {
        play(login("bob"), """
                C: a1 APPEND Projects {%d+}
                C: %s
                S: a1 NO [TRYCREATE] {}
                C: a2 CREATE Projects
                S: a2 OK {}
                C: a3 APPEND Projects {%d+}
                C: %s
                S: a3 OK [APPENDUID {} 1] {}
                """.formatted(MSG.length(), MSG, MSG.length(), MSG));
    }

    @Test
    void appendToAnImpossibleNameIsNotTryCreate() throws Exception {
        // RFC 3501 6.3.11: TRYCREATE means CREATE would succeed; it cannot here.
        play(login("bob"), """
                C: a1 APPEND ../outside {%d+}
                C: %s
                S: a1 NO {}
                C: a2 NOOP
                S: a2 OK {}
                """.formatted(MSG.length(), MSG));
        List<String> got = connectAndAppend("a//b");
        assertTrue(got.get(got.size() - 1).startsWith("p1 NO") && !got.get(got.size() - 1).contains("TRYCREATE"),
                got.toString());
    }

    private List<String> connectAndAppend(String mailbox) throws Exception {
        ImapLineClient c = login("bob");
        c.send("p1 APPEND " + mailbox + " {" + MSG.length() + "+}");
        c.send(MSG);
        return c.until("p1");
    }

    @Test
    void flagsAndDateAreKept() throws Exception {
        play(login("bob"), """
                C: a1 APPEND INBOX (\\Seen $Work) "05-Mar-2025 14:30:00 +0200" {%d+}
                C: %s
                S: a1 OK [APPENDUID {} 1] {}
                C: a2 APPEND INBOX () " 5-Mar-2025 02:03:04 -0500" {%d+}
                C: %s
                S: a2 OK [APPENDUID {} 2] {}
                C: a3 APPEND INBOX (\\Recent \\Flagged) {%d+}
                C: %s
                S: a3 OK [APPENDUID {} 3] {}
                C: a4 EXAMINE INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
                S: * OK [PERMANENTFLAGS ()] {}
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 2] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a4 OK [READ-ONLY] {}
                C: a5 FETCH 1:3 (FLAGS INTERNALDATE)
                S: * 1 FETCH (FLAGS (\\Seen \\Recent $Work) INTERNALDATE "05-Mar-2025 12:30:00 +0000")
                S: * 2 FETCH (FLAGS (\\Recent) INTERNALDATE "05-Mar-2025 07:03:04 +0000")
                S: * 3 FETCH (FLAGS (\\Flagged \\Recent) INTERNALDATE "{}")
                S: a5 OK {}
                """.formatted(MSG.length(), MSG, MSG.length(), MSG, MSG.length(), MSG));
    }

    @Test
    void badFlagsAndDatesAreRefused() throws Exception {
        play(login("bob"), """
                C: a1 APPEND INBOX (\\Bogus) {%d+}
                C: %s
                S: a1 BAD {}
                C: a2 APPEND INBOX "31-Foo-2025 14:30:00 +0200" {%d+}
                C: %s
                S: a2 BAD {}
                C: a3 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 0)
                S: a3 OK {}
                """.formatted(MSG.length(), MSG, MSG.length(), MSG));
    }

    @Test
    void anEmptyMessageIsRefused() throws Exception {
        play(login("bob"), """
                C: a1 APPEND INBOX {0+}
                C:
                S: a1 NO {}
                C: a2 APPEND INBOX {0}
                S: {}
                C:
                S: a2 NO {}
                C: a3 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 0)
                S: a3 OK {}
                """);
    }

    @Test
    void appendToTheSelectedMailboxAnnouncesIt() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 APPEND INBOX {%d+}
                C: %s
                S: * 2 EXISTS
                S: * 2 RECENT
                S: a1 OK [APPENDUID {} 2] {}
                C: a2 FETCH 2 (UID FLAGS)
                S: * 2 FETCH (UID 2 FLAGS (\\Recent))
                S: a2 OK {}
                """.formatted(MSG.length(), MSG));
    }

    @Test
    void appendOverQuota() throws Exception {
        // carol has mailQuotaSize 20000
        String big = "Subject: big\r\n\r\n" + "x".repeat(30_000) + "\r\n";
        play(login("carol"), """
                C: a1 APPEND INBOX {%d+}
                C: %s
                S: a1 NO [OVERQUOTA] {}
                C: a2 APPEND INBOX {%d+}
                C: %s
                S: a2 OK [APPENDUID {} 1] {}
                """.formatted(big.length(), big, MSG.length(), MSG));
    }
}
