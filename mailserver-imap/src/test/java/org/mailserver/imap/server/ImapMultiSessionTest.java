package org.mailserver.imap.server;

import org.junit.jupiter.api.Test;

/**
 * Two sessions on one mailbox (RFC 3501 5.2, 7.4.1; RFC 2180 4): each hears of the other's changes at
 * its next command, with untagged FETCH, EXPUNGE and EXISTS; an EXPUNGE is never sent while the
 * session answers FETCH, STORE or SEARCH, as the message numbers in those answers must stay right,
 * but it is by the next command that allows it. Session {@code a} selects first and so holds the
 * \Recent flags.
 */
class ImapMultiSessionTest extends ImapServerTestBase {

    @Test
    void flagChangesShowUpAtTheOthersNoop() throws Exception {
        deliverMany("bob", 2);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Seen)
                S: a1 OK {}
                C: a2 STORE 2 +FLAGS ($Label1)
                S: * 2 FETCH ({}FLAGS (\\Recent $Label1){})
                S: a2 OK {}
                """);
        play(b, """
                C: b1 NOOP
                S: * 1 FETCH (FLAGS (\\Seen))
                S: * 2 FETCH (FLAGS ($Label1))
                S: b1 OK {}
                C: b2 NOOP
                S: b2 OK {}
                C: b3 STORE 1 -FLAGS.SILENT (\\Seen)
                S: b3 OK {}
                """);
        play(a, """
                C: a3 CHECK
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a3 OK {}
                """);
    }

    @Test
    void expungeWaitsDuringFetchStoreAndSearchAndComesAtTheNextNoop() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 2 EXPUNGE
                S: a2 OK {}
                """);
        // b still counts three messages; the second is gone from the mailbox.
        play(b, """
                C: b1 FETCH 1:3 UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 2)
                S: * 3 FETCH (UID 3)
                S: b1 OK {}
                C: b2 STORE 3 +FLAGS (\\Flagged)
                S: * 3 FETCH ({}FLAGS (\\Flagged){})
                S: b2 OK {}
                C: b3 SEARCH ALL
                S: * SEARCH 1 3
                S: b3 OK {}
                C: b4 FETCH 3 UID
                S: * 3 FETCH (UID 3)
                S: b4 OK {}
                C: b5 NOOP
                S: * 2 EXPUNGE
                S: b5 OK {}
                C: b6 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS ())
                S: * 2 FETCH (UID 3 FLAGS (\\Flagged))
                S: b6 OK {}
                C: b7 FETCH 3 UID
                S: b7 BAD {}
                """);
    }

    @Test
    void aPendingExpungeComesWithTheNextCommandThatAllowsIt() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 1 EXPUNGE
                S: a2 OK {}
                """);
        // UID FETCH may carry EXPUNGE (RFC 3501 7.4.1 note), so the session's numbers move at once.
        play(b, """
                C: b1 FETCH 2 UID
                S: * 2 FETCH (UID 2)
                S: b1 OK {}
                C: b2 UID FETCH 3 UID
                S: * 3 FETCH (UID 3)
                S: * 1 EXPUNGE
                S: b2 OK {}
                C: b3 FETCH 2 UID
                S: * 2 FETCH (UID 3)
                S: b3 OK {}
                """);
    }

    @Test
    void fetchingAMessageExpungedByAnotherSession() throws Exception {
        deliverMany("bob", 2);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 1 EXPUNGE
                S: a2 OK {}
                """);
        // RFC 2180 4.1.1 / RFC 5530: the message is gone; it is left out and the FETCH says so.
        play(b, """
                C: b1 FETCH 1:2 BODY.PEEK[TEXT]
                S: * 2 FETCH (BODY[TEXT] {8}\r\nbody 2\r\n)
                S: b1 NO [EXPUNGEISSUED] {}
                C: b2 STORE 1 +FLAGS (\\Seen)
                S: b2 {}
                C: b3 COPY 1:2 Trash
                S: * 1 EXPUNGE
                S: b3 OK [COPYUID {} 2 1] {}
                C: b4 NOOP
                S: b4 OK {}
                """);
    }

    @Test
    void newMailShowsUpAsExists() throws Exception {
        deliverMany("bob", 1);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        deliver("bob", message("m2", "body 2"));
        play(a, """
                C: a1 NOOP
                S: * 2 EXISTS
                S: * 2 RECENT
                S: a1 OK {}
                """);
        play(b, """
                C: b1 NOOP
                S: * 2 EXISTS
                S: b1 OK {}
                C: b2 FETCH 2 FLAGS
                S: * 2 FETCH (FLAGS ())
                S: b2 OK {}
                """);
        // EXISTS may be sent during FETCH too (RFC 3501 7.3.1: any time)
        deliver("bob", message("m3", "body 3"));
        play(b, """
                C: b3 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: * 3 EXISTS
                S: * 1 RECENT
                S: b3 OK {}
                """);
    }

    @Test
    void aFileDroppedIntoNewByAnotherProgramIsNoticedAtNoop() throws Exception {
        deliverMany("bob", 1);
        ImapLineClient a = select("bob", "INBOX");
        drop("bob", "", message("dropped", "by another MDA"));
        play(a, """
                C: a1 NOOP
                S: * 2 EXISTS
                S: * 2 RECENT
                S: a1 OK {}
                C: a2 FETCH 2 (UID BODY.PEEK[TEXT])
                S: * 2 FETCH (UID 2 BODY[TEXT] {16}\r\nby another MDA\r\n)
                S: a2 OK {}
                """);
    }

    @Test
    void moveAndCloseByOneSessionAreExpungesForTheOther() throws Exception {
        deliverMany("bob", 4);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        ImapLineClient trash = select("bob", "Trash");
        play(a, """
                C: a1 MOVE 2 Trash
                S: * OK [COPYUID {} 2 1] {}
                S: * 2 EXPUNGE
                S: a1 OK {}
                """);
        play(trash, """
                C: t1 NOOP
                S: * 1 EXISTS
                S: * 1 RECENT
                S: t1 OK {}
                """);
        play(a, """
                C: a2 STORE 3 +FLAGS.SILENT (\\Deleted)
                S: a2 OK {}
                C: a3 CLOSE
                S: a3 OK {}
                """);
        play(b, """
                C: b1 NOOP
                S: * 4 EXPUNGE
                S: * 2 EXPUNGE
                S: b1 OK {}
                C: b2 FETCH 1:* UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 3)
                S: b2 OK {}
                """);
    }

    @Test
    void theOthersChangesComeAlongWithOwnStore() throws Exception {
        deliverMany("bob", 2);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 2 +FLAGS.SILENT (\\Answered)
                S: a1 OK {}
                """);
        play(b, """
                C: b1 STORE 1 +FLAGS.SILENT (\\Seen)
                S: * 2 FETCH ({}FLAGS (\\Answered){})
                S: b1 OK {}
                """);
    }

    @Test
    void anExpungeHeldBackDuringFetchIsSentWhenIdleStarts() throws Exception {
        // this server rescans during IDLE only every 10 s: the EXPUNGE comes from IDLE's start
        deliverMany("bob", 2);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 1 EXPUNGE
                S: a2 OK {}
                """);
        play(b, """
                C: b1 FETCH 2 UID
                S: * 2 FETCH (UID 2)
                S: b1 OK {}
                """);
        b.timeout(1000);
        play(b, """
                C: b2 IDLE
                S: + {}
                S: * 1 EXPUNGE
                C: DONE
                S: b2 OK {}
                """);
    }

    @Test
    void expungePendingNewMailAndAnotherSessionsFlagChangeTogether() throws Exception {
        deliverMany("bob", 4);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        play(a, """
                C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 2 EXPUNGE
                S: a2 OK {}
                """);
        deliver("bob", message("m5", "body 5"));
        play(a, """
                C: a3 UID STORE 3 +FLAGS.SILENT (\\Flagged)
                S: * 4 EXISTS
                S: * 4 RECENT
                S: a3 OK {}
                """);
        // b still counts UID 2 as message 2: the flag change of UID 3 is message 3 for it, the new
        // mail message 5; the EXPUNGE waits through FETCH, SEARCH and STORE.
        play(b, """
                C: b1 FETCH 1:4 (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS ())
                S: * 2 FETCH (UID 2 FLAGS ())
                S: * 3 FETCH (UID 3 FLAGS ())
                S: * 4 FETCH (UID 4 FLAGS ())
                S: * 3 FETCH (FLAGS (\\Flagged))
                S: * 5 EXISTS
                S: b1 OK {}
                C: b2 FETCH 2 (UID FLAGS)
                S: b2 NO [EXPUNGEISSUED] {}
                C: b3 SEARCH ALL
                S: * SEARCH 1 3 4 5
                S: b3 OK {}
                C: b4 STORE 4 +FLAGS (\\Answered)
                S: * 4 FETCH ({}FLAGS (\\Answered){})
                S: b4 OK {}
                C: b5 FETCH 5 UID
                S: * 5 FETCH (UID 5)
                S: b5 OK {}
                """);
        play(a, """
                C: a4 NOOP
                S: * 3 FETCH (FLAGS (\\Answered \\Recent))
                S: a4 OK {}
                """);
        play(b, """
                C: b6 NOOP
                S: * 2 EXPUNGE
                S: b6 OK {}
                C: b7 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS ())
                S: * 2 FETCH (UID 3 FLAGS (\\Flagged))
                S: * 3 FETCH (UID 4 FLAGS (\\Answered))
                S: * 4 FETCH (UID 5 FLAGS ())
                S: b7 OK {}
                C: b8 NOOP
                S: b8 OK {}
                """);
    }

    @Test
    void expungesHeldBackOverSeveralCommandsGoOutTogether() throws Exception {
        deliverMany("bob", 5);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        ImapLineClient q = login("bob");
        play(q, """
                C: e ENABLE QRESYNC
                S: * ENABLED QRESYNC CONDSTORE
                S: e OK {}
                C: s SELECT INBOX
                S: * {}
                S: * {}
                S: * {}
                S: * {}
                S: * {}
                S: * {}
                S: * {}
                S: * {}
                S: s OK {}
                """);
        play(a, """
                C: a1 UID STORE 4 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 UID EXPUNGE 4
                S: * 4 EXPUNGE
                S: a2 OK {}
                """);
        play(b, """
                C: b1 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: b1 OK {}
                """);
        play(q, """
                C: q1 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: q1 OK {}
                """);
        play(a, """
                C: a3 UID STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a3 OK {}
                C: a4 UID EXPUNGE 2
                S: * 2 EXPUNGE
                S: a4 OK {}
                """);
        // the second expunge is below the first: both numbered as the client still counts, top down
        play(b, """
                C: b2 FETCH 5 UID
                S: * 5 FETCH (UID 5)
                S: b2 OK {}
                C: b3 NOOP
                S: * 4 EXPUNGE
                S: * 2 EXPUNGE
                S: b3 OK {}
                C: b4 FETCH 1:* UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 3)
                S: * 3 FETCH (UID 5)
                S: b4 OK {}
                """);
        play(q, """
                C: q2 FETCH 5 UID
                S: * 5 FETCH (UID 5)
                S: q2 OK {}
                C: q3 NOOP
                S: * VANISHED 2,4
                S: q3 OK {}
                """);
    }

    @Test
    void anIdleSessionHearsFlagsNewMailAndExpungesOfAnother() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient a = select("bob", "INBOX");
        ImapLineClient b = select("bob", "INBOX");
        b.timeout(5000);
        play(b, """
                C: b1 IDLE
                S: + {}
                """);
        play(a, """
                C: a1 STORE 1 +FLAGS.SILENT (\\Seen)
                S: a1 OK {}
                """);
        play(b, """
                S: * 1 FETCH (FLAGS (\\Seen))
                """);
        deliver("bob", message("m4", "body 4"));
        // b's push comes first, so the new message is \\Recent for b
        play(b, """
                S: * 4 EXISTS
                S: * 1 RECENT
                """);
        play(a, """
                C: a2 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: * 4 EXISTS
                S: a2 OK {}
                """);
        play(b, """
                S: * 2 FETCH (FLAGS (\\Deleted))
                """);
        play(a, """
                C: a3 EXPUNGE
                S: * 2 EXPUNGE
                S: a3 OK {}
                """);
        play(b, """
                S: * 2 EXPUNGE
                C: DONE
                S: b1 OK {}
                C: b2 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS (\\Seen))
                S: * 2 FETCH (UID 3 FLAGS ())
                S: * 3 FETCH (UID 4 FLAGS (\\Recent))
                S: b2 OK {}
                """);
    }
}
