package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailserver.core.directory.AccountStatus;

/**
 * Transcript tests over a real socket, with an in-memory directory and INBOX: what a client sends,
 * what the server answers, line by line.
 */
class Pop3SessionTest {
    static final String M1 = "Subject: one\r\nFrom: a@remote.test\r\n\r\nfirst body\r\n.dotted line\r\nlast\r\n";
    static final String M2 = "Subject: two\r\n\r\nsecond\r\n";

    private final FakeDirectory directory = new FakeDirectory()
            .add("alice", "alice-pw", AccountStatus.ACTIVE)
            .add("nick", "nick-pw", AccountStatus.NOACCESS);
    private final FakeStore store = new FakeStore();
    private Pop3TestServer server;
    private long uid1;

    @BeforeEach
    void start() throws Exception {
        uid1 = store.inbox("alice").add(M1);
        store.inbox("alice").add(M2);
        server = new Pop3TestServer(directory, store);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private LineClient login() throws Exception {
        LineClient c = new LineClient(server.port());
        assertEquals("+OK pop.example.test POP3 server ready", c.line());
        assertEquals("+OK send PASS", c.cmd("USER alice"));
        assertEquals("+OK maildrop has 2 messages (" + (M1.length() + M2.length()) + " octets)", c.cmd("PASS alice-pw"));
        return c;
    }

    @Test
    void capabilitiesBeforeLogin() throws Exception {
        try (LineClient c = new LineClient(server.port())) {
            c.line();
            assertEquals("+OK capability list follows", c.cmd("CAPA"));
            assertEquals(List.of("TOP", "UIDL", "USER", "SASL PLAIN LOGIN", "RESP-CODES", "PIPELINING",
                    "AUTH-RESP-CODE", "IMPLEMENTATION mailserver"), c.body()); // no TLS context: no STLS
            assertEquals("-ERR command not valid in this state", c.cmd("STAT"));
            assertEquals("-ERR STLS not available", c.cmd("STLS"));
            assertEquals("-ERR USER first", c.cmd("PASS x"));
            assertEquals("+OK pop.example.test POP3 server signing off", c.cmd("QUIT"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void statListUidlRetrTop() throws Exception {
        try (LineClient c = login()) {
            assertEquals("+OK 2 " + (M1.length() + M2.length()), c.cmd("STAT"));
            assertEquals("+OK 2 messages (" + (M1.length() + M2.length()) + " octets)", c.cmd("LIST"));
            assertEquals(List.of("1 " + M1.length(), "2 " + M2.length()), c.body());
            assertEquals("+OK 2 " + M2.length(), c.cmd("LIST 2"));
            assertEquals("-ERR no such message", c.cmd("LIST 3"));
            assertEquals("-ERR no such message", c.cmd("RETR 0"));
            assertEquals("+OK unique-id listing follows", c.cmd("UIDL"));
            assertEquals(List.of("1 000000015f000000", "2 000000025f000000"), c.body());
            assertEquals("+OK 1 000000015f000000", c.cmd("UIDL 1"));
            assertEquals("+OK " + M1.length() + " octets", c.cmd("RETR 1"));
            assertEquals(List.of("Subject: one", "From: a@remote.test", "", "first body", ".dotted line", "last"), c.body());
            assertEquals("+OK top of message follows", c.cmd("TOP 1 0"));
            assertEquals(List.of("Subject: one", "From: a@remote.test", ""), c.body());
            assertEquals("+OK top of message follows", c.cmd("TOP 1 2"));
            assertEquals(List.of("Subject: one", "From: a@remote.test", "", "first body", ".dotted line"), c.body());
            assertEquals("+OK", c.cmd("NOOP"));
            assertEquals("-ERR command not valid in this state", c.cmd("USER bob"));
            assertEquals("-ERR command not valid in this state", c.cmd("STLS"));
            assertEquals("+OK pop.example.test POP3 server signing off (2 messages left)", c.cmd("QUIT"));
        }
        assertEquals(2, store.inbox("alice").size());
    }

    @Test
    void deleRsetAndCommitAtQuit() throws Exception {
        try (LineClient c = login()) {
            assertEquals("+OK message 1 deleted", c.cmd("DELE 1"));
            assertEquals("-ERR message 1 already deleted", c.cmd("DELE 1"));
            assertEquals("-ERR message 1 already deleted", c.cmd("RETR 1"));
            assertEquals("+OK 1 " + M2.length(), c.cmd("STAT"));
            assertEquals("+OK 1 messages (" + M2.length() + " octets)", c.cmd("LIST"));
            assertEquals(List.of("2 " + M2.length()), c.body());
            assertEquals("+OK maildrop has 2 messages (" + (M1.length() + M2.length()) + " octets)", c.cmd("RSET"));
            assertEquals("+OK message 2 deleted", c.cmd("DELE 2"));
            assertEquals(2, store.inbox("alice").size(), "DELE must only mark");
            assertEquals("+OK pop.example.test POP3 server signing off (1 messages left)", c.cmd("QUIT"));
        }
        assertEquals(1, store.inbox("alice").size());
        try (LineClient c = login2()) {
            assertEquals("+OK 1 000000015f000000", c.cmd("UIDL 1"));
        }
    }

    private LineClient login2() throws Exception {
        LineClient c = new LineClient(server.port());
        c.line();
        c.cmd("USER alice");
        assertTrue(c.cmd("PASS alice-pw").startsWith("+OK maildrop has 1 messages"));
        return c;
    }

    @Test
    void droppedConnectionDeletesNothingAndReleasesTheLock() throws Exception {
        LineClient c = login();
        assertEquals("+OK message 1 deleted", c.cmd("DELE 1"));
        c.close();
        for (int i = 0; i < 100 && server.protocol.locks().isLocked("uid=alice,ou=people,dc=example,dc=test"); i++) {
            Thread.sleep(20);
        }
        assertFalse(server.protocol.locks().isLocked("uid=alice,ou=people,dc=example,dc=test"));
        assertEquals(2, store.inbox("alice").size());
        login().close();
    }

    @Test
    void secondSessionOnOneMaildropIsInUse() throws Exception {
        try (LineClient first = login(); LineClient second = new LineClient(server.port())) {
            second.line();
            second.cmd("USER alice@example.test");
            assertEquals("-ERR [IN-USE] maildrop already locked by another session", second.cmd("PASS alice-pw"));
            first.cmd("QUIT");
            second.cmd("USER alice");
            assertTrue(second.cmd("PASS alice-pw").startsWith("+OK maildrop has 2 messages"), "lock released at QUIT");
        }
    }

    @Test
    void vanishedFileIsAnErrorNotACrash() throws Exception {
        try (LineClient c = login()) {
            store.inbox("alice").vanish(uid1);
            assertEquals("-ERR message 1 is no longer available: removed by another program", c.cmd("RETR 1"));
            assertEquals("-ERR message 1 is no longer available: removed by another program", c.cmd("TOP 1 0"));
            assertEquals("+OK " + M2.length() + " octets", c.cmd("RETR 2"));
            c.body();
            assertEquals("+OK message 1 deleted", c.cmd("DELE 1"));
            assertTrue(c.cmd("QUIT").startsWith("+OK"), "expunging a file that is gone is not an error");
        }
    }

    @Test
    void failedExpungeIsReported() throws Exception {
        store.inbox("alice").expungeFailure = new java.io.IOException("disk on fire");
        try (LineClient c = login()) {
            c.cmd("DELE 1");
            assertEquals("-ERR [SYS/TEMP] some deleted messages not removed", c.cmd("QUIT"));
            assertTrue(c.closedByServer());
        }
        assertFalse(server.protocol.locks().isLocked("uid=alice,ou=people,dc=example,dc=test"));
    }
}
