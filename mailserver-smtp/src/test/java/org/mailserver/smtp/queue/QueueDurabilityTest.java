package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.envelope;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.smtp.client.ScriptedServer;

/** What is on disk survives a restart, and a recipient recorded as delivered is not sent again. */
class QueueDurabilityTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    ScriptedServer remote;

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        remote = new ScriptedServer("220 mx ESMTP", line -> line.startsWith("EHLO") ? "250 mx"
                : line.startsWith("DATA") ? "354 go" : line.startsWith("QUIT") ? "221 bye" : "250 ok", "250 queued");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        remote.close();
    }

    private long rcpts(String address) {
        synchronized (remote.lines) {
            return remote.lines.stream().filter(l -> l.equals("RCPT TO:<" + address + ">")).count();
        }
    }

    @Test
    void restartResumesAndDoesNotResendADeliveredRecipient() throws Exception {
        int closed = QueueHarness.freePort();
        RetryPolicy retry = new RetryPolicy(List.of(Duration.ofMillis(300)), Duration.ofDays(1));
        QueueManager first = h.start(h.config(QueueHarness.map("one.test smtp:[127.0.0.1]:" + remote.port(),
                "two.test smtp:[127.0.0.1]:" + closed), retry));
        String id = first.enqueue(envelope("alice@example.test", "a@one.test", "b@two.test"), new byte[0],
                text(message("restart")));
        QueueAdmin admin = new QueueAdmin(h.queueDir());
        await("a delivered and b deferred, on disk", () -> {
            List<QueueAdmin.Entry> l = QueueRelayTest.list(admin);
            return l.size() == 1 && l.get(0).recipients().get(0).state() == QueuedRecipient.State.DELIVERED
                    && l.get(0).recipients().get(1).attempts() >= 1;
        });
        first.stop();

        // a new instance on the same directory, now with a route for two.test
        h.start(h.config(QueueHarness.map("one.test smtp:[127.0.0.1]:" + remote.port(),
                "two.test smtp:[127.0.0.1]:" + remote.port()), retry));
        await("b delivered after the restart", () -> rcpts("b@two.test") == 1);
        await("the message left the queue", () -> h.queue.messages().isEmpty());
        assertEquals(1, rcpts("a@one.test"), "a was sent exactly once");
        assertFalse(Files.exists(h.queueDir().resolve(id + ".env")));
    }

    @Test
    void enqueuedButNeverStartedIsPickedUpByTheNextInstance() throws Exception {
        Path dir = h.queueDir();
        QueueManager offline = new QueueManager(h.config(TransportMap.empty(), QueueHarness.fast()), h.resolver,
                h.store, h.directory);
        Files.createDirectories(dir.resolve("tmp"));
        String id = offline.enqueue(envelope("alice@example.test", "c@one.test"), new byte[0], text(message("cold")));
        offline.stop(); // like a crash right after the 250: nothing was attempted
        // leftovers of an enqueue that never returned, and of a half-written temp file
        Files.writeString(dir.resolve("ORPHAN.msg"), "content without envelope");
        Files.writeString(dir.resolve("tmp").resolve("X.env.1.tmp"), "half");
        h.start(h.config(QueueHarness.map("one.test smtp:[127.0.0.1]:" + remote.port()), QueueHarness.fast()));
        await("delivered by the new instance", () -> rcpts("c@one.test") == 1);
        assertFalse(Files.exists(dir.resolve("ORPHAN.msg")));
        assertFalse(Files.exists(dir.resolve("tmp").resolve("X.env.1.tmp")));
        await("and left the queue", () -> !Files.exists(dir.resolve(id + ".msg")));
    }

    @Test
    void aRecipientNotedAsAcceptedByAKilledProcessIsNotSentAgain() throws Exception {
        Path dir = h.queueDir();
        QueueManager killed = new QueueManager(h.config(TransportMap.empty(), QueueHarness.fast()), h.resolver,
                h.store, h.directory);
        Files.createDirectories(dir.resolve("tmp"));
        String id = killed.enqueue(envelope("alice@example.test", "a@one.test", "b@one.test"), new byte[0],
                text(message("killed")));
        killed.stop();
        // what record() appends right after a's 250, before the envelope's rewrite that SIGKILL prevented;
        // and a line that does not parse, which is skipped
        Files.writeString(dir.resolve(id + ".sent"), "0 2.0.0 relayed mx.one.test 250 2.0.0 ok\nnot a line\n");
        Files.writeString(dir.resolve("GONE.sent"), "0 2.0.0 - - 250 ok\n");
        h.start(h.config(QueueHarness.map("one.test smtp:[127.0.0.1]:" + remote.port()), QueueHarness.fast()));
        await("b delivered by the new instance", () -> rcpts("b@one.test") == 1);
        await("and the message left the queue", () -> h.queue.messages().isEmpty());
        assertEquals(0, rcpts("a@one.test"), "a, accepted before the kill, is not sent again");
        assertFalse(Files.exists(dir.resolve(id + ".sent")));
        assertFalse(Files.exists(dir.resolve("GONE.sent")), "the rest of a removed message is cleaned up");
    }

    @Test
    void aDeliveryLeavesNoSentNote() throws Exception {
        h.start(h.config(QueueHarness.map("one.test smtp:[127.0.0.1]:" + remote.port()), QueueHarness.fast()));
        h.queue.enqueue(envelope("alice@example.test", "c@one.test"), new byte[0], text(message("noted")));
        await("delivered", () -> rcpts("c@one.test") == 1);
        await("and gone", () -> h.queue.messages().isEmpty());
        try (var files = Files.list(h.queueDir())) {
            assertEquals(List.of("tmp"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void envelopeRoundTripsEverythingItKeeps() throws Exception {
        QueuedRecipient r = new QueuedRecipient("jörg@beispiel.test", true,
                Set.of(QueueEnvelope.Notify.SUCCESS, QueueEnvelope.Notify.DELAY), Optional.of("utf-8;jörg@beispiel.test"),
                QueuedRecipient.State.PENDING, 3, 1234567L, "451 4.3.0 two\nlines = and # too", "4.3.0", "mx.test",
                "");
        QueuedMessage m = new QueuedMessage("ID1", 99L, "", Optional.of("env id"), QueueEnvelope.Ret.HDRS, true, true,
                4711L, List.of(r));
        QueuedMessage back = EnvelopeCodec.decode(new StringReader(new String(EnvelopeCodec.encode(m),
                StandardCharsets.UTF_8)));
        assertEquals(List.of(r), back.recipients());
        assertEquals("", back.sender);
        assertEquals(Optional.of("env id"), back.envid);
        assertEquals(QueueEnvelope.Ret.HDRS, back.ret);
        assertTrue(back.smtputf8 && back.eightBit);
        assertEquals(4711L, back.size);
        assertEquals(99L, back.arrival);
    }

    @Test
    void unknownEnvelopeVersionIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> EnvelopeCodec.decode(new StringReader("version=2\nid=X\n")));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void enqueueKeepsTheReceptionQueueIdAndMakesANewOneOnClash() throws Exception {
        QueueManager q = new QueueManager(h.config(TransportMap.empty(), QueueHarness.fast()), h.resolver, h.store,
                h.directory);
        Files.createDirectories(h.queueDir().resolve("tmp"));
        QueueEnvelope env = new QueueEnvelope("ABC123", "alice@example.test",
                List.of(new QueueEnvelope.Recipient("x@one.test", false, Set.of(), Optional.empty())),
                Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false);
        assertEquals("ABC123", q.enqueue(env, "P: 1\r\n".getBytes(StandardCharsets.US_ASCII), text("body\r\n")));
        String second = q.enqueue(env, new byte[0], text("body\r\n"));
        assertFalse(second.equals("ABC123"));
        assertEquals("P: 1\r\nbody\r\n", Files.readString(h.queueDir().resolve("ABC123.msg")));
        q.stop();
    }
}
