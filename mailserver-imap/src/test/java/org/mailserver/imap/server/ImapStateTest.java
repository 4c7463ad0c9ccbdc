package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection as a whole (RFC 3501 3, 5.4, 5.5, 6.1, 7.1.5, 11.1): commands in the wrong state,
 * bad syntax and unknown commands, the limit on bad commands, STARTTLS and what was pipelined after
 * it, LOGOUT, the autologout timer, and BYE at shutdown.
 */
class ImapStateTest extends ImapServerTestBase {

    @Test
    void commandsBeforeLogin() throws Exception {
        play(connect(), """
                C: a1 SELECT INBOX
                S: a1 BAD {}
                C: a2 FETCH 1 FLAGS
                S: a2 BAD {}
                C: a3 LIST "" "*"
                S: a3 BAD {}
                C: a4 IDLE
                S: a4 BAD {}
                C: a5 ENABLE CONDSTORE
                S: a5 BAD {}
                C: a6 NAMESPACE
                S: a6 BAD {}
                C: a7 NOOP
                S: a7 OK {}
                C: a8 ID NIL
                S: * ID ("name" "mailserver"{})
                S: a8 OK {}
                C: a9 LOGIN bob bob-Secret2
                S: a9 OK {}
                """);
    }

    @Test
    void commandsThatNeedASelectedMailboxOrNoLogin() throws Exception {
        play(login("bob"), """
                C: a1 FETCH 1 FLAGS
                S: a1 BAD {}
                C: a2 STORE 1 +FLAGS (\\Seen)
                S: a2 BAD {}
                C: a3 SEARCH ALL
                S: a3 BAD {}
                C: a4 EXPUNGE
                S: a4 BAD {}
                C: a5 CLOSE
                S: a5 BAD {}
                C: a6 COPY 1 Trash
                S: a6 BAD {}
                C: a7 UID MOVE 1 Trash
                S: a7 BAD {}
                C: a8 CHECK
                S: a8 BAD {}
                C: a9 LOGIN bob bob-Secret2
                S: a9 BAD {}
                C: b1 AUTHENTICATE PLAIN
                S: b1 BAD {}
                C: b2 STARTTLS
                S: b2 BAD {}
                C: b3 SELECT INBOX
                S: {}
                S: {}
                S: * 0 EXISTS
                S: {}
                S: {}
                S: {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: b3 OK [READ-WRITE] {}
                C: b4 LOGIN bob bob-Secret2
                S: b4 BAD {}
                C: b5 CHECK
                S: b5 OK {}
                """);
    }

    @Test
    void badSyntaxAndUnknownCommands() throws Exception {
        play(login("bob"), """
                C: a1 FROBNICATE
                S: a1 BAD {}
                C: a2 NOOP trailing garbage
                S: a2 BAD {}
                C: a3 SELECT
                S: a3 BAD {}
                C: a4 SELECT "INBOX
                S: a4 BAD {}
                C: a5
                S: {}BAD {}
                C:
                S: * BAD {}
                C: a7 LIST ""
                S: a7 BAD {}
                C: a8 UID FROB 1
                S: a8 BAD {}
                C: a9 NOOP
                S: a9 OK {}
                """);
    }

    @Test
    void tooManyBadCommandsEndTheConnection() throws Exception {
        ImapLineClient c = connect();
        for (int i = 1; i < ImapDispatcher.MAX_BAD_COMMANDS; i++) {
            Transcript.check(c.command("x" + i, "BOGUS"), "x" + i + " BAD {}");
        }
        play(c, """
                C: x20 BOGUS
                S: x20 BAD {}
                S: * BYE {}
                """);
        assertNull(c.line(), "closed after BYE");
    }

