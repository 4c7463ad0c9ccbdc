package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SELECT, EXAMINE, CLOSE, UNSELECT and CHECK (RFC 3501 6.3.1, 6.3.2, 6.4.1, 6.4.2; RFC 3691). A
 * SELECT while a mailbox is selected first says {@code * OK [CLOSED]} (RFC 7162 3.2.11, RFC 9051 7.1).
 */
class ImapSelectTest extends ImapServerTestBase {

    @Test
    void selectAnEmptyInbox() throws Exception {
        play(login("bob"), """
                C: a1 SELECT INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] {}
                S: * 0 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 1] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a1 OK [READ-WRITE] {}
                """);
    }

    @Test
    void selectCountsMessagesRecentAndFirstUnseen() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient a = login("bob");
        play(a, """
                C: a1 SELECT INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] {}
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a1 OK [READ-WRITE] {}
                C: a2 STORE 1 +FLAGS.SILENT (\\Seen)
                S: a2 OK {}
                """);
        // RFC 3501 2.3.2: \\Recent belongs to the first session that selected the mailbox.
        play(login("bob"), """
                C: b1 SELECT inbox
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 3 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 2] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: b1 OK [READ-WRITE] {}
                C: b2 FETCH 1:3 FLAGS
                S: * 1 FETCH (FLAGS (\\Seen))
                S: * 2 FETCH (FLAGS ())
                S: * 3 FETCH (FLAGS ())
                S: b2 OK {}
                """);
    }

    @Test
    void examineIsReadOnlyAndClaimsNoRecent() throws Exception {
        deliverMany("bob", 2);
        play(login("bob"), """
                C: a1 EXAMINE INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * OK [PERMANENTFLAGS ()] {}
                S: * 2 EXISTS
                S: * 2 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 3] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a1 OK [READ-ONLY] {}
                C: a2 STORE 1 +FLAGS (\\Seen)
                S: a2 NO [READ-ONLY] {}
                C: a3 FETCH 1 (BODY[TEXT])
                S: * 1 FETCH (BODY[TEXT] {8}\r\nbody 1\r\n)
                S: a3 OK {}
                C: a4 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a4 OK {}
                C: a5 EXPUNGE
                S: a5 NO [READ-ONLY] {}
                C: a6 MOVE 1 Trash
                S: a6 NO [READ-ONLY] {}
                """);
        play(login("bob"), """
                C: b1 SELECT INBOX
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 2 EXISTS
                S: * 2 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 3] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: b1 OK [READ-WRITE] {}
                """);
    }

    @Test
    void failedSelectLeavesTheSelectedState() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: a1 OK {}
                C: a2 SELECT nosuchbox
                S: * OK [CLOSED] {}
                S: a2 NO [NONEXISTENT] {}
                C: a3 FETCH 1 UID
                S: a3 BAD {}
                C: a4 SELECT "INBOX"
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 1 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 2] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a4 OK [READ-WRITE] {}
                """);
    }

    @Test
    void uidValidityStaysAndUidNextGrows() throws Exception {
        ImapLineClient a = login("bob");
        List<String> first = a.command("a1", "SELECT INBOX");
        String validity = Transcript.find(first, "UIDVALIDITY (\\d+)");
        a.command("a2", "LOGOUT");
        deliverMany("bob", 2);
        List<String> second = login("bob").command("b1", "SELECT INBOX");
        assertEquals(validity, Transcript.find(second, "UIDVALIDITY (\\d+)"));
        assertEquals("3", Transcript.find(second, "UIDNEXT (\\d+)"));
    }

    @Test
    void selectNamesTheKeywordsInUse() throws Exception {
        deliverMany("bob", 2);
        play(select("bob", "INBOX"), """
                C: a1 STORE 2 +FLAGS.SILENT ($Forwarded)
                S: a1 OK {}
                C: a2 SELECT INBOX
                S: * OK [CLOSED] {}
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)] {}
                S: * 2 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 3] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a2 OK [READ-WRITE] {}
                """);
    }

    @Test
    void closeExpungesSilentlyAndLeavesTheMailbox() throws Exception {
        deliverMany("bob", 3);
        play(select("bob", "INBOX"), """
                C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 CLOSE
                S: a2 OK {}
                C: a3 FETCH 1 UID
                S: a3 BAD {}
                C: a4 STATUS INBOX (MESSAGES UIDNEXT)
                S: * STATUS INBOX (MESSAGES 2 UIDNEXT 4)
                S: a4 OK {}
                """);
    }

    @Test
    void unselectAndCloseOfExamineDoNotExpunge() throws Exception {
        deliverMany("bob", 3);
        play(select("bob", "INBOX"), """
                C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 UNSELECT
                S: a2 OK {}
                C: a3 UNSELECT
                S: a3 BAD {}
                C: a4 EXAMINE INBOX
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ()] {}
                S: * 3 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a4 OK [READ-ONLY] {}
                C: a5 CLOSE
                S: a5 OK {}
                C: a6 STATUS INBOX (MESSAGES)
                S: * STATUS INBOX (MESSAGES 3)
                S: a6 OK {}
                """);
    }

    @Test
    void selectingAnotherMailboxSwitchesWithoutExpunging() throws Exception {
        deliverMany("bob", 2);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 SELECT Trash
                S: * OK [CLOSED] {}
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 0 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 1] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a2 OK [READ-WRITE] {}
                C: a3 CHECK
                S: a3 OK {}
                C: a4 STATUS INBOX (MESSAGES DELETED)
                S: * STATUS INBOX (MESSAGES 2 DELETED 1)
                S: a4 OK {}
                """);
    }
}
