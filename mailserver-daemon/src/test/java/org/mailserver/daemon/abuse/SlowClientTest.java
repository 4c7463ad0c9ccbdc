package org.mailserver.daemon.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.daemon.abuse.Abuse.MB;
import static org.mailserver.daemon.abuse.Abuse.filler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.daemon.TestDaemon;

/**
 * Issue 7, "slow clients are timed out per the RFCs and do not starve others": clients that trickle
 * a command one byte at a time and never end it, that announce a huge literal and go quiet, and
 * that stop reading in the middle of a large FETCH or RETR (half-open), while a normal client is
 * served. The idle timeouts are 2 s here (minutes in production: RFC 5321 4.5.3.2.7, RFC 3501 5.4,
 * RFC 1939 3); the timers and the code paths are the same.
 */
class SlowClientTest {
    static final long TIMEOUT_MS = 2000;

    @TempDir
    static Path dir;
    static TestDaemon daemon;
    static int smtp;
    static int lmtp;
    static int imap;
    static int pop3;

    @BeforeAll
    static void start() throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        smtp = Abuse.freePort();
        lmtp = Abuse.freePort();
        imap = Abuse.freePort();
        pop3 = Abuse.freePort();
        daemon = TestDaemon.start(List.of("server.hostname=mx.example.test", "domains=example.test",
                "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif, "smtp.listen=127.0.0.1:" + smtp,
                "lmtp.listen=127.0.0.1:" + lmtp, "imap.listen=127.0.0.1:" + imap, "pop3.listen=127.0.0.1:" + pop3,
                "submission.listen=", "submissions.listen=", "imaps.listen=", "pop3s.listen=",
                "smtp.idle_timeout=2s", "imap.idle_timeout=2s", "pop3.idle_timeout=2s",
                "limits.connections_per_address=200", "auth.failure_delay=10ms"));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aCommandTrickledOneByteAtATimeIsCutAfterTheIdleTimeout() throws Exception {
        List<CompletableFuture<String>> slow = List.of(
                trickle(smtp, "421 4.4.2 "), trickle(imap, "* BYE "), trickle(pop3, "-ERR "));
        // meanwhile, a normal client on each protocol is served at once
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            try (Raw c = Abuse.smtp(smtp, "EHLO")) {
                c.send("NOOP\r\n");
                assertTrue(c.reply().startsWith("250 "));
            }
            try (Raw c = Abuse.imap(imap, "bob")) {
                c.send("n NOOP\r\n");
                assertTrue(c.until("n ").get(0).startsWith("n OK"));
            }
            try (Raw c = new Raw(pop3)) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("CAPA\r\n");
                assertTrue(c.line().startsWith("+OK"));
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "served promptly");
            Thread.sleep(500);
        }
        for (CompletableFuture<String> f : slow) {
            assertNull(f.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * One octet every 250 ms, never a line end, for as long as the server lets it: null when the
     * server answered {@code expect} and closed between one and three timeouts after the greeting.
     */
    private static CompletableFuture<String> trickle(int port, String expect) {
        return CompletableFuture.supplyAsync(() -> {
            try (Raw c = new Raw(port)) {
                long t0 = System.nanoTime();
                c.line(); // greeting
                c.timeout(1);
                List<String> got = new ArrayList<>();
                for (int i = 0; System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(5 * TIMEOUT_MS); i++) {
                    try {
                        c.send(new byte[] {(byte) ('a' + i % 26)});
                    } catch (IOException closed) {
                        break;
                    }
                    try {
                        String l = c.line();
                        if (l == null) {
                            break;
                        }
                        got.add(l);
                    } catch (SocketTimeoutException quiet) {
                        Thread.sleep(250);
                    }
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                boolean answered = got.stream().anyMatch(l -> l.startsWith(expect));
                if (!answered || ms < TIMEOUT_MS || ms > 3 * TIMEOUT_MS) {
                    return "port " + port + ": after " + ms + " ms, " + got;
                }
                return null;
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    @Test
    void messageDataTrickledOneByteAtATimeIsNotCut() throws Exception {
        // RFC 5321 4.5.3.2.5: the DATA timeout is per block received, not for the whole message
        try (Raw c = Abuse.smtp(smtp, "EHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<erin@example.test>\r\nDATA\r\n");
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("354 "));
            c.send("Subject: slow\r\n\r\n");
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(2 * TIMEOUT_MS)) {
                c.send("x");
                Thread.sleep(250);
            }
            c.send("\r\n.\r\n");
            assertTrue(c.reply().startsWith("250 "));
        }
    }

    @Test
    void aSkippedLiteralIsNoActivity() throws Exception {
        // {n+} over the limit: its octets are read and dropped (RFC 7888 4); a client that stops
        // sending them is timed out like any other, and the 10 GB are never awaited
        try (Raw c = Abuse.imap(imap, "bob")) {
            c.send("a APPEND INBOX {10737418240+}\r\n");
            c.send(filler(MB, 'x'));
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < 20; i++) {
                    c.send("x");
                    Thread.sleep(250);
                }
            } catch (IOException reset) {
                // cut while the octets were still coming
            }
            List<String> rest = new ArrayList<>();
            for (String l = c.line(); l != null; l = c.line()) {
                rest.add(l);
            }
            assertTrue(rest.stream().anyMatch(l -> l.startsWith("* BYE")), rest.toString());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 2 * TIMEOUT_MS, "cut after " + ms + " ms");
        }
    }

    @Test
    void clientsThatStopReadingABigFetchOrRetrHoldBoundedMemoryAndAreCut() throws Exception {
        String body = "x".repeat(998) + "\r\n";
        try (Raw c = Abuse.smtp(lmtp, "LHLO")) {
            c.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("250 "));
            assertTrue(c.reply().startsWith("354 "));
            c.send("Subject: big\r\n\r\n" + body.repeat(4 * MB / body.length()) + ".\r\n");
            assertTrue(c.reply().startsWith("250 "));
        }
        long before = Abuse.memoryInUse();
        List<Raw> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Raw c = new Raw(InetAddress.getLoopbackAddress(), imap, 4096);
                stalled.add(c);
                c.line();
                c.send("l LOGIN alice " + TestLdif.PASSWORDS.get("alice") + "\r\ns SELECT INBOX\r\nf FETCH 1 BODY[]\r\n");
                Raw p = new Raw(InetAddress.getLoopbackAddress(), pop3, 4096);
                stalled.add(p);
                p.send("USER alice\r\nPASS " + TestLdif.PASSWORDS.get("alice") + "\r\nRETR 1\r\n");
            }
            Thread.sleep(500);
            long held = Abuse.memoryInUse() - before;
            // 32 clients of a 4 MB message: 128 MB if the server wrote it all out into its buffers
            assertTrue(held < 48L * MB, "held " + held / MB + " MB");
            try (Raw c = Abuse.imap(imap, "alice")) { // another client is served meanwhile
                c.send("s SELECT INBOX\r\n");
                assertTrue(c.until("s ").stream().anyMatch(l -> l.startsWith("s OK")));
            }
            Thread.sleep(3 * TIMEOUT_MS);
            for (Raw c : stalled) {
                c.timeout(5000);
                long octets = c.drain();
                assertTrue(octets < 4L * MB, "cut before the whole message: " + octets);
            }
        } finally {
            for (Raw c : stalled) {
                c.close();
            }
        }
    }
}
