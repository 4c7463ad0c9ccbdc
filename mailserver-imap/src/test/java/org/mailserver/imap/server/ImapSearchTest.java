package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8) with ESEARCH (RFC 4731). */
class ImapSearchTest extends ImapServerTestBase {

    private static final String REPORT = "From: Alice Liddell <alice@example.test>\r\nTo: bob@example.test\r\n"
            + "Cc: carol@example.test\r\nSubject: Quarterly report\r\nDate: Sun, 1 Mar 2026 09:00:00 +0000\r\n\r\n"
            + "The numbers are up.\r\n";
    private static final String LUNCH = "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: Lunch?\r\n"
            + "Date: Wed, 15 Apr 2026 11:30:00 +0200\r\nX-Priority: 1\r\n\r\nPizza at noon?\r\n";
    static final String GREETINGS = "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.org>\r\nTo: bob@example.test\r\n"
            + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Berlin\r\nDate: Wed, 20 May 2026 18:00:00 +0200\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nDas Wetter ist sch=C3=B6n.\r\n";
    private static final String BIG = "From: newsletter@example.org\r\nTo: bob@example.test\r\nSubject: Weekly digest\r\n"
            + "Date: Mon, 1 Jun 2026 06:00:00 +0000\r\n\r\n" + "filler text for the digest\r\n".repeat(800);

    /** Encoded words and several addresses in every envelope field. */
    private static final String CAFE = "From: \"Doe, John\" <john@example.com>, =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>\r\n"
            + "Sender: =?UTF-8?B?0JjQstCw0L0=?= <ivan@example.ru>\r\nReply-To: list@lists.example.org\r\n"
            + "To: Friends: anna@example.org, =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>;, boss@example.com\r\n"
            + "Cc: =?UTF-8?Q?Fran=C3=A7oise?= <francoise@example.fr>,\r\n carol@example.com\r\n"
            + "Bcc: =?UTF-8?Q?Z=C3=BCrich_Office?= <zurich@example.ch>, audit@example.com\r\n"
            + "Subject: =?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?= and\r\n more\r\n"
            + "Date: Thu, 5 Mar 2026 23:30:00 -0800 (PST)\r\nMessage-ID: <cafe-1@example.com>\r\n"
            + "In-Reply-To: <parent-9@example.org>\r\n\r\nSee you there.\r\n";

