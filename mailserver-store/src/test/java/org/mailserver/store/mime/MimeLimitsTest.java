package org.mailserver.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hostile input: deep nesting, huge lines, huge parts, many parts. None may fail or take unbounded memory. */
class MimeLimitsTest {

    @Test
    void multipartsNestedAThousandDeepAreCutAtAHundred() throws Exception {
        int depth = 1000;
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            m.writeBytes(("Content-Type: multipart/mixed; boundary=\"=_" + i + "_=\"\r\n\r\n--=_" + i + "_=\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        m.writeBytes("\r\ninnermost\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = depth - 1; i >= 0; i--) {
            m.writeBytes(("--=_" + i + "_=--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(m.toByteArray()));
        MimePart part = s.root();
        int levels = 0;
        while (part.isMultipart()) {
            assertEquals(1, part.children().size());
            part = part.children().get(0);
            levels++;
        }
        assertEquals(StructureParser.MAX_DEPTH, levels);
        assertEquals("text/plain", part.mimeType(), "deeper parts are opaque text");
        assertEquals(m.size(), s.root().end());
    }

    @Test
    void messagesNestedAThousandDeep() throws Exception {
        String header = "Subject: nested\r\nContent-Type: message/rfc822\r\n\r\n";
        byte[] m = (header.repeat(1000) + "body\r\n").getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(m));
        MimePart part = s.root();
        int levels = 0;
        while (part.isMessage()) {
            assertEquals("nested", part.envelope().subject());
            part = part.message();
            levels++;
        }
        assertEquals(StructureParser.MAX_DEPTH, levels);
        assertEquals(m.length - part.bodyStart(), part.bodySize());
    }

    @Test
    void aOneMegabyteHeaderLineIsCut() throws Exception {
        String subject = "x".repeat(1024 * 1024);
        byte[] m = ("Subject: " + subject + "\r\nTo: a@example.com\r\nX-Long: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(m));
        int kept = s.envelope().subject().length();
        assertTrue(kept <= PartHeader.MAX_VALUE && kept > PartHeader.MAX_VALUE - 20, "cut: " + kept);
        assertEquals("a@example.com", s.envelope().to().get(0).mailbox() + "@" + s.envelope().to().get(0).host());
        assertEquals("body\r\n", new String(m, (int) s.root().bodyStart(), (int) s.root().bodySize(),
                StandardCharsets.US_ASCII));
        assertTrue(s.estimatedBytes() < 100_000, "only the cut value is kept: " + s.estimatedBytes());
    }

    @Test
    void partsPastTheLimitAreLeftOut() throws Exception {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < StructureParser.MAX_PARTS + 500; i++) {
            m.append("--b\r\n\r\n").append(i).append("\r\n");
        }
        m.append("--b--\r\n");
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(m.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(StructureParser.MAX_PARTS - 1, s.root().children().size(), "the root counts as one");
        assertEquals(m.length(), s.root().end());
    }

    @Test
    void unterminatedQuotesCommentsAndGroupsDoNotFail() throws Exception {
        String m = "From: \"open quote <a@b>\r\nTo: (open comment a@b\r\nCc: g: a@b\r\nBcc: <a@b\r\n"
                + "Content-Type: text/plain; name=\"open\r\nContent-Disposition: ;;;\r\n\r\n";
        Envelope e = MessageStructure.parse(new ByteArrayInputStream(m.getBytes(StandardCharsets.US_ASCII))).envelope();
        assertEquals(List.of(EnvelopeAddress.groupStart("g"), new EnvelopeAddress(null, null, "a", "b"),
                EnvelopeAddress.groupEnd()), e.cc());
        assertEquals(List.of(new EnvelopeAddress(null, null, "a", "b")), e.bcc());
        assertFalse(e.from().isEmpty());
    }

    /**
     * A 50 MB message (a multipart whose attachment is one line without any line end, then a part of
     * ordinary base64 lines) parsed in a JVM of 32 MB heap: the parse must stream.
     */
    @Test
    void fiftyMegabytesParseInASmallHeap() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), LargeParse.class.getName())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("parts=3"), output);
    }

    /** Run in its own JVM by the test above. */
    public static final class LargeParse {
        public static void main(String[] args) throws Exception {
            long size = 25L * 1024 * 1024;
            InputStream head = new ByteArrayInputStream(("Subject: big\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
                    + "--z\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream middle = new ByteArrayInputStream("\r\n--z\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream tail = new ByteArrayInputStream("\r\n--z--\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream all = new SequenceInputStream(Collections.enumeration(List.of(head,
                    generated(size, 0), middle, generated(size, 76), tail)));
            MessageStructure s = MessageStructure.parse(all);
            MimePart one = s.root().children().get(0);
            MimePart two = s.root().children().get(1);
            if (one.bodySize() != size || two.bodySize() != size) {
                throw new AssertionError("sizes " + one.bodySize() + " " + two.bodySize());
            }
            System.out.println("parts=" + (1 + s.root().children().size()) + " lines=" + two.lines());
        }

        /** {@code size} octets of letters, with CRLF after every {@code lineLength} (0: one line). */
        private static InputStream generated(long size, int lineLength) {
            return new InputStream() {
                private long position;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position >= size) {
                        return -1;
                    }
                    int n = (int) Math.min(len, size - position);
                    for (int i = 0; i < n; i++) {
                        long p = position + i;
                        int column = lineLength == 0 ? 0 : (int) (p % (lineLength + 2));
                        b[off + i] = lineLength > 0 && column == lineLength ? (byte) '\r'
                                : lineLength > 0 && column == lineLength + 1 ? (byte) '\n' : (byte) ('A' + p % 26);
                    }
                    position += n;
                    return n;
                }
            };
        }
    }
}
