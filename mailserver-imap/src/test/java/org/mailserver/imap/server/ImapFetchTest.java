package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8, 7.4.2). */
class ImapFetchTest extends ImapServerTestBase {

    static final String PLAIN = "From: Alice Liddell <alice@example.test>\r\nTo: bob@example.test\r\n"
            + "Subject: hello there\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <p1@example.test>\r\n"
            + "\r\nfirst line\r\nsecond line\r\n";

    static final String MULTIPART = "From: a@remote.test\r\nTo: bob@example.test\r\nSubject: multipart-1\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <mp1@remote.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nplain part body\r\n--XX\r\n"
            + "Content-Type: application/octet-stream; name=\"data.bin\"\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\nAAECAwQFBgcICQ==\r\n--XX--\r\n";

    /** {@code {n}\r\ntext}: a literal as the line client inlines it. */
    static String lit(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + text;
    }

    @Test
    void fetchesFlagsUidSizeAndDateInTheOrderAsked() throws Exception {
        deliver("bob", PLAIN);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 (UID FLAGS RFC822.SIZE)
                S: * 1 FETCH (UID 1 FLAGS (\\Recent) RFC822.SIZE %d)
                S: a1 OK {}
                C: a2 FETCH 1 (RFC822.SIZE INTERNALDATE UID)
                S: * 1 FETCH (RFC822.SIZE %d INTERNALDATE "{}-{}-{} {}:{}:{} +0000" UID 1)
                S: a2 OK {}
                C: a3 UID FETCH 1 FLAGS
                S: * 1 FETCH (UID 1 FLAGS (\\Recent))
                S: a3 OK {}
                C: a4 FETCH 1 FAST
                S: * 1 FETCH (FLAGS (\\Recent) INTERNALDATE "{}" RFC822.SIZE %d)
                S: a4 OK {}
                """.formatted(PLAIN.length(), PLAIN.length(), PLAIN.length()));
    }

    @Test
    void bodySetsSeenAndSaysSoPeekDoesNot() throws Exception {
        deliver("bob", PLAIN);
        deliver("bob", PLAIN.replace("p1@", "p2@"));
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 FETCH 1 BODY.PEEK[]
                S: * 1 FETCH (BODY[] %s)
                S: a1 OK {}
                C: a2 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a2 OK {}
                """.formatted(lit(PLAIN)));
        // RFC 3501 6.4.5: the implicit \Seen is reported with the FETCH (an extra unsolicited FETCH of
        // the same flags may follow, see bodyFetchReportsTheNewFlagsOnce)
        List<String> got = c.command("a3", "FETCH 1 BODY[]");
        assertEquals("* 1 FETCH (BODY[] " + lit(PLAIN) + " FLAGS (\\Seen \\Recent))", got.get(0));
        assertTrue(got.get(got.size() - 1).startsWith("a3 OK"), got.toString());
        got = c.command("a4", "FETCH 2 RFC822");
        assertEquals("* 2 FETCH (RFC822 " + lit(PLAIN.replace("p1@", "p2@")) + " FLAGS (\\Seen \\Recent))", got.get(0));
        play(c, """
                C: a5 FETCH 1 BODY[]
                S: * 1 FETCH (BODY[] %s)
                S: a5 OK {}
                C: a6 FETCH 1:2 FLAGS
                S: * 1 FETCH (FLAGS (\\Seen \\Recent))
                S: * 2 FETCH (FLAGS (\\Seen \\Recent))
                S: a6 OK {}
                """.formatted(lit(PLAIN)));
    }

    @Test
    void bodyFetchReportsTheNewFlagsOnce() throws Exception {
        deliver("bob", PLAIN);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 BODY[]
                S: * 1 FETCH (BODY[] %s FLAGS (\\Seen \\Recent))
                S: a1 OK {}
                """.formatted(lit(PLAIN)));
    }

    @Test
    void headerTextAndPartialSections() throws Exception {
        deliver("bob", PLAIN);
        String header = PLAIN.substring(0, PLAIN.indexOf("\r\n\r\n") + 4);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject FROM)])
                S: * 1 FETCH (BODY[HEADER.FIELDS (Subject FROM)] %s)
                S: a1 OK {}
                C: a2 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (To Date Message-ID)]
                S: * 1 FETCH (BODY[HEADER.FIELDS.NOT (To Date Message-ID)] %s)
                S: a2 OK {}
                C: a3 FETCH 1 (BODY.PEEK[TEXT] BODY.PEEK[]<6.5>)
                S: * 1 FETCH (BODY[TEXT] %s BODY[]<6> {5}\r\nAlice)
                S: a3 OK {}
                C: a4 FETCH 1 RFC822.HEADER
                S: * 1 FETCH (RFC822.HEADER %s)
                S: a4 OK {}
                C: a5 FETCH 1 BODY.PEEK[]<10000.10>
                S: * 1 FETCH (BODY[]<10000> {0}\r\n)
                S: a5 OK {}
                C: a6 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a6 OK {}
                """.formatted(lit("From: Alice Liddell <alice@example.test>\r\nSubject: hello there\r\n\r\n"),
                lit("From: Alice Liddell <alice@example.test>\r\nSubject: hello there\r\n\r\n"),
                lit("first line\r\nsecond line\r\n"), lit(header)));
    }

    @Test
    void envelopeAndBodyStructureOfAMultipartWithAttachment() throws Exception {
        deliver("bob", MULTIPART);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 ENVELOPE
                S: * 1 FETCH (ENVELOPE ("Mon, 23 Nov 2026 10:00:00 +0000" "multipart-1" ((NIL NIL "a" "remote.test")) ((NIL NIL "a" "remote.test")) ((NIL NIL "a" "remote.test")) ((NIL NIL "bob" "example.test")) NIL NIL NIL "<mp1@remote.test>"))
                S: a1 OK {}
                C: a2 FETCH 1 BODYSTRUCTURE
                S: * 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 15 0 NIL NIL NIL NIL)("APPLICATION" "OCTET-STREAM" ("NAME" "data.bin") NIL NIL "BASE64" 16 NIL ("attachment" ("FILENAME" "data.bin")) NIL NIL) "MIXED" ("BOUNDARY" "XX") NIL NIL NIL))
                S: a2 OK {}
                C: a3 FETCH 1 BODY
                S: * 1 FETCH (BODY (("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 15 0)("APPLICATION" "OCTET-STREAM" ("NAME" "data.bin") NIL NIL "BASE64" 16) "MIXED"))
                S: a3 OK {}
                C: a4 FETCH 1 (BODY.PEEK[1] BODY.PEEK[2] BODY.PEEK[2.MIME])
                S: * 1 FETCH (BODY[1] {15}\r\nplain part body BODY[2] {16}\r\nAAECAwQFBgcICQ== BODY[2.MIME] %s)
                S: a4 OK {}
                """.formatted(lit("Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n")));
    }

    @Test
    void sequenceSetsRangesAndStar() throws Exception {
        deliverMany("bob", 4);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 2:3,1 UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 2)
                S: * 3 FETCH (UID 3)
                S: a1 OK {}
                C: a2 FETCH * UID
                S: * 4 FETCH (UID 4)
                S: a2 OK {}
                C: a3 FETCH 3:* UID
                S: * 3 FETCH (UID 3)
                S: * 4 FETCH (UID 4)
                S: a3 OK {}
                C: a4 FETCH 5 UID
                S: a4 BAD {}
                C: a5 FETCH 0 UID
                S: a5 BAD {}
                C: a6 UID FETCH 3:10 UID
                S: * 3 FETCH (UID 3)
                S: * 4 FETCH (UID 4)
                S: a6 OK {}
                C: a7 UID FETCH 50:60 UID
                S: a7 OK {}
                C: a8 UID FETCH 50:* UID
                S: * 4 FETCH (UID 4)
                S: a8 OK {}
                """);
    }

    @Test
    void badFetchSyntax() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 (NOSUCHITEM)
                S: a1 BAD {}
                C: a2 FETCH 1
                S: a2 BAD {}
                C: a3 FETCH x FLAGS
                S: a3 BAD {}
                C: a4 FETCH 1 BODY[5.TEXT.X]
                S: a4 BAD {}
                C: a5 NOOP
                S: a5 OK {}
                """);
    }

    @Test
    void bigMessageStreamsAndSizeMatches() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 600_000; i++) {
            body.append("line ").append(i).append(" of a long message\r\n");
        }
        byte[] stored = deliver("bob", message("big", body.toString()));
        ImapLineClient c = select("bob", "INBOX");
        List<String> got = c.command("a1", "FETCH 1 (RFC822.SIZE BODY.PEEK[])");
        Transcript.check(got, "* 1 FETCH (RFC822.SIZE " + stored.length + " BODY[] {" + stored.length + "}\r\n{})",
                "a1 OK {}");
        String text = got.get(0);
        String content = text.substring(text.indexOf("}\r\n") + 3, text.length() - 1);
        assertTrue(content.equals(new String(stored, StandardCharsets.UTF_8)), "BODY[] is the message as stored");
    }
}