    /** Four messages with flags: 1 \Seen \Flagged, 2 \Answered, 3 $Important, 4 \Deleted. */
    private ImapLineClient mailbox() throws Exception {
        for (String m : List.of(REPORT, LUNCH, GREETINGS, BIG)) {
            deliver("bob", m);
        }
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: s1 STORE 1 +FLAGS.SILENT (\\Seen \\Flagged)
                S: s1 OK {}
                C: s2 STORE 2 +FLAGS.SILENT (\\Answered)
                S: s2 OK {}
                C: s3 STORE 3 +FLAGS.SILENT ($Important)
                S: s3 OK {}
                C: s4 STORE 4 +FLAGS.SILENT (\\Deleted)
                S: s4 OK {}
                """);
        return c;
    }

    @Test
    void flagsAndState() throws Exception {
        play(mailbox(), """
                C: a1 SEARCH ALL
                S: * SEARCH 1 2 3 4
                S: a1 OK {}
                C: a2 SEARCH SEEN
                S: * SEARCH 1
                S: a2 OK {}
                C: a3 SEARCH UNSEEN
                S: * SEARCH 2 3 4
                S: a3 OK {}
                C: a4 SEARCH FLAGGED ANSWERED
                S: * SEARCH
                S: a4 OK {}
                C: a5 SEARCH OR FLAGGED ANSWERED
                S: * SEARCH 1 2
                S: a5 OK {}
                C: a6 SEARCH UNDELETED NOT SEEN
                S: * SEARCH 2 3
                S: a6 OK {}
                C: a7 SEARCH KEYWORD $important
                S: * SEARCH 3
                S: a7 OK {}
                C: a8 SEARCH UNKEYWORD $Important
                S: * SEARCH 1 2 4
                S: a8 OK {}
                C: a9 SEARCH DELETED
                S: * SEARCH 4
                S: a9 OK {}
                C: b1 SEARCH RECENT
                S: * SEARCH 1 2 3 4
                S: b1 OK {}
                C: b2 SEARCH NEW
                S: * SEARCH 2 3 4
                S: b2 OK {}
                C: b3 SEARCH OLD
                S: * SEARCH
                S: b3 OK {}
                C: b4 SEARCH DRAFT
                S: * SEARCH
                S: b4 OK {}
                C: b5 SEARCH UNANSWERED UNFLAGGED UNDRAFT
                S: * SEARCH 3 4
                S: b5 OK {}
                """);
    }

    @Test
    void headersBodyAndText() throws Exception {
        play(mailbox(), """
                C: a1 SEARCH FROM alice
                S: * SEARCH 1
                S: a1 OK {}
                C: a2 SEARCH TO alice
                S: * SEARCH 2
                S: a2 OK {}
                C: a3 SEARCH CC carol
                S: * SEARCH 1
                S: a3 OK {}
                C: a4 SEARCH SUBJECT "quarterly REPORT"
                S: * SEARCH 1
                S: a4 OK {}
                C: a5 SEARCH HEADER X-Priority 1
                S: * SEARCH 2
                S: a5 OK {}
                C: a6 SEARCH HEADER X-Priority ""
                S: * SEARCH 2
                S: a6 OK {}
                C: a7 SEARCH BODY pizza
                S: * SEARCH 2
                S: a7 OK {}
                C: a8 SEARCH BODY Quarterly
                S: * SEARCH
                S: a8 OK {}
                C: a9 SEARCH TEXT Quarterly
                S: * SEARCH 1
                S: a9 OK {}
                C: b1 SEARCH BODY digest
                S: * SEARCH 4
                S: b1 OK {}
                C: b2 SEARCH BCC nobody
                S: * SEARCH
                S: b2 OK {}
                """);
    }

    @Test
    void utf8SearchStringsMatchDecodedHeadersAndBodies() throws Exception {
        ImapLineClient c = mailbox();
        for (String[] q : new String[][] {{"SUBJECT", "grüße"}, {"FROM", "Jürgen"}, {"BODY", "schön"}, {"TEXT", "SCHÖN"}}) {
            byte[] value = q[1].getBytes(StandardCharsets.UTF_8);
            c.write(("u1 SEARCH CHARSET UTF-8 " + q[0] + " {" + value.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            c.write(value);
            c.send("");
            Transcript.check(c.until("u1"), "* SEARCH 3", "u1 OK {}");
        }
        play(c, """
                C: u2 SEARCH CHARSET KLINGON SUBJECT x
                S: u2 NO [BADCHARSET (UTF-8 US-ASCII)] {}
                C: u3 SEARCH CHARSET US-ASCII SUBJECT berlin
                S: * SEARCH 3
                S: u3 OK {}
                """);
    }

    @Test
    void sizesDatesAndSets() throws Exception {
        play(mailbox(), """
                C: a1 SEARCH LARGER 10000
                S: * SEARCH 4
                S: a1 OK {}
                C: a2 SEARCH SMALLER 1000
                S: * SEARCH 1 2 3
                S: a2 OK {}
                C: a3 SEARCH SENTBEFORE 1-Apr-2026
                S: * SEARCH 1
                S: a3 OK {}
                C: a4 SEARCH SENTSINCE 15-Apr-2026 SENTBEFORE 1-Jun-2026
                S: * SEARCH 2 3
                S: a4 OK {}
                C: a5 SEARCH SENTON 20-May-2026
                S: * SEARCH 3
                S: a5 OK {}
                C: a6 SEARCH SINCE 1-Jan-2000
                S: * SEARCH 1 2 3 4
                S: a6 OK {}
                C: a7 SEARCH BEFORE 1-Jan-2000
                S: * SEARCH
                S: a7 OK {}
                C: a8 SEARCH 2:3
                S: * SEARCH 2 3
                S: a8 OK {}
                C: a9 SEARCH 2:* UNSEEN
                S: * SEARCH 2 3 4
                S: a9 OK {}
                C: b1 SEARCH UID 3:*
                S: * SEARCH 3 4
                S: b1 OK {}
                C: b2 SEARCH NOT (OR SEEN OR ANSWERED DELETED)
                S: * SEARCH 3
                S: b2 OK {}
                C: b3 SEARCH NOT (SEEN OR ANSWERED DELETED)
                S: * SEARCH 1 2 3 4
                S: b3 OK {}
                """);
    }

    @Test
    void uidSearchAnswersUids() throws Exception {
        ImapLineClient c = mailbox();
        play(c, """
                C: a1 EXPUNGE
                S: * 4 EXPUNGE
                S: a1 OK {}
                C: a2 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: a2 OK {}
                C: a3 EXPUNGE
                S: * 1 EXPUNGE
                S: a3 OK {}
                C: a4 SEARCH ALL
                S: * SEARCH 1 2
                S: a4 OK {}
                C: a5 UID SEARCH ALL
                S: * SEARCH 2 3
                S: a5 OK {}
                C: a6 UID SEARCH UID 3:*
                S: * SEARCH 3
                S: a6 OK {}
                C: a7 UID SEARCH 1
                S: * SEARCH 2
                S: a7 OK {}
                """);
    }

    @Test
    void esearchReturnOptions() throws Exception {
        play(mailbox(), """
                C: a1 SEARCH RETURN (MIN MAX COUNT) UNSEEN
                S: * ESEARCH (TAG "a1") MIN 2 MAX 4 COUNT 3
                S: a1 OK {}
                C: a2 SEARCH RETURN () ALL
                S: * ESEARCH (TAG "a2") ALL 1:4
                S: a2 OK {}
                C: a3 UID SEARCH RETURN (COUNT ALL) DELETED
                S: * ESEARCH (TAG "a3") UID COUNT 1 ALL 4
                S: a3 OK {}
                C: a4 SEARCH RETURN (MIN MAX ALL COUNT) DRAFT
                S: * ESEARCH (TAG "a4") COUNT 0
                S: a4 OK {}
                C: a5 SEARCH RETURN (ALL) OR SEEN DELETED
                S: * ESEARCH (TAG "a5") ALL 1,4
                S: a5 OK {}
                C: a6 SEARCH RETURN (BOGUS) ALL
                S: a6 BAD {}
                """);
    }

    @Test
    void badSearches() throws Exception {
        play(mailbox(), """
                C: a1 SEARCH FROBNICATE
                S: a1 BAD {}
                C: a2 SEARCH (SEEN
                S: a2 BAD {}
                C: a3 SEARCH SINCE yesterday
                S: a3 BAD {}
                C: a4 SEARCH LARGER many
                S: a4 BAD {}
                C: a5 SEARCH
                S: a5 BAD {}
                C: a6 SEARCH ALL
                S: * SEARCH 1 2 3 4
                S: a6 OK {}
                """);
    }

    @Test
    void envelopeKeysWithEncodedWordsAndSeveralAddresses() throws Exception {
        deliver("bob", REPORT);
        deliver("bob", CAFE);
        deliver("bob", GREETINGS);
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 SEARCH CHARSET UTF-8 SUBJECT {12+}
                C: café crème
                S: * SEARCH 2
                S: a1 OK {}
                C: a2 SEARCH SUBJECT "and more"
                S: * SEARCH 2
                S: a2 OK {}
                C: a3 SEARCH CHARSET UTF-8 FROM {5+}
                C: JÖRG
                S: * SEARCH 2
                S: a3 OK {}
                C: a4 SEARCH FROM "doe, john"
                S: * SEARCH 2
                S: a4 OK {}
                C: a5 SEARCH FROM "john\\" <john@example.com>, j"
                S: * SEARCH 2
                S: a5 OK {}
                C: a6 SEARCH CHARSET UTF-8 FROM {7+}
                C: jürgen
                S: * SEARCH 3
                S: a6 OK {}
                C: a7 SEARCH TO "friends: anna@"
                S: * SEARCH 2
                S: a7 OK {}
                C: a8 SEARCH CHARSET UTF-8 TO {6+}
                C: andré
                S: * SEARCH 2
                S: a8 OK {}
                C: a9 SEARCH TO bob@example.test
                S: * SEARCH 1 3
                S: a9 OK {}
                C: b1 SEARCH CHARSET UTF-8 CC {10+}
                C: Françoise
                S: * SEARCH 2
                S: b1 OK {}
                C: b2 SEARCH CC carol
                S: * SEARCH 1 2
                S: b2 OK {}
                C: b3 SEARCH CHARSET UTF-8 BCC {7+}
                C: zürich
                S: * SEARCH 2
                S: b3 OK {}
                C: b4 SEARCH BCC audit@example.com
                S: * SEARCH 2
                S: b4 OK {}
                C: b5 SEARCH CHARSET UTF-8 HEADER Sender {8+}
                C: иван
                S: * SEARCH 2
                S: b5 OK {}
                C: b6 SEARCH HEADER Reply-To lists.example
                S: * SEARCH 2
                S: b6 OK {}
                C: b7 SEARCH HEADER Sender ""
                S: * SEARCH 2
                S: b7 OK {}
                C: b8 SEARCH HEADER Message-ID <cafe-1@
                S: * SEARCH 2
                S: b8 OK {}
                C: b9 SEARCH HEADER In-Reply-To parent-9
                S: * SEARCH 2
                S: b9 OK {}
                C: c1 SEARCH SENTON 5-Mar-2026
                S: * SEARCH 2
                S: c1 OK {}
                C: c2 SEARCH SENTBEFORE 5-Mar-2026
                S: * SEARCH 1
                S: c2 OK {}
                C: c3 SEARCH SENTSINCE 6-Mar-2026
                S: * SEARCH 3
                S: c3 OK {}
                C: c4 SEARCH NOT HEADER Cc ""
                S: * SEARCH 3
                S: c4 OK {}
                C: c5 SEARCH CHARSET UTF-8 OR SUBJECT {7+}
                C: grüße FROM alice
                S: * SEARCH 1 3
                S: c5 OK {}
                """);
    }