    @Test
    void startTlsDiscardsWhatWasPipelinedInPlaintext() throws Exception {
        ImapLineClient c = connect();
        // A man in the middle appends a LOGIN (or anything) to the client's STARTTLS in plaintext
        // (RFC 3501 11.1; CVE-2011-0411): it must not run after the handshake.
        c.write("a1 STARTTLS\r\na2 LOGIN bob bob-Secret2\r\na3 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
        play(c, """
                S: a1 OK {}
                """);
        c.startTls();
        List<String> caps = c.command("b1", "CAPABILITY");
        Transcript.check(caps, "* CAPABILITY IMAP4rev1 {}AUTH=PLAIN{}", "b1 OK {}");
        assertFalse(caps.get(0).contains("STARTTLS"), caps.toString());
        play(c, """
                C: b2 SELECT INBOX
                S: b2 BAD {}
                C: b3 STARTTLS
                S: b3 BAD {}
                C: b4 LOGIN bob bob-Secret2
                S: b4 OK [CAPABILITY {}] {}
                """);
    }

    @Test
    void startTlsDiscardsAHalfSentPipelinedLiteral() throws Exception {
        ImapLineClient c = connect();
        c.write("a1 STARTTLS\r\na2 LOGIN bob {11+}\r\nbob-".getBytes(StandardCharsets.US_ASCII));
        play(c, """
                S: a1 OK {}
                """);
        c.startTls();
        play(c, """
                C: b1 NOOP
                S: b1 OK {}
                C: b2 SELECT INBOX
                S: b2 BAD {}
                """);
    }

    @Test
    void logoutSaysByeThenOkThenCloses() throws Exception {
        ImapLineClient c = select("bob", "INBOX");
        play(c, """
                C: a1 LOGOUT
                S: * BYE {}
                S: a1 OK {}
                """);
        assertNull(c.line(), "the server closes the connection after LOGOUT");
        play(connect(), """
                C: b1 LOGOUT
                S: * BYE {}
                S: b1 OK {}
                """);
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        deliverMany("bob", 2);
        ImapLineClient c = login("bob");
        c.write(("p1 SELECT INBOX\r\np2 FETCH 1:2 UID\r\np3 STORE 1 +FLAGS.SILENT (\\Seen)\r\np4 FETCH 1 FLAGS\r\n"
                + "p5 NOOP\r\n").getBytes(StandardCharsets.US_ASCII));
        List<String> got = c.until("p5");
        List<String> tagged = got.stream().filter(l -> !l.startsWith("*")).toList();
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), tagged.stream().map(l -> l.split(" ")[0]).toList(), got.toString());
        assertTrue(got.contains("* 1 FETCH (FLAGS (\\Seen \\Recent))"), got.toString());
    }

    @Test
    void overLongLinesAndLiteralsAreRefusedAndTheConnectionGoesOn() throws Exception {
        ImapLineClient c = login("bob");
        play(c, """
                C: a1 LIST "" "%s"
                S: a1 BAD {}
                C: a2 NOOP
                S: a2 OK {}
                C: a3 CREATE {100000}
                S: a3 NO [TOOBIG] {}
                C: a4 NOOP
                S: a4 OK {}
                """.formatted("x".repeat(10_000)));
    }

    @Test
    void errorTextsNeverEndLikeALiteral() throws Exception {
        ImapLineClient c = login("bob");
        String msg = "Subject: x\r\n\r\nbody\r\n";
        // the bad date comes back quoted in the error; the line ended with the literal's {n}
        c.send("a1 APPEND INBOX \"31-Foo-2025 14:30:00 +0200\" {" + msg.length() + "}");
        assertTrue(c.rawLine().startsWith("+ "));
        c.send(msg);
        String answer = c.rawLine();
        assertTrue(answer.startsWith("a1 BAD ") && !answer.endsWith("}"), answer);
        c.send("a2 CREATE \"a//b{5}\"");
        answer = c.rawLine();
        assertTrue(answer.startsWith("a2 NO ") && !answer.endsWith("}"), answer);
        c.send("a3 SELECT \"x{3}\"");
        answer = c.rawLine();
        assertTrue(answer.startsWith("a3 NO ") && !answer.endsWith("}"), answer);
        play(c, """
                C: a4 NOOP
                S: a4 OK {}
                """);
    }

    @Test
    void idleConnectionsAreLoggedOut() throws Exception {
        ImapTestServer quick = closeLater(new ImapTestServer(tmp.resolve("quick"), Duration.ofMillis(1500),
                Duration.ofSeconds(10), 1024 * 1024));
        ImapLineClient c = closeLater(new ImapLineClient(quick.port()));
        c.timeout(5000);
        play(c, """
                S: * OK {}
                C: a1 LOGIN bob bob-Secret2
                S: a1 OK {}
                S: * BYE {}
                """);
        assertNull(c.line());
    }

    @Test
    void shutdownSaysByeToEverySession() throws Exception {
        ImapLineClient waiting = connect();
        ImapLineClient selected = select("bob", "INBOX");
        ImapLineClient idling = select("alice", "INBOX");
        play(idling, """
                C: i1 IDLE
                S: + {}
                """);
        server.requestShutdown();
        for (ImapLineClient c : List.of(waiting, selected, idling)) {
            play(c, """
                    S: * BYE {}
                    """);
            assertNull(c.line());
        }
    }

    @Test
    void shutdownDuringACommandLetsItFinishFirst() throws Exception {
        ImapLineClient c = connect();
        // A wrong password is answered after the login throttle's delay, which grows with each failure
        // (300 ms steps here); the session is busy until then, and the shutdown waits for the answer.
        play(c, """
                C: a1 LOGIN bob wrong-password
                S: a1 NO [AUTHENTICATIONFAILED] {}
                C: a2 LOGIN bob wrong-password
                S: a2 NO [AUTHENTICATIONFAILED] {}
                """);
        c.send("a3 LOGIN bob wrong-password"); // answered after 900 ms
        Thread.sleep(150);
        server.requestShutdown();
        play(c, """
                S: a3 NO [AUTHENTICATIONFAILED] {}
                S: * BYE {}
                """);
        assertNull(c.line());
    }

    @Test
    void shutdownDuringAuthenticateSaysBye() throws Exception {
        ImapLineClient c = connect();
        play(c, """
                C: a1 AUTHENTICATE PLAIN
                S: +{}
                """);
        server.requestShutdown();
        play(c, """
                S: * BYE {}
                """);
        assertNull(c.line());
    }
}
