package org.mailserver.imap.server;

import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY, UID COPY (RFC 3501 6.4.7, RFC 4315 COPYUID), MOVE and UID MOVE (RFC 6851). */
class ImapCopyMoveTest extends ImapServerTestBase {

    private String uidValidity(ImapLineClient c, String mailbox) throws Exception {
        return Transcript.find(c.command("v", "STATUS " + mailbox + " (UIDVALIDITY)"), "UIDVALIDITY (\\d+)");
    }

    @Test
    void copyKeepsFlagsAndDatesAndAnswersCopyUid() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient c = select("bob", "INBOX");
        String trash = uidValidity(c, "Trash");
        List<String> dates = c.command("d", "FETCH 1:3 INTERNALDATE");
        play(c, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Seen $Work)
                S: a1 OK {}
                C: a2 COPY 1,3 Trash
                S: a2 OK [COPYUID %s 1,3 1:2] {}
                C: a3 UID COPY 2 Trash
                S: a3 OK [COPYUID %s 2 3] {}
                C: a4 SELECT Trash
                S: * OK [CLOSED] {}
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 2] {}
                S: * OK [UIDVALIDITY %s] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a4 OK [READ-WRITE] {}
                C: a5 FETCH 1:3 (FLAGS BODY.PEEK[HEADER.FIELDS (Subject)])
                S: * 1 FETCH (FLAGS (\\Seen \\Recent $Work) BODY[HEADER.FIELDS (Subject)] {15}\r\nSubject: m1\r\n\r\n)
                S: * 2 FETCH (FLAGS (\\Recent) BODY[HEADER.FIELDS (Subject)] {15}\r\nSubject: m3\r\n\r\n)
                S: * 3 FETCH (FLAGS (\\Recent) BODY[HEADER.FIELDS (Subject)] {15}\r\nSubject: m2\r\n\r\n)
                S: a5 OK {}
                C: a6 FETCH 1,2,3 INTERNALDATE
                S: %s
                S: %s
                S: %s
                S: a6 OK {}
                C: a7 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 3)
                S: a7 OK {}
                """.formatted(trash, trash, trash, dates.get(0), dates.get(2).replace("* 3 ", "* 2 "),
                dates.get(1).replace("* 2 ", "* 3 ")));
    }

    @Test
    void copyToAMissingOrImpossibleMailbox() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 COPY 1 Nowhere
                S: a1 NO [TRYCREATE] {}
                C: a2 MOVE 1 Nowhere
                S: a2 NO [TRYCREATE] {}
                C: a3 COPY 1 ../etc
                S: a3 NO [CANNOT] {}
                C: a4 COPY 2 Trash
                S: a4 BAD {}
                C: a5 UID COPY 99 Trash
                S: a5 OK {}
                C: a6 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: a6 OK {}
                """);
    }

    @Test
    void moveSendsCopyUidThenExpunges() throws Exception {
        deliverMany("bob", 4);
        ImapLineClient c = select("bob", "INBOX");
        String archive = uidValidity(c, "Archive");
        play(c, """
                C: a1 MOVE 2:3 Archive
                S: * OK [COPYUID %s 2:3 1:2] {}
                S: * 3 EXPUNGE
                S: * 2 EXPUNGE
                S: a1 OK {}
                C: a2 FETCH 1:* UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 4)
                S: a2 OK {}
                C: a3 UID MOVE 1:* Archive
                S: * OK [COPYUID %s 1,4 3:4] {}
                S: * 2 EXPUNGE
                S: * 1 EXPUNGE
                S: a3 OK {}
                C: a4 STATUS Archive (MESSAGES UIDNEXT)
                S: * STATUS Archive (MESSAGES 4 UIDNEXT 5)
                S: a4 OK {}
                C: a5 NOOP
                S: a5 OK {}
                C: a6 MOVE 1 Archive
                S: a6 BAD {}
                """.formatted(archive, archive));
    }

    @Test
    void copyIntoTheSelectedMailboxAddsMessages() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 COPY 1 INBOX
                S: * 2 EXISTS
                S: * 2 RECENT
                S: a1 OK [COPYUID {} 1 2] {}
                C: a2 FETCH 2 (UID BODY.PEEK[TEXT])
                S: * 2 FETCH (UID 2 BODY[TEXT] {8}\r\nbody 1\r\n)
                S: a2 OK {}
                """);
    }

    @Test
    void copyFromExamineIsAllowedMoveIsNot() throws Exception {
        deliverMany("bob", 1);
        ImapLineClient c = login("bob");
        c.command("e", "EXAMINE INBOX");
        play(c, """
                C: a1 COPY 1 Drafts
                S: a1 OK [COPYUID {} 1 1] {}
                C: a2 MOVE 1 Drafts
                S: a2 NO [READ-ONLY] {}
                C: a3 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 1)
                S: a3 OK {}
                """);
    }

    @Test
    void copyOverQuotaCopiesNothingButMoveStillWorks() throws Exception {
        // carol has mailQuotaSize 20000; a MOVE leaves the mailbox as big as it was, and it is how
        // clients delete (to the Trash), so it must not fail when the user is near the limit
        deliver("carol", "Subject: big\r\n\r\n" + "x".repeat(12_000) + "\r\n");
        play(select("carol", "INBOX"), """
                C: a1 COPY 1 Trash
                S: a1 NO [OVERQUOTA] {}
                C: a2 STATUS Trash (MESSAGES)
                S: * STATUS Trash (MESSAGES 0)
                S: a2 OK {}
                C: a3 MOVE 1 Trash
                S: * OK [COPYUID {} 1 1] {}
                S: * 1 EXPUNGE
                S: a3 OK {}
                C: a4 STATUS Trash (MESSAGES)
                S: * STATUS Trash (MESSAGES 1)
                S: a4 OK {}
                """);
    }
}
