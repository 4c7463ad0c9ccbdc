package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.exec.BlockingExecutor;

/** Pipelining, big messages and back-pressure, idle timeout and shutdown, over a real socket. */
class Pop3LimitsTest {
    private final FakeDirectory directory = new FakeDirectory().add("alice", "pw", AccountStatus.ACTIVE);
    private final FakeStore store = new FakeStore();
    private Pop3TestServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private LineClient login() throws Exception {
        LineClient c = new LineClient(server.port());
        c.line();
        c.cmd("USER alice");
        assertTrue(c.cmd("PASS pw").startsWith("+OK maildrop"));
        return c;
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        store.inbox("alice").add("Subject: a\r\n\r\nbody\r\n");
        server = new Pop3TestServer(directory, store);
        try (LineClient c = new LineClient(server.port())) {
            c.line();
            c.raw("CAPA\r\nUSER alice\r\nPASS pw\r\nSTAT\r\nRETR 1\r\nBOGUS\r\nDELE 1\r\nQUIT\r\n");
            assertEquals("+OK capability list follows", c.line());
            assertTrue(c.body().contains("PIPELINING"));
            assertEquals("+OK send PASS", c.line());
            assertEquals("+OK maildrop has 1 messages (20 octets)", c.line());
            assertEquals("+OK 1 20", c.line());
            assertEquals("+OK 20 octets", c.line());
            assertEquals(List.of("Subject: a", "", "body"), c.body());
            assertEquals("-ERR unknown command", c.line());
            assertEquals("+OK message 1 deleted", c.line());
            assertEquals("+OK pop.example.test POP3 server signing off (0 messages left)", c.line());
            assertTrue(c.closedByServer());
        }
        assertEquals(0, store.inbox("alice").size());
    }

    @Test
    void bigMessageIsStreamedWithBackPressure() throws Exception {
        StringBuilder b = new StringBuilder("Subject: big\r\n\r\n");
        String line = ".a line that starts with a dot and is stuffed on the way out, 0123456789\r\n";
        while (b.length() < 16 * 1024 * 1024) {
            b.append(line);
        }
        String message = b.toString();
        store.inbox("alice").add(message);
        server = new Pop3TestServer(directory, store);
        try (LineClient c = login()) {
            c.send("RETR 1");
            Thread.sleep(1500); // a slow client: the server must wait, not buffer the message
            assertEquals("+OK " + message.length() + " octets", c.line());
            List<String> body = c.body();
            assertEquals(String.join("\r\n", body) + "\r\n", message);
            assertEquals("+OK", c.cmd("NOOP"));
        }
        System.out.println("max pending outbound bytes: " + server.maxPendingBytes.get());
        assertTrue(server.maxPendingBytes.get() < 1024 * 1024,
                "outbound buffer grew to " + server.maxPendingBytes.get() + " bytes");
    }

    @Test
    void idleClientIsLoggedOutAndNothingIsDeleted() throws Exception {
        store.inbox("alice").add("Subject: a\r\n\r\nbody\r\n");
        server = new Pop3TestServer(directory, store, null, false, Duration.ofMillis(400), new BlockingExecutor(2, 10));
        try (LineClient c = login()) {
            c.cmd("DELE 1");
            assertEquals("-ERR [SYS/TEMP] autologout: idle too long", c.line());
            assertTrue(c.closedByServer());
        }
        assertEquals(1, store.inbox("alice").size());
    }

    @Test
    void shutdownClosesSessionsBetweenCommandsWithoutDeleting() throws Exception {
        store.inbox("alice").add("Subject: a\r\n\r\nbody\r\n");
        server = new Pop3TestServer(directory, store);
        try (LineClient c = login()) {
            c.cmd("DELE 1");
            server.requestShutdown();
            assertTrue(c.closedByServer());
        }
        assertEquals(1, store.inbox("alice").size());
    }

