package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.imap.grammar.SearchKey;
import org.mailserver.store.Flag;
import org.mailserver.store.MessageInfo;

/**
 * A 50 MB message, generated as it is read and never held in memory, is searched as a stream: a
 * body search reads it once to the end (or stops at the first hit), a header search reads a few
 * kilobytes, a 10 MB line without a line end is no problem, and the 20 MB attachment is skipped.
 * (Run with {@code -Xmx64m} it passes too: nothing keeps the message.)
 */
class LargeMessageSearchTest {

    private static final long MB = 1024 * 1024;

    /** The parts of the message: each a unit repeated. */
    private static List<Segment> message() {
        String qpLine = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod =C3=A4\r\n";
        byte[] attachmentBytes = Arrays.copyOf("NEEDLE-IN-ATTACHMENT needle-at-the-end ".getBytes(StandardCharsets.US_ASCII), 57);
        String base64Line = Base64.getEncoder().encodeToString(attachmentBytes) + "\r\n";
        return List.of(
                Segment.text("Subject: big one\r\nFrom: big@example.org\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                        + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"),
                new Segment(qpLine.getBytes(StandardCharsets.US_ASCII), 20 * MB / qpLine.length()),
                Segment.text("--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
                new Segment(base64Line.getBytes(StandardCharsets.US_ASCII), 20 * MB / base64Line.length()),
                Segment.text("--b\r\nContent-Type: text/plain\r\n\r\n"),
                new Segment(new byte[] {'x'}, 10 * MB),
                Segment.text(" needle-at-the-end\r\n--b--\r\n"));
    }

    private static TestSubject subject() {
        long size = 0;
        for (Segment s : message()) {
            size += s.unit.length * s.times;
        }
        MessageInfo info = new MessageInfo(1, "big", size, Instant.parse("2026-02-01T00:00:00Z"),
                EnumSet.noneOf(Flag.class), Set.of());
        return new TestSubject(1, info, 1, false, () -> new Generated(message()));
    }

    private final SearchEvaluator evaluator = new SearchEvaluator(ZoneOffset.UTC, Clock.systemUTC());

    @Test
    void isFiftyMegabytes() {
        assertTrue(subject().info().size() >= 50 * MB - 1024, "size " + subject().info().size());
    }

    @Test
    void bodySearchStreamsToTheEndOfTheLastPart() throws Exception {
        TestSubject big = subject();
        assertTrue(evaluator.matches(new SearchKey.Body("NEEDLE-AT-THE-END"), big, 1, 1));
        assertEquals(1, big.opens);
        assertEquals(big.info().size(), big.octetsRead);
    }

    @Test
    void theAttachmentIsNotSearched() throws Exception {
        TestSubject big = subject();
        assertFalse(evaluator.matches(new SearchKey.Body("needle-in-attachment"), big, 1, 1));
        assertEquals(big.info().size(), big.octetsRead);
    }

    @Test
    void aHitEndsTheReading() throws Exception {
        TestSubject big = subject();
        assertTrue(evaluator.matches(new SearchKey.Text("EIUSMOD Ä"), big, 1, 1));
        assertTrue(big.octetsRead < MB, "read " + big.octetsRead);
    }

    @Test
    void aHeaderSearchReadsOnlyTheHeader() throws Exception {
        TestSubject big = subject();
        assertTrue(evaluator.matches(new SearchKey.Header("MIME-Version", "1.0"), big, 1, 1));
        assertFalse(evaluator.matches(new SearchKey.Header("X-Mailer", ""), big, 1, 1));
        assertEquals(2, big.opens);
        assertEquals(2, big.closes);
        assertTrue(big.octetsRead < 64 * 1024, "read " + big.octetsRead);
    }

    @Test
    void anEnvelopeSearchDoesNotOpenIt() throws Exception {
        TestSubject big = subject();
        assertTrue(evaluator.matches(new SearchKey.Header("Subject", "BIG ONE"), big, 1, 1));
        assertFalse(evaluator.matches(new SearchKey.Header("From", "nobody"), big, 1, 1));
        assertEquals(0, big.opens);
    }

    /** A unit of octets, repeated. */
    private record Segment(byte[] unit, long times) {
        static Segment text(String text) {
            return new Segment(text.getBytes(StandardCharsets.US_ASCII), 1);
        }
    }

    /** The segments one after another, made as they are read. */
    private static final class Generated extends InputStream {
        private final List<Segment> segments;
        private int segment;
        private long repeat;
        private int offset;

        Generated(List<Segment> segments) {
            this.segments = segments;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len && segment < segments.size()) {
                Segment s = segments.get(segment);
                int chunk = Math.min(len - n, s.unit.length - offset);
                System.arraycopy(s.unit, offset, b, off + n, chunk);
                n += chunk;
                offset += chunk;
                if (offset == s.unit.length) {
                    offset = 0;
                    if (++repeat == s.times) {
                        repeat = 0;
                        segment++;
                    }
                }
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }
}
