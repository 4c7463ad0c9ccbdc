package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IMAP4rev2 (RFC 9051) after ENABLE: UTF-8 mailbox names, no \Recent, ESEARCH for every SEARCH. */
class ImapRev2Test extends ImapServerTestBase {

    @Test
    void enabledSessionSpeaksRev2() throws Exception {
        deliver("alice", "Subject: one\r\n\r\nbody\r\n");
        ImapLineClient c = login("alice");
        assertTrue(c.command("c", "CAPABILITY").get(0).contains(" IMAP4rev2 "));
        assertEquals("* ENABLED IMAP4REV2", c.command("e", "ENABLE IMAP4rev2").get(0));

        List<String> created = c.command("m", "CREATE \"Entwürfe/2026\"");
        assertTrue(created.get(created.size() - 1).startsWith("m OK"), created.toString());
        assertTrue(Files.isDirectory(server.maildir("alice").resolve(".Entw&APw-rfe.2026")),
                "stored in modified UTF-7 as Dovecot stores it");
        List<String> listed = c.command("l", "LIST \"\" \"Entw*\"");
        assertTrue(listed.stream().anyMatch(l -> l.contains("Entwürfe/2026")), listed.toString());
        assertTrue(listed.stream().noneMatch(l -> l.contains("&APw-")), listed.toString());
        List<String> status = c.command("t", "STATUS \"Entwürfe/2026\" (MESSAGES)");
        assertTrue(status.get(0).contains("Entwürfe/2026") && status.get(0).endsWith("(MESSAGES 0)"), status.toString());

        List<String> selected = c.command("s", "SELECT INBOX");
        assertTrue(selected.stream().noneMatch(l -> l.endsWith(" RECENT") || l.contains("[UNSEEN ")), selected.toString());
        assertTrue(selected.contains("* LIST () \"/\" INBOX"), selected.toString());
        assertFalse(c.command("f", "FETCH 1 (FLAGS)").get(0).contains("\\Recent"));
        assertEquals("* ESEARCH (TAG \"q\") ALL 1", c.command("q", "SEARCH ALL").get(0));
        assertEquals("* ESEARCH (TAG \"r\") UID", c.command("r", "UID SEARCH SUBJECT nothing-like-it").get(0));
    }

    @Test
    void rev1SessionKeepsModifiedUtf7AndRecent() throws Exception {
        deliver("alice", "Subject: one\r\n\r\nbody\r\n");
        ImapLineClient c = login("alice");
        c.command("m", "CREATE Entw&APw-rfe");
        assertTrue(c.command("l", "LIST \"\" Entw*").get(0).contains("Entw&APw-rfe"));
        List<String> selected = c.command("s", "SELECT INBOX");
        assertTrue(selected.contains("* 1 RECENT"), selected.toString());
        assertEquals("* SEARCH 1", c.command("q", "SEARCH ALL").get(0));
    }
}
