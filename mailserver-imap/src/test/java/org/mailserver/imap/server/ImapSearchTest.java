package org.mailserver.imap.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
