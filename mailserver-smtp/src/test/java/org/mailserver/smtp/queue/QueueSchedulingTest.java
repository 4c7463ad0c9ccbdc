package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.envelope;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.smtp.client.ClientTimeouts;
import org.mailserver.smtp.client.ScriptedServer;

/** Connection reuse (RSET between messages) and the per-destination connection limit. */
class QueueSchedulingTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    ScriptedServer remote;

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        remote = new ScriptedServer("220 mx ESMTP", line -> {
            if (line.startsWith("MAIL")) {
                sleep(); // keeps connections open long enough to overlap
            }
            return line.startsWith("EHLO") ? "250 mx" : line.startsWith("DATA") ? "354 go"
                    : line.startsWith("QUIT") ? "221 bye" : "250 ok";
        }, "250 queued");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        remote.close();
    }

    private QueueConfig config(int perDestination) throws Exception {
        return new QueueConfig(h.queueDir(), "mx.example.test", QueueHarness.fast(),
                QueueHarness.map("remote.test smtp:[127.0.0.1]:" + remote.port()),
                ClientTimeouts.all(Duration.ofSeconds(5)), 8, perDestination, 1 << 20, true);
    }

    /** Enqueues {@code n} messages before the scheduler runs, so one tick sees them all. */
    private void enqueueOffline(QueueConfig c, int n) throws Exception {
        QueueManager offline = new QueueManager(c, h.resolver, h.store, h.directory);
        Files.createDirectories(h.queueDir().resolve("tmp"));
        for (int i = 0; i < n; i++) {
            offline.enqueue(envelope("alice@example.test", "r" + i + "@remote.test"), new byte[0],
                    text(message("m" + i)));
        }
        offline.stop();
    }

    private long count(String prefix) {
        synchronized (remote.lines) {
            return remote.lines.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    @Test
    void oneConnectionCarriesSeveralMessagesWithRsetBetween() throws Exception {
        QueueConfig c = config(1);
        enqueueOffline(c, 3);
        QueueManager q = h.start(c);
        await("all sent", () -> q.messages().isEmpty());
        assertEquals(3, count("DATA"));
        assertEquals(1, remote.connections.get());
        assertEquals(2, count("RSET"));
        assertEquals(1, count("QUIT"));
    }

    @Test
    void connectionsPerDestinationAreLimited() throws Exception {
        QueueConfig c = config(2);
        enqueueOffline(c, 6);
        QueueManager q = h.start(c);
        await("all sent", () -> q.messages().isEmpty());
        assertEquals(6, count("DATA"));
        assertTrue(remote.maxConcurrent.get() <= 2, "at most 2 at once, saw " + remote.maxConcurrent.get());
        assertEquals(2, remote.maxConcurrent.get(), "both slots used");
    }
}
