package org.mailserver.imap.server;

import org.junit.jupiter.api.Test;

/**
 * CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS and NAMESPACE (RFC 3501 6.3;
 * RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN, RFC 2342).
 * The special-use folders are made at the first login, so every listing starts with them.
 */
class ImapMailboxTest extends ImapServerTestBase {

    private static final String FIRST_LOGIN_LIST = """
            S: * LIST (\\HasNoChildren) "/" "INBOX"
            S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
            S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
            S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
            S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
            S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
            """;

    @Test
    void firstLoginHasInboxAndTheSpecialUseFolders() throws Exception {
        play(login("bob"), """
                C: a1 LIST "" "*"
                %s
                S: a1 OK {}
                C: a2 LIST "" ""
                S: * LIST (\\Noselect) "/" ""
                S: a2 OK {}
                C: a3 LSUB "" "*"
                S: * LSUB () "/" "Archive"
                S: * LSUB () "/" "Drafts"
                S: * LSUB () "/" "Junk"
                S: * LSUB () "/" "Sent"
                S: * LSUB () "/" "Trash"
                S: a3 OK {}
                C: a4 LIST (SPECIAL-USE) "" "*"
                S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
                S: a4 OK {}
                C: a5 NAMESPACE
                S: * NAMESPACE (("" "/")) NIL NIL
                S: a5 OK {}
                """.formatted(FIRST_LOGIN_LIST));
    }

    @Test
    void createMakesTheMissingParentsAndListShowsTheTree() throws Exception {
        play(login("bob"), """
                C: a1 CREATE projects/2026/q1
                S: a1 OK {}
                C: a2 LIST "" "projects*"
                S: * LIST (\\HasChildren) "/" "projects"
                S: * LIST (\\HasChildren) "/" "projects/2026"
                S: * LIST (\\HasNoChildren) "/" "projects/2026/q1"
                S: a2 OK {}
                C: a3 LIST "" "%"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
                S: * LIST (\\HasChildren) "/" "projects"
                S: a3 OK {}
                C: a4 LIST "projects/" "%"
                S: * LIST (\\HasChildren) "/" "projects/2026"
                S: a4 OK {}
                C: a5 CREATE projects/2026
                S: a5 NO [ALREADYEXISTS] {}
                C: a6 CREATE INBOX
                S: a6 NO [ALREADYEXISTS] {}
                C: a7 CREATE notes/
                S: a7 OK {}
                C: a8 LIST "" notes
                S: * LIST (\\HasNoChildren) "/" "notes"
                S: a8 OK {}
                C: a9 SELECT projects/2026/q1
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 0 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 1] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a9 OK [READ-WRITE] {}
                """);
    }

    @Test
    void createBelowInboxAndSpecialUseAttributes() throws Exception {
        play(login("bob"), """
                C: a1 CREATE inbox/sub
                S: a1 OK {}
                C: a2 LIST "" "INBOX*"
                S: * LIST (\\HasChildren) "/" "INBOX"
                S: * LIST (\\HasNoChildren) "/" "INBOX/sub"
                S: a2 OK {}
                C: a3 CREATE Receipts (USE (\\Sent))
                S: a3 NO [USEATTR] {}
                C: a4 LIST "" Receipts
                S: a4 OK {}
                """);
    }

    @Test
    void deleteRemovesTheFolderButNotItsChildrenNorInbox() throws Exception {
        play(login("bob"), """
                C: a1 CREATE old/keep
                S: a1 OK {}
                C: a2 DELETE old
                S: a2 OK {}
                # RFC 3501 6.3.4's example: "*" lists only the child, "%" the level as \\Noselect
                C: a3 LIST "" "old*"
                S: * LIST (\\HasNoChildren) "/" "old/keep"
                S: a3 OK {}
                C: a31 LIST "" "o%"
                S: * LIST (\\Noselect \\HasChildren) "/" "old"
                S: a31 OK {}
                C: a33 LIST "" "old" RETURN (CHILDREN)
                S: * LIST (\\NonExistent \\HasChildren) "/" "old"
                S: a33 OK {}
                C: a4 DELETE old
                S: a4 NO [NONEXISTENT] {}
                C: a5 DELETE INBOX
                S: a5 NO {}
                C: a6 DELETE nosuch
                S: a6 NO [NONEXISTENT] {}
                C: a7 DELETE old/keep
                S: a7 OK {}
                C: a8 LIST "" "old*"
                S: a8 OK {}
                """);
    }

    @Test
    void deletingTheSelectedMailboxDeselectsIt() throws Exception {
        ImapLineClient c = login("bob");
        play(c, """
                C: a1 CREATE scratch
                S: a1 OK {}
                C: a2 APPEND scratch {7+}
                C: Hi: x
                C:
                S: a2 OK [APPENDUID {} 1] {}
                C: a3 SELECT scratch
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 1 EXISTS
                S: * 1 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 2] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a3 OK [READ-WRITE] {}
                C: a4 DELETE scratch
                S: a4 OK {}
                C: a5 FETCH 1 UID
                S: a5 BAD {}
                C: a6 STATUS scratch (MESSAGES)
                S: a6 NO [NONEXISTENT] {}
                """);
    }

