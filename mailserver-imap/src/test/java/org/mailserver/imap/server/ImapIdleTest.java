package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * IDLE (RFC 2177): {@code + idling}, then untagged updates as they happen, until DONE. Deliveries and
 * other sessions' changes are pushed at once (the checks allow one second); a file another program
 * drops into {@code new/} is found by the rescan every {@link #POLL}.
 */
class ImapIdleTest extends ImapServerTestBase {
    static final Duration POLL = Duration.ofMillis(300);

    @Override
    ImapTestServer newServer(Path root) throws Exception {
        return new ImapTestServer(root, Duration.ofMinutes(10), POLL, 1024 * 1024);
    }

    private static ImapLineClient within(ImapLineClient c, int millis) throws Exception {
        c.timeout(millis);
        return c;
    }

    @Test
    void idleUntilDone() throws Exception {
        deliverMany("bob", 1);
        play(select("bob", "INBOX"), """
                C: a1 IDLE
                S: + {}
                C: DONE
                S: a1 OK {}
                C: a2 IDLE
                S: + {}
                C: done
                S: a2 OK {}
                C: a3 FETCH 1 UID
                S: * 1 FETCH (UID 1)
                S: a3 OK {}
                """);
    }

    @Test
    void anythingButDoneEndsIdleWithBad() throws Exception {
        play(select("bob", "INBOX"), """
                C: a1 IDLE
                S: + {}
                C: a2 NOOP
                S: a1 BAD {}
                C: a3 NOOP
                S: a3 OK {}
                """);
    }

    @Test
    void idleWithoutASelectedMailbox() throws Exception {
        play(login("bob"), """
                C: a1 IDLE
                S: + {}
                C: DONE
                S: a1 OK {}
                """);
    }

    @Test
    void deliveryIsPushedWithinASecond() throws Exception {
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 IDLE
                S: + {}
                """);
        deliver("bob", message("pushed", "hello"));
        play(within(c, 1000), """
                S: * 1 EXISTS
                S: * 1 RECENT
                """);
        deliver("bob", message("pushed2", "hello"));
        play(c, """
                S: * 2 EXISTS
                S: * 2 RECENT
                C: DONE
                S: a1 OK {}
                C: a2 FETCH 1:2 (UID FLAGS)
                S: * 1 FETCH (UID 1 FLAGS (\\Recent))
                S: * 2 FETCH (UID 2 FLAGS (\\Recent))
                S: a2 OK {}
                """);
    }

    @Test
    void otherSessionsFlagChangesAndExpungesArePushed() throws Exception {
        deliverMany("bob", 3);
        ImapLineClient idler = select("bob", "INBOX");
        ImapLineClient other = select("bob", "INBOX");
        play(idler, """
                C: a1 IDLE
                S: + {}
                """);
        play(other, """
                C: b1 STORE 2 +FLAGS (\\Flagged)
                S: * 2 FETCH ({}FLAGS (\\Flagged){})
                S: b1 OK {}
                """);
        play(within(idler, 1000), """
                S: * 2 FETCH (FLAGS (\\Flagged \\Recent))
                """);
        play(other, """
                C: b2 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: b2 OK {}
                """);
        play(within(idler, 1000), """
                S: * 1 FETCH (FLAGS (\\Deleted \\Recent))
                """);
        play(other, """
                C: b3 EXPUNGE
                S: * 1 EXPUNGE
                S: b3 OK {}
                """);
        play(idler, """
                S: * 1 EXPUNGE
                """);
        play(idler, """
                C: DONE
                S: a1 OK {}
                C: a2 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 2 FLAGS (\\Flagged \\Recent))
                S: * 2 FETCH (UID 3 FLAGS (\\Recent))
                S: a2 OK {}
                """);
    }

    @Test
    void aFileDroppedIntoNewIsFoundWithinThePollInterval() throws Exception {
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 IDLE
                S: + {}
                """);
        drop("bob", "", message("dropped", "by procmail"));
        play(within(c, (int) POLL.toMillis() + 1000), """
                S: * 1 EXISTS
                S: * 1 RECENT
                C: DONE
                S: a1 OK {}
                C: a2 FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject)]
                S: * 1 FETCH (BODY[HEADER.FIELDS (Subject)] {20}\r\nSubject: dropped\r\n\r\n)
                S: a2 OK {}
                """);
    }

    @Test
    void changesBeforeIdleArePushedWhenItStarts() throws Exception {
        ImapLineClient c = select("bob", "INBOX");
        deliver("bob", message("early", "before idle"));
        play(within(c, 1000), """
                C: a1 IDLE
                S: + {}
                S: * 1 EXISTS
                S: * 1 RECENT
                C: DONE
                S: a1 OK {}
                """);
    }

    @Test
    void doneRightAfterAChangeStillEndsCleanly() throws Exception {
        ImapLineClient c = select("bob", "INBOX");
        for (int i = 0; i < 5; i++) {
            c.send("i" + i + " IDLE");
            c.line(); // + idling
            deliver("bob", message("race" + i, "x"));
            c.send("DONE");
            java.util.List<String> got = c.until("i" + i);
            Transcript.check(got.subList(got.size() - 1, got.size()), "i" + i + " OK {}");
        }
        java.util.List<String> rest = c.command("z1", "NOOP");
        Transcript.check(rest.subList(rest.size() - 1, rest.size()), "z1 OK {}");
        play(c, """
                C: z2 FETCH 5 UID
                S: * 5 FETCH (UID 5)
                S: z2 OK {}
                """);
    }

    @Test
    void doneAndTheNextCommandInOneWrite() throws Exception {
        deliverMany("bob", 1);
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 IDLE
                S: + {}
                """);
        c.write("DONE\r\na2 FETCH 1 UID\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        play(c, """
                S: a1 OK {}
                S: * 1 FETCH (UID 1)
                S: a2 OK {}
                """);
    }

    @Test
    void aConnectionClosedDuringIdleLeavesNoPollBehind() throws Exception {
        ImapLineClient warm = select("alice", "INBOX"); // stays open, with its idle timer
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 IDLE
                S: + {}
                """);
        int during = server.scheduledTasks(); // two idle timers and the IDLE poll
        c.close();
        long deadline = System.nanoTime() + 2_000_000_000L;
        int after;
        while ((after = server.scheduledTasks()) > during - 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(during - 2, after, "the closed connection's idle timer and IDLE poll are gone");
        play(warm, """
                C: w1 NOOP
                S: w1 OK {}
                """);
    }
}
