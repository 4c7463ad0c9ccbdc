package org.mailserver.imap.server;

import org.junit.jupiter.api.Test;

/**
 * STORE, UID STORE, EXPUNGE and UID EXPUNGE (RFC 3501 6.4.3, 6.4.6, 6.4.8; RFC 4315 2.1). The
 * untagged FETCH of a STORE may carry more than FLAGS (a UID, a MODSEQ: RFC 3501 7.4.2 allows it),
 * hence the {@code {}} around the flags.
 */
class ImapStoreTest extends ImapServerTestBase {

    @Test
    void addRemoveAndReplaceFlags() throws Exception {
        deliverMany("bob", 2);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1 +FLAGS (\\Seen \\Flagged)
                S: * 1 FETCH ({}FLAGS (\\Flagged \\Seen \\Recent){})
                S: a1 OK {}
                C: a2 STORE 1 -FLAGS (\\Flagged)
                S: * 1 FETCH ({}FLAGS (\\Seen \\Recent){})
                S: a2 OK {}
                C: a3 STORE 1:2 FLAGS (\\Answered \\Draft)
                S: * 1 FETCH ({}FLAGS (\\Draft \\Answered \\Recent){})
                S: * 2 FETCH ({}FLAGS (\\Draft \\Answered \\Recent){})
                S: a3 OK {}
                C: a4 STORE 2 FLAGS ()
                S: * 2 FETCH ({}FLAGS (\\Recent){})
                S: a4 OK {}
                C: a5 FETCH 1:2 FLAGS
                S: * 1 FETCH (FLAGS (\\Draft \\Answered \\Recent))
                S: * 2 FETCH (FLAGS (\\Recent))
                S: a5 OK {}
                """);
        play(select("bob", "INBOX"), """
                C: b1 FETCH 1:2 FLAGS
                S: * 1 FETCH (FLAGS (\\Draft \\Answered))
                S: * 2 FETCH (FLAGS ())
                S: b1 OK {}
                """);
    }

    @Test
    void storeUnchangedFlagsStillAnswersAndSilentAnswersNothing() throws Exception {
        deliverMany("bob", 2);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1 +FLAGS.SILENT (\\Seen)
                S: a1 OK {}
                C: a2 STORE 1 +FLAGS (\\Seen)
                S: * 1 FETCH ({}FLAGS (\\Seen \\Recent){})
                S: a2 OK {}
                C: a3 STORE 1:2 FLAGS.SILENT (\\Deleted)
                S: a3 OK {}
                C: a4 STORE 2 -FLAGS.SILENT (\\Deleted)
                S: a4 OK {}
                C: a5 FETCH 1:2 FLAGS
                S: * 1 FETCH (FLAGS (\\Deleted \\Recent))
                S: * 2 FETCH (FLAGS (\\Recent))
                S: a5 OK {}
                """);
    }

    @Test
    void keywordsAreStoredAndRemovedCaseInsensitively() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1 +FLAGS ($Label1 Junk)
                S: * 1 FETCH ({}FLAGS (\\Recent $Label1 Junk){})
                S: a1 OK {}
                C: a2 STORE 1 -FLAGS (junk)
                S: * 1 FETCH ({}FLAGS (\\Recent $Label1){})
                S: a2 OK {}
                C: a3 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent $Label1))
                S: a3 OK {}
                """);
    }

    @Test
    void recentCannotBeStoredAndUnknownSystemFlagsAreBad() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1 -FLAGS.SILENT (\\Recent)
                S: a1 OK {}
                C: a2 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a2 OK {}
                C: a3 STORE 1 +FLAGS (\\Bogus)
                S: a3 BAD {}
                C: a4 STORE 2 +FLAGS (\\Seen)
                S: a4 BAD {}
                C: a5 STORE 1 +FLAGS
                S: a5 BAD {}
                C: a6 STORE 1 FROB (\\Seen)
                S: a6 BAD {}
                C: a7 FETCH 1 FLAGS
                S: * 1 FETCH (FLAGS (\\Recent))
                S: a7 OK {}
                """);
    }

    @Test
    void uidStoreNamesMessagesByUid() throws Exception {
        deliverMany("bob", 3);
        play(select("bob", "INBOX"), """
                C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 2 EXPUNGE
                S: a2 OK {}
                C: a3 UID STORE 3 +FLAGS (\\Flagged)
                S: * 2 FETCH ({}UID 3{}FLAGS (\\Flagged \\Recent){})
                S: a3 OK {}
                C: a4 UID STORE 2 +FLAGS (\\Flagged)
                S: a4 OK {}
                C: a5 UID STORE 1:* +FLAGS.SILENT (\\Seen)
                S: a5 OK {}
                C: a6 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))
                S: * 2 FETCH (UID 3 FLAGS (\\Flagged \\Seen \\Recent))
                S: a6 OK {}
                """);
    }

    @Test
    void expungeReportsEachMessageWithNumbersValidAtThatMoment() throws Exception {
        deliverMany("bob", 5);
        play(select("bob", "INBOX"), """
                C: a1 STORE 2,4 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 EXPUNGE
                S: * 4 EXPUNGE
                S: * 2 EXPUNGE
                S: a2 OK {}
                C: a3 FETCH 1:* UID
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 3)
                S: * 3 FETCH (UID 5)
                S: a3 OK {}
                C: a4 EXPUNGE
                S: a4 OK {}
                C: a5 STORE 1:* +FLAGS.SILENT (\\Deleted)
                S: a5 OK {}
                C: a6 EXPUNGE
                S: * 3 EXPUNGE
                S: * 2 EXPUNGE
                S: * 1 EXPUNGE
                S: a6 OK {}
                C: a7 FETCH 1 UID
                S: a7 BAD {}
                C: a8 STATUS INBOX (MESSAGES UIDNEXT)
                S: * STATUS INBOX (MESSAGES 0 UIDNEXT 6)
                S: a8 OK {}
                """);
    }

    @Test
    void uidExpungeRemovesOnlyTheNamedDeletedMessages() throws Exception {
        deliverMany("bob", 4);
        play(select("bob", "INBOX"), """
                C: a1 STORE 1:3 +FLAGS.SILENT (\\Deleted)
                S: a1 OK {}
                C: a2 UID EXPUNGE 2:4
                S: * 3 EXPUNGE
                S: * 2 EXPUNGE
                S: a2 OK {}
                C: a3 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))
                S: * 2 FETCH (UID 4 FLAGS (\\Recent))
                S: a3 OK {}
                """);
    }
}
