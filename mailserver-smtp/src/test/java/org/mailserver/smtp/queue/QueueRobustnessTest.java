package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.envelope;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.User;
import org.mailserver.smtp.client.ClientTimeouts;
import org.mailserver.smtp.client.ScriptedServer;

/** Crashes, races with the operator, loops and shutdown: what the happy-path tests do not reach. */
class QueueRobustnessTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    ScriptedServer remote;

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        remote = new ScriptedServer("220 mx.remote.test ESMTP", line -> {
            String verb = line.split(" ")[0].toUpperCase();
            return switch (verb) {
                case "EHLO" -> "250 mx.remote.test";
                case "RCPT" -> line.contains("nobody@") ? "550 5.1.1 no such user here" : "250 2.1.5 ok";
                case "DATA" -> "354 go";
                case "QUIT" -> "221 bye";
                default -> "250 2.0.0 ok";
            };
        }, "250 2.0.0 queued");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        remote.close();
    }

    private QueueConfig remoteConfig() throws Exception {
        return h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + remote.port()), QueueHarness.fast());
    }

    private List<Path> inbox(String local) {
        try {
            return h.inbox("example.test", local);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static QueuedMessage onDisk(String id, String sender, QueuedRecipient r) {
        return new QueuedMessage(id, System.currentTimeMillis(), sender, Optional.empty(),
                QueueEnvelope.Ret.UNSPECIFIED, false, false, 10, List.of(r));
    }

    @Test
    void lmtpRecipientAcceptedBeforeTheConnectionFailsIsNotSentAgain() throws Exception {
        // after the data the server answers for the first recipient only, then says nothing
        try (ScriptedServer lmtp = new ScriptedServer("220 lmtp.test LMTP", line -> line.startsWith("LHLO")
                ? "250 lmtp.test" : line.startsWith("DATA") ? "354 go" : line.startsWith("QUIT") ? "221 bye"
                : line.startsWith("RSET") || line.startsWith("MAIL") || line.startsWith("RCPT") ? "250 2.1.0 ok"
                : null, "250 2.0.0 first recipient delivered")) {
            QueueManager q = h.start(QueueConfig.of(h.queueDir(), "mx.example.test", QueueHarness.fast(),
                    QueueHarness.map("lists.test lmtp:[127.0.0.1]:" + lmtp.port()))
                    .withTimeouts(ClientTimeouts.all(Duration.ofMillis(700))));
            q.enqueue(envelope("alice@example.test", "a@lists.test", "b@lists.test"), new byte[0],
                    text(message("lmtp-partial")));
            await("the queue empty", () -> q.messages().isEmpty());
            synchronized (lmtp.lines) {
                assertEquals(1, lmtp.lines.stream().filter(l -> l.equals("RCPT TO:<a@lists.test>")).count(),
                        lmtp.lines.toString());
                assertTrue(lmtp.lines.stream().filter(l -> l.equals("RCPT TO:<b@lists.test>")).count() >= 2);
            }
        }
    }

    @Test
    void aReportQueuedBeforeACrashIsNotQueuedAgain() throws Exception {
        // a crash after the bounce was queued and before the original was removed
        QueueStore store = new QueueStore(h.queueDir());
        store.create();
        QueuedRecipient failed = new QueuedRecipient("nobody@remote.test", false, Set.of(), Optional.empty(),
                QueuedRecipient.State.BOUNCED, 1, 0, "550 5.1.1 no such user", "5.1.1", "mx.remote.test", "failed");
        store.writeContent("ORIG1", new byte[0], text(message("original")).open());
        store.writeEnvelope(onDisk("ORIG1", "alice@example.test", failed));
        QueuedRecipient alice = new QueuedRecipient("alice@example.test", true, Set.of(), Optional.empty(),
                QueuedRecipient.State.PENDING, 0, 0, "", "", "", "");
        store.writeContent(Bounces.reportId("ORIG1", true), new byte[0], text(message("the bounce")).open());
        store.writeEnvelope(onDisk(Bounces.reportId("ORIG1", true), "", alice));

        QueueManager q = h.start(remoteConfig());
        await("the queue empty", () -> q.messages().isEmpty());
        assertEquals(1, inbox("alice").size(), "one bounce, not two");
    }

    @Test
    void noReportToMailerDaemon() throws Exception {
        try (LogCapture log = new LogCapture()) {
            QueueManager q = h.start(remoteConfig());
            q.enqueue(envelope("MAILER-DAEMON@example.test", "nobody@remote.test"), new byte[0],
                    text(message("to-daemon")));
            await("the queue empty", () -> q.messages().isEmpty());
            assertEquals(1, log.lines("to=<nobody@remote.test>").size());
            assertEquals(List.of(), log.lines("to=<MAILER-DAEMON@example.test>"));
        }
    }

    @Test
    void localDomainRecipientGoesToTheMaildirNotToAnMxLookup() throws Exception {
        h.directory.add(QueueHarness.user("bob", "bob@example.test"));
        QueueManager q = h.start(remoteConfig().withLocalDomains(Set.of("Example.TEST")));
        // e.g. a forward to a local address: not marked local by whoever queued it
        q.enqueue(envelope("alice@example.test", "bob@example.test"), new byte[0], text(message("forwarded")));
        await("the queue empty", () -> q.messages().isEmpty());
        assertEquals(1, inbox("bob").size());
        assertEquals(0, inbox("alice").size(), "no bounce");
    }

    @Test
    void noReportToAnUnknownSenderOfALocalDomain() throws Exception {
        try (LogCapture log = new LogCapture()) {
            QueueManager q = h.start(remoteConfig().withLocalDomains(Set.of("example.test")));
            q.enqueue(envelope("ghost@example.test", "nobody@remote.test"), new byte[0], text(message("from-ghost")));
            await("the queue empty", () -> q.messages().isEmpty());
            assertEquals(1, log.lines("to=<nobody@remote.test>").size());
            assertEquals(List.of(), log.lines("to=<ghost@example.test>"), "no report was even tried");
        }
    }

    @Test
    void aDamagedEnvelopeNeitherBreaksTheListingNorTheStart() throws Exception {
        Files.createDirectories(h.queueDir().resolve("tmp"));
        Files.writeString(h.queueDir().resolve("BAD.env"), "version=1\nid=\\u12zz\n");
        Files.writeString(h.queueDir().resolve("BAD.msg"), "x");
        assertEquals(List.of(), assertDoesNotThrow(() -> new QueueAdmin(h.queueDir()).list()));
        QueueManager q = assertDoesNotThrow(() -> h.start(remoteConfig()));
        q.enqueue(envelope("alice@example.test", "c@remote.test"), new byte[0], text(message("after")));
        await("the good one sent", () -> q.messages().isEmpty());
    }

    @Test
    void envelopeLeftByADeleteRacingAStateWriteIsForgotten() throws Exception {
        int closed = QueueHarness.freePort();
        QueueManager q = h.start(h.config(QueueHarness.map("down.test smtp:[127.0.0.1]:" + closed),
                QueueHarness.fast()));
        String id = q.enqueue(envelope("alice@example.test", "x@down.test"), new byte[0], text(message("zombie")));
        QueueAdmin admin = new QueueAdmin(h.queueDir());
        await("an attempt", () -> QueueRelayTest.attempts(admin, id) >= 1);
        // QueueAdmin.delete removed both files, then a state write put the envelope back
        Files.delete(h.queueDir().resolve(id + ".msg"));
        await("forgotten", () -> q.messages().isEmpty());
        await("and its envelope gone", () -> !Files.exists(h.queueDir().resolve(id + ".env")));
    }

    @Test
    void anEnvelopeWithoutContentIsRemovedAtStart() throws Exception {
        QueueStore store = new QueueStore(h.queueDir());
        store.create();
        store.writeEnvelope(onDisk("GONE", "alice@example.test", new QueuedRecipient("x@remote.test", false,
                Set.of(), Optional.empty(), QueuedRecipient.State.PENDING, 0, 0, "", "", "", "")));
        h.start(remoteConfig());
        assertFalse(Files.exists(h.queueDir().resolve("GONE.env")));
    }

    @Test
    void stopEndsADeliveryThatOutlastsTheGracePeriod() throws Exception {
        try (ScriptedServer silent = new ScriptedServer("220 slow.test ESMTP", line -> line.startsWith("EHLO")
                ? "250 slow.test" : null, "250 ok")) {
            QueueManager q = new QueueManager(QueueConfig.of(h.queueDir(), "mx.example.test", QueueHarness.fast(),
                    QueueHarness.map("slow.test smtp:[127.0.0.1]:" + silent.port()))
                    .withTimeouts(ClientTimeouts.all(Duration.ofSeconds(60))), h.resolver, h.store, h.directory);
            q.start();
            q.enqueue(envelope("alice@example.test", "x@slow.test"), new byte[0], text(message("slow")));
            await("the MAIL command waiting for its reply", () -> silent.lines.stream().anyMatch(l -> l.startsWith("MAIL")));
            long t0 = System.nanoTime();
            q.stop(Duration.ofMillis(300));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "stop is bounded");
            await("the connection closed", () -> silent.openConnections() == 0);
        }
    }

    @Test
    void slowLocalDeliveriesLeaveThreadsForTheNextHops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Directory slow = new Directory() { // an LDAP server that stopped answering, for some addresses
            @Override
            public Optional<User> findByAddress(String address) {
                if (address.startsWith("slow")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return h.directory.findByAddress(address);
            }

            @Override
            public Optional<User> findByLogin(String login) {
                return findByAddress(login);
            }

            @Override
            public AuthResult authenticate(String login, char[] password) {
                return new AuthResult.BadCredentials();
            }

            @Override
            public void close() {
            }
        };
        QueueConfig c = new QueueConfig(h.queueDir(), "mx.example.test", QueueHarness.fast(),
                QueueHarness.map("remote.test smtp:[127.0.0.1]:" + remote.port()),
                ClientTimeouts.all(Duration.ofSeconds(5)), 8, 2, 1 << 20, true);
        QueueManager offline = new QueueManager(c, h.resolver, h.store, h.directory);
        Files.createDirectories(h.queueDir().resolve("tmp"));
        for (int i = 0; i < 8; i++) { // one tick sees them all
            offline.enqueue(new QueueEnvelope(null, "alice@example.test", List.of(new QueueEnvelope.Recipient(
                    "slow" + i + "@example.test", true, Set.of(), Optional.empty())), Optional.empty(),
                    QueueEnvelope.Ret.UNSPECIFIED, false, false), new byte[0], text(message("local-" + i)));
        }
        offline.stop();
        QueueManager q = new QueueManager(c, h.resolver, h.store, slow);
        h.queue = q;
        q.start();
        try {
            q.enqueue(envelope("alice@example.test", "x@remote.test"), new byte[0], text(message("remote")));
            await("the remote message sent while local copies hang",
                    () -> remote.lines.contains("RCPT TO:<x@remote.test>"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aQueueIdInUseByAnEnqueueUnderWayIsNeverHandedOutTwice() throws Exception {
        QueueManager q = new QueueManager(remoteConfig(), h.resolver, h.store, h.directory);
        Files.createDirectories(h.queueDir().resolve("tmp"));
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        MessageSource blocking = new MessageSource() {
            @Override
            public long size() {
                return 4;
            }

            @Override
            public java.io.InputStream open() throws IOException {
                opened.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return new java.io.ByteArrayInputStream("A\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        };
        QueueEnvelope env = new QueueEnvelope("SAMEID", "alice@example.test", List.of(new QueueEnvelope.Recipient(
                "x@remote.test", false, Set.of(), Optional.empty())), Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED,
                false, false);
        java.util.concurrent.CompletableFuture<String> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return q.enqueue(env, new byte[0], blocking);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(opened.await(10, TimeUnit.SECONDS));
        String second = q.enqueue(env, new byte[0], text("B\r\n\r\n"));
        String third = q.enqueue(env, new byte[0], text("C\r\n\r\n"));
        go.countDown();
        String one = first.get(10, TimeUnit.SECONDS);
        q.stop();
        assertEquals("SAMEID", one);
        assertEquals(3, Set.of(one, second, third).size(), one + " " + second + " " + third);
        assertEquals("C\r\n\r\n", Files.readString(h.queueDir().resolve(third + ".msg")));
    }
}
