package org.mailserver.core.filter.spamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.testing.FakeServer;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.core.testing.TestMessageSource;

/** SpamdFilter's verdicts against a scripted server; {@link SpamdDaemonTest} runs it against real spamd. */
class SpamdFilterTest {
    static final MessageSource MESSAGE = TestMessageSource.of("From: a@example.test\nSubject: hi\n\nhello\n");

    static SpamdFilter filter(int port, Duration timeout, boolean defer, long maxSize) {
        return new SpamdFilter(new SpamdConfig("127.0.0.1", port, 5.0, 10.0, maxSize, timeout, defer));
    }

    static FilterContext data(MessageSource m, String user) {
        return new FilterContext(InetAddress.getLoopbackAddress(), "client.example", user, "a@example.test", null,
                List.of("b@example.test"), m, "QID1");
    }

    private static SpamdReply reply(double score, String... symbols) {
        return new SpamdReply(score >= 5, score, 5.0, List.of(symbols));
    }

    @Test
    void belowTagScoreGetsScoreAndStatusNo() {
        FilterVerdict v = SpamdFilter.verdict(reply(3.24, "MSGID_SHORT", "NO_RELAYS"), 5.0, 10.0);
        assertEquals(new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 3.2",
                "X-Spam-Status: No, score=3.2 required=5.0 tests=MSGID_SHORT,NO_RELAYS")), v);
    }

    @Test
    void atTagScoreIsFlagged() {
        FilterVerdict v = SpamdFilter.verdict(reply(5.0), 5.0, 10.0);
        assertEquals(new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 5.0",
                "X-Spam-Status: Yes, score=5.0 required=5.0", "X-Spam-Flag: YES")), v);
    }

    @Test
    void ourThresholdsDecideNotSpamds() {
        // spamd says spam (its threshold 5.0) but ours is higher: not flagged
        FilterVerdict v = SpamdFilter.verdict(new SpamdReply(true, 6.0, 5.0, List.of()), 8.0, 20.0);
        assertEquals(new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 6.0", "X-Spam-Status: No, score=6.0 required=8.0")), v);
    }

    @Test
    void atRejectScoreIsRefusedNamingThePolicy() {
        FilterVerdict v = SpamdFilter.verdict(reply(15.3, "GTUBE"), 5.0, 15.3);
        FilterVerdict.Reject r = assertInstanceOf(FilterVerdict.Reject.class, v);
        assertEquals(550, r.refusal().code());
        assertEquals("5.7.1", r.refusal().status());
        assertEquals("Message rejected as spam (policy spam, score 15.3)", r.refusal().text());
        assertEquals("spam", r.refusal().policy());
        assertTrue(r.refusal().rule().contains("GTUBE"), r.refusal().rule());
    }

    @Test
    void longTestListsAreCutToKeepTheLineShort() {
        String[] many = new String[200];
        java.util.Arrays.fill(many, "SOME_LONG_RULE_NAME");
        FilterVerdict.AddHeaders h = (FilterVerdict.AddHeaders) SpamdFilter.verdict(reply(1, many), 5.0, 10.0);
        assertTrue(h.lines().get(1).length() < 998 && h.lines().get(1).endsWith(",..."), h.lines().get(1));
    }

    @Test
    void sendsSpamc15WithContentLengthAndTheWholeMessage() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        try (FakeServer server = new FakeServer(s -> {
            request.complete(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)); // until shutdownOutput
            s.getOutputStream().write("SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: False ; 2.0 / 5.0\r\n\r\nRULE1"
                    .getBytes(StandardCharsets.US_ASCII));
        })) {
            FilterVerdict v = filter(server.port(), Duration.ofSeconds(10), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null));
            assertEquals(new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 2.0",
                    "X-Spam-Status: No, score=2.0 required=5.0 tests=RULE1")), v);
            assertEquals("SYMBOLS SPAMC/1.5\r\nContent-length: " + MESSAGE.size() + "\r\n\r\n"
                    + "From: a@example.test\r\nSubject: hi\r\n\r\nhello\r\n", request.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void authenticatedSessionsAndLargeMessagesAreNotScanned() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(s -> connected.countDown())) {
            SpamdFilter f = filter(server.port(), Duration.ofSeconds(5), true, MESSAGE.size() - 1);
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.DATA, data(MESSAGE, "alice")));
            assertEquals(FilterVerdict.CONTINUE, f.check(Stage.DATA, data(MESSAGE, null))); // one octet over
            assertEquals(1, connected.getCount(), "spamd was asked");
            // the same filter does scan (and here fails: no reply) a message at the limit
            SpamdFilter atLimit = filter(server.port(), Duration.ofSeconds(5), true, MESSAGE.size());
            assertInstanceOf(FilterVerdict.Defer.class, atLimit.check(Stage.DATA, data(MESSAGE, null)));
        }
    }

    @Test
    void unreachableDefersOrContinuesAsConfigured() throws Exception {
        int port = ScannerDaemon.freePort(); // nothing listens there
        FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class,
                filter(port, Duration.ofSeconds(5), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
        assertEquals(451, d.refusal().code());
        assertEquals("4.7.1", d.refusal().status());
        assertTrue(d.refusal().text().contains("(policy spam: scanner unavailable)"), d.refusal().text());
        assertEquals(FilterVerdict.CONTINUE, filter(port, Duration.ofSeconds(5), false, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
    }

    @Test
    void silentServerDefersWithinTheTimeout() throws Exception {
        try (FakeServer server = new FakeServer(s -> Thread.sleep(30_000))) {
            long t0 = System.nanoTime();
            FilterVerdict v = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> filter(server.port(), Duration.ofMillis(700), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertInstanceOf(FilterVerdict.Defer.class, v);
            assertTrue(ms >= 600 && ms < 3000, "took " + ms + " ms");
        }
    }

    @Test
    void serverThatNeverReadsCannotBlockTheWriteForever() throws Exception {
        // 64 MiB cannot fit in socket buffers: without the watchdog the write would block forever
        try (FakeServer server = new FakeServer(s -> Thread.sleep(30_000))) {
            FilterVerdict v = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> filter(server.port(), Duration.ofMillis(700), true, Long.MAX_VALUE)
                            .check(Stage.DATA, data(TestMessageSource.filler(64L << 20), null)));
            assertInstanceOf(FilterVerdict.Defer.class, v);
        }
    }

    @Test
    void garbageReplyDefers() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            drain(s);
            s.getOutputStream().write("SPAMD/1.0 76 Bad header line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class,
                    filter(server.port(), Duration.ofSeconds(5), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
            assertTrue(d.refusal().rule().contains("76"), d.refusal().rule());
        }
    }

    @Test
    void onlyAtData() throws Exception {
        assertEquals(java.util.Set.of(Stage.DATA), filter(1, Duration.ofSeconds(1), true, 1).stages());
        assertEquals(FilterVerdict.CONTINUE, filter(ScannerDaemon.freePort(), Duration.ofSeconds(1), true, 1 << 20)
                .check(Stage.RCPT, data(null, null)));
    }

    private static void drain(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        in.transferTo(new ByteArrayOutputStream());
    }
}