    /**
     * Once a message's structure is indexed, envelope keys do not read the file: its Subject and From
     * are overwritten (same size, as the index keys on it) and SUBJECT and FROM still answer from the
     * index, while BODY, which reads the file, sees the new text.
     */
    @Test
    void envelopeKeysAnswerWithoutReadingTheFile() throws Exception {
        deliver("bob", REPORT);
        deliver("bob", LUNCH);
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 SEARCH SUBJECT quarterly FROM liddell
                S: * SEARCH 1
                S: a1 OK {}
                """);
        Path file;
        try (Stream<Path> files = Stream.concat(Files.list(server.maildir("bob").resolve("new")),
                Files.list(server.maildir("bob").resolve("cur")))) {
            file = files.filter(f -> new String(readQuietly(f), StandardCharsets.UTF_8).contains("Quarterly"))
                    .findFirst().orElseThrow();
        }
        String changed = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                .replace("Quarterly report", "Biannual report").replace("Liddell", "Hargrea")
                .replace("The numbers are up.", "The numbers are down");
        byte[] octets = changed.getBytes(StandardCharsets.UTF_8);
        assertEquals(Files.size(file), octets.length);
        Files.write(file, octets);
        play(c, """
                C: a2 SEARCH SUBJECT quarterly FROM liddell
                S: * SEARCH 1
                S: a2 OK {}
                C: a3 SEARCH SUBJECT biannual
                S: * SEARCH
                S: a3 OK {}
                C: a4 SEARCH BODY down
                S: * SEARCH 1
                S: a4 OK {}
                C: a5 SEARCH SUBJECT quarterly BODY "are up"
                S: * SEARCH
                S: a5 OK {}
                """);
    }

    private static byte[] readQuietly(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
