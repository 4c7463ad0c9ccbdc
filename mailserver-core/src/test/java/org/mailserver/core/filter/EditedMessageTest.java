package org.mailserver.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.testing.TestMessageSource;

/** Header edits applied while streaming: exactly the named fields change, every other octet is the source's. */
class EditedMessageTest {
    private static final String MESSAGE = """
            Received: from a.test by b.test; Mon, 7 Dec 2026 10:00:00 +0000
            X-Originating-IP: [10.1.2.3]
            Subject: a subject that goes on
             \tfolded over two continuation lines
              with odd white space
            Received: from c.test by b.test; Mon, 7 Dec 2026 09:59:00 +0000
            X-Originating-IP: [10.1.2.3]
            From: a@c.test

            X-Originating-IP: [10.1.2.3]
            a body line that looks like a header stays
            """;

    private static HeaderEdit delete(String field) {
        return new HeaderEdit(HeaderEdit.Kind.DELETE, field, null);
    }

    /** The edited octets, read in pieces of {@code chunk} (1: one octet at a time). */
    private static String read(MessageSource m, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = m.open()) {
            byte[] b = new byte[chunk];
            for (int n; (n = in.read(b, 0, chunk)) >= 0; ) {
                out.write(b, 0, n);
            }
        }
        assertEquals(out.size(), m.size(), "size() is the octets read");
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String crlf(String s) {
        return s.replace("\n", "\r\n");
    }

    private static void edits(String expected, String message, HeaderEdit... edits) throws IOException {
        MessageSource m = EditedMessage.of(TestMessageSource.of(message), List.of(edits));
        for (int chunk : new int[] {1, 7, 8192}) {
            assertEquals(crlf(expected), read(m, chunk), "read " + chunk + " at a time");
        }
    }

    @Test
    void ignoreDeletesEveryFieldSoNamedWithItsFoldedLinesAndNothingElse() throws Exception {
        edits(MESSAGE.replace("X-Originating-IP: [10.1.2.3]\nSubject", "Subject")
                        .replace("X-Originating-IP: [10.1.2.3]\nFrom", "From"),
                MESSAGE, delete("X-Originating-IP: [10.1.2.3]"));
        edits(MESSAGE.replace("Subject: a subject that goes on\n \tfolded over two continuation lines\n"
                        + "  with odd white space\n", ""),
                MESSAGE, delete("Subject: a subject that goes on \tfolded over two continuation lines  with odd white space"));
    }

    @Test
    void aFieldThatDiffersInOneOctetIsLeftAlone() throws Exception {
        edits(MESSAGE, MESSAGE, delete("X-Originating-IP: [10.1.2.4]"), delete("Subject: a subject that goes on"));
    }

    @Test
    void prependInsertsAboveAndReplaceTakesThePlace() throws Exception {
        edits(MESSAGE.replace("From: a@c.test", "X-Checked: yes\nFrom: someone <a@c.test>"), MESSAGE,
                new HeaderEdit(HeaderEdit.Kind.PREPEND, "From: a@c.test", "X-Checked: yes"),
                new HeaderEdit(HeaderEdit.Kind.REPLACE, "From: a@c.test", "From: someone <a@c.test>"));
        edits(MESSAGE.replace("From: a@c.test\n", "X-Checked: yes\n"), MESSAGE,
                new HeaderEdit(HeaderEdit.Kind.PREPEND, "From: a@c.test", "X-Checked: yes"), delete("From: a@c.test"));
    }

    @Test
    void noEditsIsTheSourceItself() throws Exception {
        MessageSource m = TestMessageSource.of(MESSAGE);
        assertSame(m, EditedMessage.of(m, List.of()));
    }

    @Test
    void aHeaderWithoutBodyOrFinalLineBreakIsEditedToo() throws Exception {
        edits("A: 1\n", "A: 1\nB: 2\n", delete("B: 2"));
        edits("A: 1\n", "A: 1\nB: 2", delete("B: 2"));
        edits("", "B: 2\n", delete("B: 2"));
        edits("\nB: 2\n", "\nB: 2\n", delete("B: 2")); // no header at all: the body is not touched
    }

    @Test
    void anOverlongFieldPassesThroughUnchangedAndTheNextIsStillEdited() throws Exception {
        String longLine = "X-Long: " + "y".repeat(HeaderEdit.FIELD_LIMIT + 10);
        String folded = "X-Folded: " + ("z".repeat(900) + "\n ").repeat(80) + "end";
        String message = longLine + "\n" + folded + "\nB: 2\nC: 3\n\nbody\n";
        edits(longLine + "\n" + folded + "\nC: 3\n\nbody\n", message, delete("B: 2"));
    }

    @Test
    void lfOnlyLinesAreEditedByTheSameRules() throws Exception {
        byte[] b = "A: 1\nB: 2\n x\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        MessageSource lf = new MessageSource() {
            public long size() {
                return b.length;
            }

            public InputStream open() {
                return new ByteArrayInputStream(b);
            }
        };
        assertEquals("A: 1\n\nbody\n", read(EditedMessage.of(lf, List.of(delete("B: 2 x"))), 3));
    }

    @Test
    void aLargeBodyIsStreamedNotHeld() throws Exception {
        MessageSource big = new MessageSource() {
            final MessageSource filler = TestMessageSource.filler(50L << 20);

            public long size() {
                return 12 + filler.size();
            }

            public InputStream open() throws IOException {
                return new java.io.SequenceInputStream(new ByteArrayInputStream(
                        "A: 1\r\nB: 2\r\n".getBytes(StandardCharsets.US_ASCII)), filler.open());
            }
        };
        // the filler has no empty line: to the editor all its lines are header fields, each read,
        // compared and handed on, one at a time
        MessageSource m = EditedMessage.of(big, List.of(delete("A: 1")));
        assertEquals(big.size() - 6, m.size());
        long n = 0;
        try (InputStream in = m.open()) {
            byte[] buf = new byte[65536];
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        }
        assertEquals(m.size(), n);
    }
}
