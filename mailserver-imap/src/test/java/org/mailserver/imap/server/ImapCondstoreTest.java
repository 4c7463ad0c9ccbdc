package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CONDSTORE and QRESYNC (RFC 7162) over a real socket, against the Maildir store. */
class ImapCondstoreTest extends ImapServerTestBase {
    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");
    private static final Pattern HIGHEST = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]");

    private void three() throws Exception {
        for (int i = 1; i <= 3; i++) {
            deliver("alice", "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
    }

    private static long modSeq(String line) {
        Matcher m = MODSEQ.matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }

    private static String find(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + part + " in " + lines));
    }

    private static long highest(List<String> lines) {
        Matcher m = HIGHEST.matcher(find(lines, "HIGHESTMODSEQ"));
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    void condstoreReportsAndFiltersByModSeq() throws Exception {
        three();
        ImapLineClient c = login("alice");
        assertTrue(c.command("e", "CAPABILITY").get(0).contains(" CONDSTORE QRESYNC"));
        List<String> selected = c.command("s", "SELECT INBOX (CONDSTORE)");
        long start = highest(selected);
        List<String> fetched = c.command("f", "FETCH 1:* (FLAGS MODSEQ)");
        assertEquals(4, fetched.size(), fetched.toString());
        long m3 = modSeq(fetched.get(2));
        assertEquals(start, m3, "the last arrival is the highest change");

        List<String> stored = c.command("t", "STORE 2 +FLAGS.SILENT (\\Seen)");
        long m2 = modSeq(find(stored, "* 2 FETCH"));
        assertTrue(m2 > m3, "a flag change gets a new mod-sequence; .SILENT still reports it (3.1.3)");

        List<String> changed = c.command("c", "FETCH 1:* (FLAGS) (CHANGEDSINCE " + m3 + ")");
        assertEquals(2, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("* 2 FETCH (FLAGS (\\Seen \\Recent) MODSEQ (" + m2 + "))"), changed.get(0));

        List<String> conditional = c.command("u", "UID STORE 1:3 (UNCHANGEDSINCE " + m3 + ") +FLAGS (\\Flagged)");
        assertTrue(conditional.get(conditional.size() - 1).startsWith("u OK [MODIFIED 2] "), conditional.toString());

        List<String> search = c.command("q", "SEARCH MODSEQ " + (m2 + 1));
        assertTrue(search.get(0).matches("\\* SEARCH 1 3 \\(MODSEQ \\d+\\)"), search.get(0));

        List<String> status = c.command("st", "STATUS INBOX (HIGHESTMODSEQ MESSAGES)");
        assertTrue(status.get(0).matches("\\* STATUS INBOX \\(HIGHESTMODSEQ \\d+ MESSAGES 3\\)"), status.get(0));
    }

    @Test
    void qresyncCatchesUpWithVanishedAndChangedMessages() throws Exception {
        three();
        ImapLineClient a = login("alice");
        assertEquals("* ENABLED QRESYNC CONDSTORE", a.command("e", "ENABLE QRESYNC").get(0));
        List<String> selected = a.command("s", "SELECT INBOX");
        long validity = Long.parseLong(find(selected, "UIDVALIDITY").replaceAll("\\D+", " ").trim().split(" ")[0]);
        long since = highest(selected);
        a.command("x", "LOGOUT");

        // Meanwhile another client expunges UID 1 and flags UID 3.
        ImapLineClient b = select("alice", "INBOX");
        b.command("1", "UID STORE 1 +FLAGS (\\Deleted)");
        b.command("2", "UID STORE 3 +FLAGS (\\Flagged)");
        b.command("3", "EXPUNGE");

        ImapLineClient c = login("alice");
        c.command("e", "ENABLE QRESYNC");
        List<String> resync = c.command("s", "SELECT INBOX (QRESYNC (" + validity + " " + since + " 1:3))");
        assertTrue(resync.contains("* VANISHED (EARLIER) 1"), resync.toString());
        String fetch = find(resync, " FETCH ");
        assertTrue(fetch.matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)"), fetch);

        // An expunge while selected is told as VANISHED, not EXPUNGE (3.2.10).
        b.command("4", "UID STORE 2 +FLAGS (\\Deleted)");
        b.command("5", "EXPUNGE");
        List<String> noop = c.command("n", "NOOP");
        assertTrue(noop.contains("* VANISHED 2"), noop.toString());
        List<String> vanished = c.command("v", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + " VANISHED)");
        assertEquals("* VANISHED (EARLIER) 1:2", vanished.get(0), vanished.toString());
    }

    @Test
    void modSeqsSurviveARestart() throws Exception {
        three();
        ImapLineClient c = select("alice", "INBOX");
        c.command("t", "STORE 1 +FLAGS (\\Answered)");
        List<String> before = c.command("f", "FETCH 1:* (MODSEQ)");
        c.command("x", "LOGOUT");
        server.close();
        server = new ImapTestServer(tmp);
        ImapLineClient again = select("alice", "INBOX");
        assertEquals(before, again.command("f", "FETCH 1:* (MODSEQ)"));
    }

    @Test
    void qresyncParameterNeedsEnable() throws Exception {
        three();
        ImapLineClient c = login("alice");
        List<String> got = c.command("s", "SELECT INBOX (QRESYNC (1 1))");
        assertTrue(got.get(got.size() - 1).startsWith("s BAD "), got.toString());
    }
}