    @Test
    void overLongLinesAreAnsweredAndTheSessionGoesOn() throws Exception {
        server = new Pop3TestServer(directory, store);
        try (LineClient c = new LineClient(server.port())) {
            c.line();
            assertEquals("-ERR line too long", c.cmd("USER " + "x".repeat(300)));
            assertEquals("+OK send PASS", c.cmd("USER alice"));
            for (int i = 2; i < Pop3Dispatcher.MAX_BAD_COMMANDS; i++) { // the long line was the first
                assertEquals("-ERR unknown command", c.cmd("HELO"));
            }
            assertEquals("-ERR unknown command; too many bad commands, closing", c.cmd("HELO"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void pipelinedCommandsWaitForAClientThatDoesNotReadItsAnswers() throws Exception {
        for (int i = 0; i < 200; i++) {
            store.inbox("alice").add("Subject: " + i + "\r\n\r\nbody\r\n");
        }
        server = new Pop3TestServer(directory, store);
        int commands = 5000; // about 20 MB of UIDL listings
        try (LineClient c = LineClient.smallReceiveBuffer(server.port())) {
            c.line();
            c.cmd("USER alice");
            assertTrue(c.cmd("PASS pw").startsWith("+OK maildrop"));
            Thread writer = new Thread(() -> {
                try {
                    c.raw("UIDL\r\n".repeat(commands));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            // The client reads nothing: the server must stop answering, not buffer. Wait until it
            // stops writing (fixed) or has buffered a megabyte (not fixed), whichever comes first.
            long seen = -1;
            for (int quiet = 0; quiet < 10 && server.maxPendingBytes.get() < 1024 * 1024; ) {
                Thread.sleep(100);
                long now = server.writes.get();
                quiet = now == seen ? quiet + 1 : 0;
                seen = now;
            }
            long pending = server.maxPendingBytes.get();
            for (int i = 0; i < commands; i++) {
                assertEquals("+OK unique-id listing follows", c.line());
                assertEquals(200, c.body().size());
            }
            writer.join(10_000);
            assertEquals("+OK", c.cmd("NOOP"));
            assertTrue(pending < 1024 * 1024, "outbound buffer grew to " + pending + " bytes");
        }
    }

    @Test
    void messageFileIsClosedOffTheEventLoopWhenTheClientGoesAway() throws Exception {
        String message = "Subject: big\r\n\r\n" + "0123456789abcdef".repeat(1024 * 1024) + "\r\n";
        store.inbox("alice").add(message);
        server = new Pop3TestServer(directory, store);
        try (LineClient c = LineClient.smallReceiveBuffer(server.port())) {
            c.line();
            c.cmd("USER alice");
            c.cmd("PASS pw");
            assertEquals("+OK " + message.length() + " octets", c.cmd("RETR 1"));
            c.line();
        }
        for (int i = 0; i < 200 && store.inbox("alice").closedBy.isEmpty(); i++) {
            Thread.sleep(20);
        }
        List<String> closedBy = store.inbox("alice").closedBy;
        assertFalse(closedBy.isEmpty(), "the message file was not closed");
        assertTrue(closedBy.stream().allMatch(t -> t.startsWith("blocking-")), "closed on " + closedBy);
    }

    @Test
    void sessionClosedDuringQuitKeepsTheLockUntilTheMessagesAreRemoved() throws Exception {
        String key = "uid=alice,ou=people,dc=example,dc=test";
        store.inbox("alice").add("Subject: a\r\n\r\nbody\r\n");
        java.util.concurrent.CountDownLatch slowDisk = new java.util.concurrent.CountDownLatch(1);
        store.inbox("alice").expungeGate = slowDisk;
        server = new Pop3TestServer(directory, store, null, false, Duration.ofMillis(400), new BlockingExecutor(2, 10));
        try {
            try (LineClient c = login()) {
                c.cmd("DELE 1");
                // The removal outlasts the idle timer: the connection goes, the UPDATE state goes on.
                assertEquals("-ERR [SYS/TEMP] autologout: idle too long", c.cmd("QUIT"));
                assertTrue(c.closedByServer());
            }
            assertTrue(server.protocol.locks().isLocked(key), "RFC 1939 6: locked until the messages are removed");
            try (LineClient second = new LineClient(server.port())) {
                second.line();
                second.cmd("USER alice");
                assertEquals("-ERR [IN-USE] maildrop already locked by another session", second.cmd("PASS pw"));
            }
        } finally {
            slowDisk.countDown();
        }
        for (int i = 0; i < 100 && server.protocol.locks().isLocked(key); i++) {
            Thread.sleep(20);
        }
        assertFalse(server.protocol.locks().isLocked(key));
        assertEquals(0, store.inbox("alice").size());
    }
}