    @Test
    void renameMovesChildrenMessagesAndSubscriptions() throws Exception {
        play(login("bob"), """
                C: a1 CREATE work/old
                S: a1 OK {}
                C: a2 APPEND work/old {7+}
                C: Hi: x
                C:
                S: a2 OK [APPENDUID {} 1] {}
                C: a3 SUBSCRIBE work
                S: a3 OK {}
                C: a31 SUBSCRIBE work/old
                S: a31 OK {}
                C: a4 RENAME work archive2025/work
                S: a4 OK {}
                C: a5 LIST "" "*work*"
                S: * LIST (\\HasChildren) "/" "archive2025/work"
                S: * LIST (\\HasNoChildren) "/" "archive2025/work/old"
                S: a5 OK {}
                C: a6 LIST "" "archive2025"
                S: * LIST (\\HasChildren) "/" "archive2025"
                S: a6 OK {}
                C: a7 STATUS archive2025/work/old (MESSAGES)
                S: * STATUS archive2025/work/old (MESSAGES 1)
                S: a7 OK {}
                C: a8 LSUB "" "*work*"
                S: * LSUB () "/" "archive2025/work"
                S: * LSUB () "/" "archive2025/work/old"
                S: a8 OK {}
                C: a9 RENAME nosuch newparent/other
                S: a9 NO [NONEXISTENT] {}
                C: a91 LIST "" "newparent*"
                S: a91 OK {}
                C: b1 RENAME archive2025/work Sent
                S: b1 NO [ALREADYEXISTS] {}
                C: b2 RENAME Sent INBOX
                S: b2 NO {}
                """);
    }

    @Test
    void renameIntoItsOwnChild() throws Exception {
        play(login("bob"), """
                C: a1 CREATE box/inner
                S: a1 OK {}
                C: a2 RENAME box box/sub
                S: a2 OK {}
                C: a3 LIST "" "box*"
                S: * LIST (\\HasChildren) "/" "box/sub"
                S: * LIST (\\HasNoChildren) "/" "box/sub/inner"
                S: a3 OK {}
                C: a4 RENAME box/sub box/sub/inner
                S: a4 NO [ALREADYEXISTS] {}
                """);
    }

    @Test
    void subscriptionsNeedNotExistAndListExtendedShowsThem() throws Exception {
        play(login("bob"), """
                C: a1 SUBSCRIBE ghost
                S: a1 OK {}
                C: a2 CREATE real
                S: a2 OK {}
                C: a3 SUBSCRIBE real
                S: a3 OK {}
                C: a4 LSUB "" "*"
                S: * LSUB () "/" "Archive"
                S: * LSUB () "/" "Drafts"
                S: * LSUB () "/" "Junk"
                S: * LSUB () "/" "Sent"
                S: * LSUB () "/" "Trash"
                S: * LSUB (\\Noselect) "/" "ghost"
                S: * LSUB () "/" "real"
                S: a4 OK {}
                C: a5 LIST (SUBSCRIBED) "" "*"
                S: * LIST (\\Subscribed \\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\Subscribed \\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\Subscribed \\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\Subscribed \\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\Subscribed \\HasNoChildren \\Trash) "/" "Trash"
                S: * LIST (\\NonExistent \\Subscribed \\HasNoChildren) "/" "ghost"
                S: * LIST (\\Subscribed \\HasNoChildren) "/" "real"
                S: a5 OK {}
                C: a6 UNSUBSCRIBE ghost
                S: a6 OK {}
                C: a7 UNSUBSCRIBE real
                S: a7 OK {}
                C: a8 LIST "" "*" RETURN (SUBSCRIBED)
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * LIST (\\Subscribed \\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\Subscribed \\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\Subscribed \\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\Subscribed \\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\Subscribed \\HasNoChildren \\Trash) "/" "Trash"
                S: * LIST (\\HasNoChildren) "/" "real"
                S: a8 OK {}
                """);
    }

    @Test
    void statusAndListStatus() throws Exception {
        deliverMany("bob", 3);
        byte[] one = crlf(message("m1", "body 1"));
        ImapLineClient c = login("bob");
        play(c, """
                C: a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN SIZE)
                S: * STATUS INBOX (MESSAGES 3 RECENT 3 UIDNEXT 4 UNSEEN 3 SIZE %d)
                S: a1 OK {}
                C: a2 STATUS INBOX (UIDVALIDITY)
                S: * STATUS INBOX (UIDVALIDITY {})
                S: a2 OK {}
                C: a3 SELECT INBOX
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 1] {}
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 4] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a3 OK [READ-WRITE] {}
                C: a4 STORE 1 +FLAGS.SILENT (\\Seen)
                S: a4 OK {}
                C: a5 STATUS INBOX (UNSEEN MESSAGES)
                S: * STATUS INBOX (UNSEEN 2 MESSAGES 3)
                S: a5 OK {}
                C: a6 LIST "" "INBOX" RETURN (STATUS (MESSAGES UNSEEN))
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * STATUS INBOX (MESSAGES 3 UNSEEN 2)
                S: a6 OK {}
                C: a7 LIST "" "%%" RETURN (STATUS (MESSAGES))
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * STATUS INBOX (MESSAGES 3)
                S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
                S: * STATUS Archive (MESSAGES 0)
                S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
                S: * STATUS Drafts (MESSAGES 0)
                S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
                S: * STATUS Junk (MESSAGES 0)
                S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
                S: * STATUS Sent (MESSAGES 0)
                S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
                S: * STATUS Trash (MESSAGES 0)
                S: a7 OK {}
                C: a8 STATUS nosuch (MESSAGES)
                S: a8 NO [NONEXISTENT] {}
                C: a9 STATUS INBOX (BOGUS)
                S: a9 BAD {}
                """.formatted(3 * one.length));
    }

    @Test
    void mailboxCommandsNeedLogin() throws Exception {
        play(connect(), """
                C: a1 LIST "" "*"
                S: a1 BAD {}
                C: a2 CREATE x
                S: a2 BAD {}
                C: a3 STATUS INBOX (MESSAGES)
                S: a3 BAD {}
                C: a4 SUBSCRIBE INBOX
                S: a4 BAD {}
                """);
    }
}
