package org.mailserver.core.filter.clamd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.testing.FakeServer;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.core.testing.TestMessageSource;

/** ClamdFilter's verdicts against a scripted server; {@link ClamdDaemonTest} runs it against real clamd. */
class ClamdFilterTest {
    static final MessageSource MESSAGE = TestMessageSource.of("From: a@example.test\nSubject: hi\n\nhello\n");

    static ClamdFilter filter(int port, Duration timeout, boolean defer, long maxSize) {
        return new ClamdFilter(new ClamdConfig("127.0.0.1", port, maxSize, timeout, defer));
    }

    static FilterContext data(MessageSource m, String user) {
        return new FilterContext(InetAddress.getLoopbackAddress(), "client.example", user, "a@example.test", null,
                List.of("b@example.test"), m, "QID2");
    }

    /** Reads zINSTREAM's command and chunks; returns the chunk sizes and the data. */
    private static List<Integer> readInstream(Socket s, ByteArrayOutputStream data) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] cmd = new byte[10];
        in.readFully(cmd);
        assertEquals("zINSTREAM\0", new String(cmd, StandardCharsets.US_ASCII));
        List<Integer> sizes = new ArrayList<>();
        for (int n; (n = in.readInt()) != 0; ) {
            sizes.add(n);
            data.write(in.readNBytes(n));
        }
        return sizes;
    }

    private static FakeServer answering(String reply, CompletableFuture<byte[]> received, List<Integer> sizes) throws Exception {
        return new FakeServer(s -> {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            sizes.addAll(readInstream(s, data));
            received.complete(data.toByteArray());
            s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    void streamsTheMessageInChunksAndRejectsAVirus() throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        List<Integer> sizes = new ArrayList<>();
        MessageSource big = TestMessageSource.filler(200_000); // more than one 64 KiB chunk
        try (FakeServer server = answering("stream: Eicar-Test-Signature FOUND\0", received, sizes)) {
            FilterVerdict v = filter(server.port(), Duration.ofSeconds(10), true, 1 << 20).check(Stage.DATA, data(big, null));
            FilterVerdict.Reject r = assertInstanceOf(FilterVerdict.Reject.class, v);
            assertEquals(554, r.refusal().code());
            assertEquals("5.7.1", r.refusal().status());
            assertEquals("Virus found: Eicar-Test-Signature (policy virus)", r.refusal().text());
            assertEquals("virus", r.refusal().policy());
            assertEquals("Eicar-Test-Signature", r.refusal().rule());
            assertArrayEquals(big.open().readAllBytes(), received.get(5, TimeUnit.SECONDS));
            assertEquals(List.of(65536, 65536, 65536, 200_000 - 3 * 65536), sizes);
        }
    }

    @Test
    void cleanContinuesForAuthenticatedSessionsToo() throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (FakeServer server = answering("stream: OK\0", received, new ArrayList<>())) {
            assertEquals(FilterVerdict.CONTINUE,
                    filter(server.port(), Duration.ofSeconds(10), true, 1 << 20).check(Stage.DATA, data(MESSAGE, "alice")));
            assertArrayEquals(MESSAGE.open().readAllBytes(), received.get(5, TimeUnit.SECONDS), "not scanned");
        }
    }

    @Test
    void clamdErrorDefersOrContinues() throws Exception {
        try (FakeServer server = answering("INSTREAM size limit exceeded. ERROR\0", new CompletableFuture<>(), new ArrayList<>())) {
            FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class,
                    filter(server.port(), Duration.ofSeconds(10), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
            assertEquals(451, d.refusal().code());
            assertEquals("Try again later (policy virus: scanner unavailable)", d.refusal().text());
            assertTrue(d.refusal().rule().contains("size limit"), d.refusal().rule());
            assertEquals(FilterVerdict.CONTINUE,
                    filter(server.port(), Duration.ofSeconds(10), false, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
        }
    }

    @Test
    void unreachableDefersOrContinues() throws Exception {
        int port = ScannerDaemon.freePort();
        assertInstanceOf(FilterVerdict.Defer.class, filter(port, Duration.ofSeconds(5), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
        assertEquals(FilterVerdict.CONTINUE, filter(port, Duration.ofSeconds(5), false, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
    }

    @Test
    void overMaxSizeIsNotScanned() throws Exception {
        int port = ScannerDaemon.freePort(); // a scan attempt would defer
        assertEquals(FilterVerdict.CONTINUE,
                filter(port, Duration.ofSeconds(5), true, MESSAGE.size() - 1).check(Stage.DATA, data(MESSAGE, null)));
        assertInstanceOf(FilterVerdict.Defer.class,
                filter(port, Duration.ofSeconds(5), true, MESSAGE.size()).check(Stage.DATA, data(MESSAGE, null)));
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
        try (FakeServer server = new FakeServer(s -> Thread.sleep(30_000))) {
            FilterVerdict v = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> filter(server.port(), Duration.ofMillis(700), true, Long.MAX_VALUE)
                            .check(Stage.DATA, data(TestMessageSource.filler(64L << 20), null)));
            FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class, v);
            assertTrue(d.refusal().rule().contains("700 ms"), d.refusal().rule());
        }
    }

    @Test
    void connectionDroppedWithoutReplyDefers() throws Exception {
        try (FakeServer server = new FakeServer(s -> readInstream(s, new ByteArrayOutputStream()))) {
            FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class,
                    filter(server.port(), Duration.ofSeconds(5), true, 1 << 20).check(Stage.DATA, data(MESSAGE, null)));
            assertTrue(d.refusal().rule().contains("unexpected reply (none)"), d.refusal().rule());
        }
    }
}
