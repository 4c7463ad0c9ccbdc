package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SEARCHRES (RFC 5182): SEARCH RETURN (SAVE) and "$" in later commands. */
class ImapSearchResTest extends ImapServerTestBase {

    @Test
    void savedResultIsUsedByLaterCommands() throws Exception {
        for (int i = 1; i <= 4; i++) {
            deliver("alice", "Subject: m" + i + (i % 2 == 0 ? " even" : "") + "\r\n\r\nbody\r\n");
        }
        ImapLineClient c = select("alice", "INBOX");
        List<String> saved = c.command("a", "UID SEARCH RETURN (SAVE) SUBJECT even");
        assertEquals(1, saved.size(), "SAVE alone answers no ESEARCH: " + saved);
        assertTrue(saved.get(0).startsWith("a OK"), saved.toString());

        List<String> fetched = c.command("b", "FETCH $ (UID)");
        assertEquals(List.of("* 2 FETCH (UID 2)", "* 4 FETCH (UID 4)"), fetched.subList(0, 2));

        assertEquals("* SEARCH 2 4", c.command("c", "SEARCH UID $").get(0));
        assertEquals("* SEARCH 1 3", c.command("d", "SEARCH NOT $").get(0));

        List<String> min = c.command("e", "SEARCH RETURN (SAVE MIN) SUBJECT m");
        assertEquals("* ESEARCH (TAG \"e\") MIN 1", min.get(0));
        assertEquals("* 1 FETCH (UID 1)", c.command("f", "FETCH $ (UID)").get(0));

        c.command("g", "STORE $ +FLAGS (\\Deleted)");
        c.command("h", "EXPUNGE");
        List<String> gone = c.command("i", "FETCH $ (UID)");
        assertEquals(1, gone.size(), "an expunged saved message is simply gone: " + gone);

        c.command("s", "SELECT INBOX");
        assertEquals(1, c.command("j", "FETCH $ (UID)").size(), "SELECT resets the saved result");
    }
}
