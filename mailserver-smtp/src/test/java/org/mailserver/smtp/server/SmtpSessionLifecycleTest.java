package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.transport.ShutdownRequested;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/** How a session ends: shutdown and idle timeout in the middle of a transaction, and its log lines. */
class SmtpSessionLifecycleTest {
    @TempDir
    Path spool;
    final Fakes.FakeDirectory directory = new Fakes.FakeDirectory()
            .add(Fakes.user("bob", "bob@example.test", AccountStatus.ACTIVE, 0))
            .add(Fakes.user("erin", "erin@example.test", AccountStatus.ACTIVE, 0));
    final Fakes.FakeDelivery store = new Fakes.FakeDelivery();
    TestServer server;

    /** LMTP with a 16-octet memory threshold, so any real message has a spool file. */
    Client connect(Duration idle, SmtpHooks hooks) throws Exception {
        server = new TestServer(directory, store, new SmtpServerConfig(Dialect.LMTP, 1_000_000, 100, 10, spool, 16),
                idle, hooks);
        Client c = new Client(server.port());
        c.transcript("S: 220 mx.example.test LMTP ready");
        c.send("LHLO client.example\r\n");
        c.reply();
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Fires the daemon's shutdown event on the connection and waits until the session has seen it. */
    private void shutdown() throws Exception {
        Channel ch = server.children.get(0);
        ch.eventLoop().submit(() -> ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE)).get();
    }

    private long spoolFiles() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> s = Files.list(spool)) {
                if (s.findAny().isEmpty()) {
                    return 0;
                }
            }
            Thread.sleep(20);
        }
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        }
    }

    @Test
    void shutdownInDataLetsTheMessageFinishThenCloses() throws Exception {
        try (Client c = connect(Duration.ofMinutes(5), SmtpHooks.NONE)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: Subject: in flight", "C: ");
            shutdown();
            c.transcript("C: " + "body ".repeat(100), "C: .",
                    "S: 250 2.0.0 <bob@example.test> Ok: delivered as ...",
                    "S: 250 2.0.0 <erin@example.test> Ok: delivered as ...",
                    "S: 421 4.3.2 mx.example.test Service shutting down, closing");
            assertNull(c.readLine());
        }
        assertEquals(1, store.of("bob").size());
        assertEquals(1, store.of("erin").size());
        assertEquals(0, spoolFiles());
    }

    @Test
    void shutdownInDataClosesAfterARefusedMessageToo() throws Exception {
        try (Client c = connect(Duration.ofMinutes(5), SmtpHooks.NONE)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...");
            shutdown();
            // refused at once on the event loop (bare LF): the session must still close afterwards
            c.send("Subject: x\r\n\r\nbare\nline\r\n.\r\nNOOP\r\n");
            c.transcript("S: 550 5.6.0 ...", "S: 421 4.3.2 mx.example.test Service shutting down, closing");
            assertNull(c.readLine());
        }
        assertEquals(0, store.of("bob").size());
        assertEquals(0, spoolFiles());
    }

    @Test
    void idleTimeoutInDataClosesAndDeletesTheSpoolFile() throws Exception {
        try (Client c = connect(Duration.ofMillis(400), SmtpHooks.NONE)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: Subject: stalled", "C: ", "C: " + "x".repeat(500));
            c.transcript("S: 421 4.4.2 mx.example.test Error: timeout exceeded");
            assertNull(c.readLine());
        }
        assertEquals(0, store.of("bob").size());
        assertEquals(0, spoolFiles());
    }

    @Test
    void aFailedDeliveryStepIsLoggedOncePerRecipient() throws Exception {
        SmtpHooks broken = new SmtpHooks() {
            @Override
            public HookVerdict endOfData(SessionInfo session, MailPath from, MessageSource message) {
                throw new IllegalStateException("content scanner crashed");
            }
        };
        try (MailLogCapture log = new MailLogCapture(); Client c = connect(Duration.ofMinutes(5), broken)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...", "C: Subject: x", "C: ", "C: hello", "C: .",
                    "S: 451 4.3.0 ...", "S: 451 4.3.0 ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
            assertEquals(1, log.lines("from=<a@remote.test> to=<bob@example.test> size=21 result=deferred (451 4.3.0").size(),
                    () -> String.valueOf(log.lines("id=")));
            assertEquals(1, log.lines("to=<erin@example.test> size=21 result=deferred").size());
        }
        assertEquals(0, spoolFiles());
    }

    @Test
    void aFullPoolIsATemporaryErrorAndTheSessionGoesOn() throws Exception {
        try (MailLogCapture log = new MailLogCapture(); Client c = connect(Duration.ofMinutes(5), SmtpHooks.NONE)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...");
            server.executor.close(); // from now on every task is refused (RejectedExecutionException)
            c.transcript("C: Subject: x", "C: ", "C: " + "y".repeat(100), "C: .",
                    "S: 451 4.3.0 Local error in processing, try again later",
                    "C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 451 4.4.3 ...",
                    "C: NOOP", "S: 250 2.0.0 Ok");
            assertEquals(1, log.lines("to=<bob@example.test> size=116 result=deferred (451 4.3.0").size(),
                    () -> String.valueOf(log.lines("id=")));
        }
        assertEquals(0, store.of("bob").size());
        assertEquals(0, spoolFiles());
    }

    @Test
    void aConnectHookRefusalIsAValidGreeting() throws Exception {
        SmtpHooks hooks = new SmtpHooks() {
            @Override
            public HookVerdict connect(SessionInfo session) {
                throw new IllegalStateException("DNSBL lookup failed");
            }
        };
        server = new TestServer(directory, store, TestServer.lmtp(spool), Duration.ofMinutes(5), hooks);
        try (Client c = new Client(server.port())) {
            c.transcript("S: 421 4.3.0 Local error in processing, try again later"); // not 451: RFC 5321 4.3.2
            assertNull(c.readLine());
        }
    }

    @Test
    void after554GreetingOnlyQuitIsServed() throws Exception {
        SmtpHooks hooks = new SmtpHooks() {
            @Override
            public HookVerdict connect(SessionInfo session) {
                return new HookVerdict.Reject(Reply.of(554, new EnhancedStatus(5, 7, 1), "Listed at dnsbl.example"));
            }
        };
        server = new TestServer(directory, store, TestServer.lmtp(spool), Duration.ofMinutes(5), hooks);
        try (Client c = new Client(server.port())) {
            // RFC 5321 3.1: the server must wait for QUIT and should answer anything else with 503
            c.transcript("S: 554 5.7.1 Listed at dnsbl.example",
                    "C: LHLO client.example", "S: 503 5.5.1 Bad sequence of commands: service refused, send QUIT",
                    "C: MAIL FROM:<a@remote.test>", "S: 503 5.5.1 ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
            assertNull(c.readLine());
        }
    }

    @Test
    void refusedMessagesAreLoggedAsRefusedOrDeferredByTheirCode() throws Exception {
        try (MailLogCapture log = new MailLogCapture(); Client c = connect(Duration.ofMinutes(5), SmtpHooks.NONE)) {
            c.transcript("C: MAIL FROM:<a@remote.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 ...",
                    "C: DATA", "S: 354 ...");
            c.send("bare\nlf\r\n.\r\n");
            c.transcript("S: 550 5.6.0 ...");
            assertTrue(log.lines("to=<bob@example.test> size=9 result=refused (550 5.6.0").size() == 1,
                    () -> String.valueOf(log.lines("id=")));
        }
    }
}
